using System.Globalization;
using System.Text;
using DuckDB.NET.Data;
using Lianbo.Trade.Complexity;
using Lianbo.Trade.Dependencies;
using Lianbo.Trade.Queries;
using Lianbo.Trade.Store;

namespace Lianbo.Trade.Scenarios;

/// <summary>
/// Scenario engine 1: who loses which imports when exporters cut flows, how much other suppliers' spare capacity can
/// replace, and how the unmet rest cascades down a chain's stages. Flows are those of the stored year at 6 digits,
/// countries as the store names them (<c>country_codes</c> → ISO3), a country's trade with itself left out, as in
/// <see cref="DependencyQueries"/>. Every sum runs inside DuckDB; only the answer crosses into .NET.
/// The formulas (docs/methods-scenarios.md, "Engine 1 — product and chain exposure"), for flow e → j of product k with value x:
/// <list type="number">
/// <item><b>Lost</b>: c = the largest cut of the shocks whose exporters hold e, whose products cover k (empty: all) and
/// whose destinations take j (null: all; AllBut: all but those); lost = c·x. Taking the largest cut, never the sum,
/// keeps a flow's loss at most its value.</item>
/// <item><b>Replacement</b>: U_k = the exporters of k none of whose k flows is cut; s_ek = headroom · X_ek (X_ek = e's
/// exports of k to every other country); L_k = Σ lost of k, S_k = Σ_{e∈U_k} s_ek, r_k = min(1, S_k / L_k) (0 when
/// L_k = 0); replaced_jk = r_k · lost_jk, unmet_jk = lost_jk − replaced_jk; the added flow e → j is
/// replaced_jk · s_ek / S_k (proportional rationing; e = j allowed: an importer that exports k diverts some home).</item>
/// <item><b>Cascade</b>: d_js = Σ_{k∈s} unmet_jk / Σ_{k∈s} imports_jk (0 without imports or products);
/// E_js = 1 − (1 − d_js) · Π_{u→s} (1 − E_ju), in topological order of the chain's edges.</item>
/// </list>
/// </summary>
public sealed class ExposureEngine(TradeStore store)
{
    /// <summary>
    /// Runs <paramref name="shocks"/> on <paramref name="dataset"/>'s year and cascades the unmet losses down each of
    /// <paramref name="chains"/>. Refuses (<see cref="ArgumentException"/>) a cut outside (0, 1], a negative headroom,
    /// digits other than 2, 4 or 6, a negative flow limit, a chain edge naming an unknown stage or closing a cycle, and a
    /// dataset the store does not hold.
    /// </summary>
    public async Task<ExposureResult> RunAsync(
        DatasetInfo dataset, IReadOnlyList<ExposureShock> shocks, IReadOnlyList<ExposureChain> chains, ExposureOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(shocks);
        ArgumentNullException.ThrowIfNull(chains);
        ArgumentNullException.ThrowIfNull(options);
        Validate(shocks, chains, options);
        var orders = chains.Select(Order).ToList();

        await using var connection = store.Open();
        var table = await TradeStore.TableOfAsync(connection, dataset.Key, ct)
            ?? throw new ArgumentException(TradeText.Format("NoDataset", dataset.Key), nameof(dataset));
        var names = await PrepareAsync(connection, dataset, table, shocks, chains, options.Digits, options.Headroom, ct);
        var format = DependencyQueries.Format(options.Digits);
        var labels = new Dictionary<int, string>();
        string Label(int number) => labels.TryGetValue(number, out var label) ? label : labels[number] = number.ToString(format, CultureInfo.InvariantCulture);

        var products = new List<ProductExposure>();
        await Read(connection, ExposureSql.Products(ComplexityQueries.Scale(options.Digits)), r =>
            products.Add(new ProductExposure(names[r.GetInt64(0)], Label(r.GetInt32(1)), r.GetDouble(2), r.GetDouble(3), r.GetDouble(4), r.GetDouble(3) - r.GetDouble(4))), ct);
        products.Sort((a, b) => Compare(b.Lost, a.Lost, a.Importer, b.Importer, a.Product, b.Product));

        var importers = new List<ImporterExposure>();
        await Read(connection, ExposureSql.Importers(table), r =>
            importers.Add(new ImporterExposure(names[r.GetInt64(0)], r.GetDouble(1), r.GetDouble(2), r.GetDouble(3), r.GetDouble(2) - r.GetDouble(3))), ct, dataset.Key);
        importers.Sort((a, b) => Compare(b.Lost, a.Lost, a.Importer, b.Importer, "", ""));

        var flows = new List<FlowChange>();
        await Read(connection, ExposureSql.Flows(ComplexityQueries.Scale(options.Digits), options.FlowLimit), r =>
            flows.Add(new FlowChange(Label(r.GetInt32(0)), names[r.GetInt64(1)], names[r.GetInt64(2)], r.GetDouble(3), r.GetDouble(4), r.GetDouble(5))), ct);
        flows.Sort((a, b) =>
        {
            var order = string.CompareOrdinal(a.Product, b.Product);
            order = order != 0 ? order : b.Lost.CompareTo(a.Lost);
            order = order != 0 ? order : b.Added.CompareTo(a.Added);
            return order != 0 ? order : Compare(0, 0, a.Exporter, b.Exporter, a.Importer, b.Importer);
        });

        var direct = new Dictionary<(int Chain, int Stage, long Country), (double Imports, double Unmet)>();
        await Read(connection, ExposureSql.Stages, r => direct[(r.GetInt32(0), r.GetInt32(1), r.GetInt64(2))] = (r.GetDouble(3), r.GetDouble(4)), ct);
        var stages = Cascade(chains, orders, direct, names);

        double lost = 0, replaced = 0;
        await Read(connection, "SELECT coalesce(sum(lost), 0), coalesce(sum(replaced), 0) FROM hit", r => (lost, replaced) = (r.GetDouble(0), r.GetDouble(1)), ct);
        return new ExposureResult(dataset, options, lost, replaced, lost - replaced, products, importers, flows, stages);
    }

    private static void Validate(IReadOnlyList<ExposureShock> shocks, IReadOnlyList<ExposureChain> chains, ExposureOptions options)
    {
        for (var i = 0; i < shocks.Count; i++)
        {
            if (!(shocks[i].Cut > 0 && shocks[i].Cut <= 1))
            {
                throw new ArgumentException(TradeText.Format("ExposureCut", i + 1, shocks[i].Cut), nameof(shocks));
            }
        }

        if (!(options.Headroom >= 0) || double.IsInfinity(options.Headroom))
        {
            throw new ArgumentException(TradeText.Format("ExposureHeadroom", options.Headroom), nameof(options));
        }

        if (options.Digits is not (2 or 4 or 6))
        {
            throw new ArgumentException(TradeText.Format("ExposureDigits", options.Digits), nameof(options));
        }

        if (options.FlowLimit < 0)
        {
            throw new ArgumentException(TradeText.Format("ExposureFlowLimit", options.FlowLimit), nameof(options));
        }

        foreach (var chain in chains)
        {
            foreach (var (from, to) in chain.Edges)
            {
                if (!chain.Stages.Any(s => s.Id == from) || !chain.Stages.Any(s => s.Id == to))
                {
                    throw new ArgumentException(TradeText.Format("ExposureEdge", chain.Id, from, to), nameof(chains));
                }
            }
        }
    }

    // The stages' indices in topological order (Kahn's algorithm, the chain's own order among stages that are ready together).
    private static List<int> Order(ExposureChain chain)
    {
        var index = chain.Stages.Select((s, i) => (s.Id, i)).GroupBy(p => p.Id).ToDictionary(g => g.Key, g => g.First().i, StringComparer.Ordinal);
        var incoming = new int[chain.Stages.Count];
        foreach (var (_, to) in chain.Edges)
        {
            incoming[index[to]]++;
        }

        var order = new List<int>();
        var done = new bool[chain.Stages.Count];
        while (order.Count < chain.Stages.Count)
        {
            var next = Enumerable.Range(0, chain.Stages.Count).FirstOrDefault(i => !done[i] && incoming[i] == 0, -1);
            if (next < 0)
            {
                throw new ArgumentException(TradeText.Format("ExposureCycle", chain.Id), "chains");
            }

            done[next] = true;
            order.Add(next);
            foreach (var (from, to) in chain.Edges)
            {
                if (index[from] == next)
                {
                    incoming[index[to]]--;
                }
            }
        }

        return order;
    }

    // E_js = 1 − (1 − d_js) · Π_{u→s} (1 − E_ju) for every country importing something in the chain's stages.
    private static List<StageExposure> Cascade(IReadOnlyList<ExposureChain> chains, List<List<int>> orders,
        Dictionary<(int Chain, int Stage, long Country), (double Imports, double Unmet)> direct, Dictionary<long, string> names)
    {
        var rows = new List<StageExposure>();
        for (var c = 0; c < chains.Count; c++)
        {
            var chain = chains[c];
            var index = chain.Stages.Select((s, i) => (s.Id, i)).GroupBy(p => p.Id).ToDictionary(g => g.Key, g => g.First().i, StringComparer.Ordinal);
            var countries = direct.Keys.Where(k => k.Chain == c).Select(k => k.Country).Distinct();
            foreach (var country in countries)
            {
                var exposure = new double[chain.Stages.Count];
                foreach (var s in orders[c])
                {
                    var (imports, unmet) = direct.GetValueOrDefault((c, s, country));
                    var d = imports > 0 ? unmet / imports : 0;
                    var kept = 1 - d;
                    foreach (var (from, to) in chain.Edges)
                    {
                        if (index[to] == s)
                        {
                            kept *= 1 - exposure[index[from]];
                        }
                    }

                    exposure[s] = 1 - kept;
                    if (exposure[s] > 0)
                    {
                        rows.Add(new StageExposure(chain.Id, chain.Stages[s].Id, names[country], imports, d, exposure[s]));
                    }
                }
            }
        }

        rows.Sort((a, b) =>
        {
            var order = b.CascadedShare.CompareTo(a.CascadedShare);
            order = order != 0 ? order : b.Imports.CompareTo(a.Imports);
            order = order != 0 ? order : string.CompareOrdinal(a.Chain, b.Chain);
            order = order != 0 ? order : string.CompareOrdinal(a.Stage, b.Stage);
            return order != 0 ? order : string.CompareOrdinal(a.Country, b.Country);
        });
        return rows;
    }

    private static int Compare(double a, double b, string a1, string b1, string a2, string b2)
    {
        var order = a.CompareTo(b);
        order = order != 0 ? order : string.CompareOrdinal(a1, b1);
        return order != 0 ? order : string.CompareOrdinal(a2, b2);
    }

    // Loads the shocks and stages as small temporary tables of integers, then the year's flows of the products they touch
    // (at the reporting level, so that an HS heading's imports are whole) and the losses and replacements; returns id → country.
    private static async Task<Dictionary<long, string>> PrepareAsync(DuckDBConnection connection, DatasetInfo dataset, string table,
        IReadOnlyList<ExposureShock> shocks, IReadOnlyList<ExposureChain> chains, int digits, double headroom, CancellationToken ct)
    {
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = ExposureSql.Countries;
            TradeStore.AddKey(command, dataset.Key);
            await command.ExecuteNonQueryAsync(ct);
        }

        var names = new Dictionary<long, string>();
        await Read(connection, "SELECT id, country FROM names", r => names[r.GetInt64(0)] = r.GetString(1), ct);
        var ids = names.ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);

        // Countries the year does not hold have no flows; they are left out here rather than refused.
        var sql = new StringBuilder(ExposureSql.Inputs);
        for (var s = 0; s < shocks.Count; s++)
        {
            var shock = shocks[s];
            Values(sql, "shock", [string.Create(CultureInfo.InvariantCulture, $"({s}, {shock.Cut:R}, {(shock.Destinations is not null ? "true" : "false")}, {(shock.AllBut ? "true" : "false")})")]);
            Values(sql, "shock_exp", Known(shock.Exporters, ids).Select(id => string.Create(CultureInfo.InvariantCulture, $"({s}, {id})")));
            Values(sql, "shock_prod", (shock.Products.Count == 0 ? [new HsFilter("", 0, 999_999)] : shock.Products)
                .Select(p => string.Create(CultureInfo.InvariantCulture, $"({s}, {p.From}, {p.To})")));
            Values(sql, "shock_dst", Known(shock.Destinations ?? [], ids).Select(id => string.Create(CultureInfo.InvariantCulture, $"({s}, {id})")));
        }

        for (var c = 0; c < chains.Count; c++)
        {
            for (var s = 0; s < chains[c].Stages.Count; s++)
            {
                Values(sql, "stage_prod", chains[c].Stages[s].Products.Select(p => string.Create(CultureInfo.InvariantCulture, $"({c}, {s}, {p.From}, {p.To})")));
            }
        }

        sql.Append(ExposureSql.Losses(table, ComplexityQueries.Scale(digits), headroom));
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = sql.ToString();
            await command.ExecuteNonQueryAsync(ct);
        }

        return names;
    }

    private static IEnumerable<long> Known(IEnumerable<string> countries, Dictionary<string, long> ids) =>
        countries.Select(c => c.Trim().ToUpperInvariant()).Distinct().Where(ids.ContainsKey).Select(c => ids[c]);

    private static void Values(StringBuilder sql, string table, IEnumerable<string> rows)
    {
        var list = rows.ToList();
        if (list.Count > 0)
        {
            sql.Append(CultureInfo.InvariantCulture, $"INSERT INTO {table} VALUES {string.Join(", ", list)};\n");
        }
    }

    private static async Task Read(DuckDBConnection connection, string sql, Action<DuckDBDataReader> row, CancellationToken ct, DatasetKey? key = null)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        if (key is not null)
        {
            TradeStore.AddKey(command, key);
        }

        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            row((DuckDBDataReader)reader);
        }
    }
}
