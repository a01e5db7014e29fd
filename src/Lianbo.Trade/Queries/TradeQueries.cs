using System.Globalization;
using DuckDB.NET.Data;
using Lianbo.Trade.Metrics;
using Lianbo.Trade.Store;

namespace Lianbo.Trade.Queries;

/// <summary>
/// What the web app and the CLI ask of the trade store. Every answer carries the dataset it came from, so a page
/// can say which source and revision it shows, and "generated" when it is the generator's data.
/// When several sources hold the same year, the one asked for is used; else real data before generated, then
/// data with products, then the largest.
/// </summary>
public sealed class TradeQueries(TradeStore store)
{
    public const string China = "CHN";

    public Task<IReadOnlyList<DatasetInfo>> YearsAsync(CancellationToken ct = default) => store.ListDatasetsAsync(ct);

    /// <summary>The dataset a question about <paramref name="year"/> is answered from, or null when there is none.</summary>
    public async Task<DatasetInfo?> FindAsync(int year, string? source = null, string? revision = null, bool needsProducts = false, CancellationToken ct = default) =>
        Pick((await store.ListDatasetsAsync(ct)).Where(d => d.Year == year && (source is null || string.Equals(d.Source, source, StringComparison.OrdinalIgnoreCase))
                                                             && (revision is null || string.Equals(d.Revision, revision, StringComparison.OrdinalIgnoreCase))
                                                             && (!needsProducts || d.HasProducts)));

    /// <summary>For every stored year, oldest first, the dataset <see cref="FindAsync"/> picks for it, from one listing of the store.</summary>
    public async Task<IReadOnlyList<DatasetInfo>> EveryYearAsync(CancellationToken ct = default) =>
        [.. (await store.ListDatasetsAsync(ct)).GroupBy(d => d.Year).OrderBy(g => g.Key).Select(g => Pick(g)!)];

    // Real data before generated, then data with products, then the largest.
    private static DatasetInfo? Pick(IEnumerable<DatasetInfo> candidates) =>
        candidates.OrderBy(d => d.Generated).ThenByDescending(d => d.HasProducts).ThenByDescending(d => d.Rows).FirstOrDefault();

    /// <summary>The country network of a dataset (arcs exporter → importer, value summed over products), all goods or one HS code.</summary>
    public Task<TradeNetwork> NetworkAsync(DatasetInfo dataset, HsFilter? product = null, CancellationToken ct = default) =>
        NetworkAsync(dataset, product is null ? [] : [product], ct);

    /// <summary>
    /// The network over several HS codes at once (a chain stage's products); a flow covered by two of them (a heading
    /// and one of its subheadings) counts once. No codes means all goods.
    /// </summary>
    public async Task<TradeNetwork> NetworkAsync(DatasetInfo dataset, IReadOnlyList<HsFilter> products, CancellationToken ct = default)
    {
        var arcs = new List<(string, string, double)>();
        await using var connection = store.Open();
        var table = await TradeStore.TableOfAsync(connection, dataset.Key, ct) ?? throw new InvalidOperationException(TradeText.Format("NoDataset", dataset.Key));
        await using var command = connection.CreateCommand();
        // Summed by the source's codes first (millions of rows, small integers), then mapped: a few thousand rows.
        // Codes that map to one country (BACI 58 and 56 are both BEL) are summed again by country.
        command.CommandText = $"""
            SELECT ce.country, ci.country, sum(f.value)
            FROM (SELECT exporter, importer, sum(value) AS value FROM {table} {Where(products)} GROUP BY exporter, importer) f
            JOIN country_codes ce ON ce.source = $source AND ce.revision = $revision AND ce.year = $year AND ce.code = f.exporter
            JOIN country_codes ci ON ci.source = $source AND ci.revision = $revision AND ci.year = $year AND ci.code = f.importer
            GROUP BY ce.country, ci.country
            """;
        TradeStore.AddKey(command, dataset.Key);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            arcs.Add((reader.GetString(0), reader.GetString(1), reader.GetDouble(2)));
        }

        return TradeNetwork.FromArcs(arcs);
    }

    /// <summary>Every country's network measures in a year, for all goods or one HS code; null when the year is not stored.</summary>
    public async Task<YearMetrics?> MetricsAsync(int year, HsFilter? product = null, string? source = null, string? revision = null, CancellationToken ct = default)
    {
        if (await FindAsync(year, source, revision, needsProducts: product is not null, ct) is not { } dataset)
        {
            return null;
        }

        var network = await NetworkAsync(dataset, product, ct);
        var metrics = NetworkMetrics.Compute(network);
        return new YearMetrics(dataset, product?.Code, metrics.Sum(m => m.Exports), metrics);
    }

    /// <summary>A country's totals, top partners and top products in a year; null when the year is not stored.</summary>
    public async Task<CountryTrade?> CountryAsync(int year, string country, int top = 10, string? source = null, string? revision = null, CancellationToken ct = default)
    {
        if (await FindAsync(year, source, revision, ct: ct) is not { } dataset)
        {
            return null;
        }

        country = country.Trim().ToUpperInvariant();
        await using var connection = store.Open();
        var table = await TradeStore.TableOfAsync(connection, dataset.Key, ct) ?? throw new InvalidOperationException(TradeText.Format("NoDataset", dataset.Key));
        // One pass over the flows of the country (both directions), labelled by direction, partner and product.
        var flows = $"""
            SELECT ce.country AS exporter, ci.country AS importer, f.product, f.value
            FROM {table} f
            JOIN country_codes ce ON ce.source = $source AND ce.revision = $revision AND ce.year = $year AND ce.code = f.exporter
            JOIN country_codes ci ON ci.source = $source AND ci.revision = $revision AND ci.year = $year AND ci.code = f.importer
            WHERE (ce.country = $country OR ci.country = $country) AND ce.country <> ci.country
            """;
        async Task<List<ValueShare>> TopAsync(string key, string direction)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = string.Create(CultureInfo.InvariantCulture, $"""
                WITH flows AS ({flows}), grouped AS (SELECT {key} AS code, sum(value) AS value FROM flows WHERE {direction} = $country AND {key} IS NOT NULL GROUP BY 1)
                SELECT CAST(code AS VARCHAR), value, value / sum(value) OVER () FROM grouped ORDER BY value DESC, code LIMIT {top}
                """);
            TradeStore.AddKey(command, dataset.Key);
            command.Parameters.Add(new DuckDBParameter("country", country));
            return await ReadSharesAsync(command, ct);
        }

        var exportPartners = await TopAsync("importer", "exporter");
        var importPartners = await TopAsync("exporter", "importer");
        var exportProducts = dataset.HasProducts ? await TopAsync("product", "exporter") : [];
        var importProducts = dataset.HasProducts ? await TopAsync("product", "importer") : [];
        await using var totals = connection.CreateCommand();
        totals.CommandText = $"SELECT coalesce(sum(value) FILTER (WHERE exporter = $country), 0), coalesce(sum(value) FILTER (WHERE importer = $country), 0) FROM ({flows})";
        TradeStore.AddKey(totals, dataset.Key);
        totals.Parameters.Add(new DuckDBParameter("country", country));
        await using var reader = await totals.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return new CountryTrade(dataset, country, reader.GetDouble(0), reader.GetDouble(1), exportPartners, importPartners,
            [.. exportProducts.Select(ProductCode)], [.. importProducts.Select(ProductCode)]);
    }

    /// <summary>A product's exporters and importers in a year with shares, the exporters' HHI and China's share; null when not stored.</summary>
    public Task<ProductTrade?> ProductAsync(int year, HsFilter product, int top = 20, string? source = null, string? revision = null, CancellationToken ct = default) =>
        ProductsAsync(year, [product], product.Code, top, source, revision, ct);

    /// <summary>The same over several HS codes taken together (e.g. a chain stage's HS 1992 codes), named by <paramref name="label"/>.</summary>
    public async Task<ProductTrade?> ProductsAsync(int year, IReadOnlyList<HsFilter> products, string label, int top = 20, string? source = null, string? revision = null, CancellationToken ct = default)
    {
        if (await FindAsync(year, source, revision, needsProducts: true, ct) is not { } dataset)
        {
            return null;
        }

        // Only the totals are needed here: the full network measures (betweenness and all) would cost far more,
        // and a chain panorama asks this once per stage.
        var network = await NetworkAsync(dataset, products, ct);
        var totals = Enumerable.Range(0, network.Count).Select(i => (Country: network.Countries[i], Exports: network.OutValue(i), Imports: network.InValue(i))).ToList();
        var world = totals.Sum(t => t.Exports);
        var exporters = totals.Where(t => t.Exports > 0).OrderByDescending(t => t.Exports).ThenBy(t => t.Country, StringComparer.Ordinal)
            .Select(t => new ValueShare(t.Country, t.Exports, t.Exports / world)).ToList();
        var importers = totals.Where(t => t.Imports > 0).OrderByDescending(t => t.Imports).ThenBy(t => t.Country, StringComparer.Ordinal)
            .Select(t => new ValueShare(t.Country, t.Imports, t.Imports / world)).ToList();
        return new ProductTrade(dataset, label, world, [.. exporters.Take(top)], [.. importers.Take(top)],
            exporters.Sum(e => e.Share * e.Share), exporters.FirstOrDefault(e => e.Code == China)?.Share ?? 0, exporters.Take(5).Sum(e => e.Share));
    }

    /// <summary>
    /// For each question, in order: the country the importer buys most of the products from in the dataset, with that
    /// value and its share of the importer's imports of them (each flow counted once: a heading or chapter sums its
    /// subheadings' rows, and a subheading asked for beside its heading is not counted twice); null where the importer
    /// imports none of them. One pass over the year answers every question.
    /// </summary>
    public async Task<IReadOnlyList<ValueShare?>> MainSuppliersAsync(DatasetInfo dataset, IReadOnlyList<ImportQuestion> questions, CancellationToken ct = default)
    {
        var answers = new ValueShare?[questions.Count];
        var importers = questions.Select(q => q.Importer.Trim().ToUpperInvariant()).Distinct(StringComparer.Ordinal).ToList();
        var wanted = questions.SelectMany((q, i) => Disjoint(q.Products).Select(p => string.Create(CultureInfo.InvariantCulture,
            $"({i}, $importer{importers.IndexOf(q.Importer.Trim().ToUpperInvariant())}, {p.From}, {p.To})"))).ToList();
        if (wanted.Count == 0)
        {
            return answers;
        }

        await using var connection = store.Open();
        var table = await TradeStore.TableOfAsync(connection, dataset.Key, ct) ?? throw new InvalidOperationException(TradeText.Format("NoDataset", dataset.Key));
        await using var command = connection.CreateCommand();
        // The importers' own codes first (BACI 56 and 58 are both BEL), so that the flows are joined on small integers.
        command.CommandText = $"""
            WITH wanted(id, importer, lo, hi) AS (VALUES {string.Join(", ", wanted)}),
            importers AS (
                SELECT w.id, w.lo, w.hi, c.code, c.country FROM wanted w
                JOIN country_codes c ON c.source = $source AND c.revision = $revision AND c.year = $year AND c.country = w.importer),
            bought AS (
                SELECT i.id, ce.country AS supplier, sum(f.value) AS value
                FROM {table} f
                JOIN importers i ON f.importer = i.code AND f.product BETWEEN i.lo AND i.hi
                JOIN country_codes ce ON ce.source = $source AND ce.revision = $revision AND ce.year = $year AND ce.code = f.exporter
                WHERE ce.country <> i.country
                GROUP BY i.id, ce.country
                HAVING sum(f.value) > 0)
            SELECT id, supplier, value, value / sum(value) OVER (PARTITION BY id) FROM bought
            QUALIFY row_number() OVER (PARTITION BY id ORDER BY value DESC, supplier) = 1
            """;
        TradeStore.AddKey(command, dataset.Key);
        for (var i = 0; i < importers.Count; i++)
        {
            command.Parameters.Add(new DuckDBParameter(string.Create(CultureInfo.InvariantCulture, $"importer{i}"), importers[i]));
        }

        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            answers[reader.GetInt32(0)] = new ValueShare(reader.GetString(1), reader.GetDouble(2), reader.GetDouble(3));
        }

        return answers;
    }

    // The products' ranges with those inside another dropped and overlaps joined, so that no flow is counted twice.
    private static List<HsFilter> Disjoint(IReadOnlyList<HsFilter> products)
    {
        var ranges = new List<HsFilter>();
        foreach (var p in products.OrderBy(p => p.From).ThenByDescending(p => p.To))
        {
            if (ranges.Count > 0 && p.From <= ranges[^1].To)
            {
                ranges[^1] = ranges[^1] with { To = Math.Max(ranges[^1].To, p.To) };
            }
            else
            {
                ranges.Add(p);
            }
        }

        return ranges;
    }

    /// <summary>
    /// How many countries a dataset holds as exporters and as importers (mapped to the store's countries, self-trade
    /// left out). A sample of a few exporters (BACI's rows of South Africa and Afghanistan) holds every importer but
    /// two exporters: rankings on it compare those, not the world, and pages say so (<see cref="DatasetCoverage.Partial"/>).
    /// </summary>
    public async Task<DatasetCoverage> CoverageAsync(DatasetInfo dataset, CancellationToken ct = default)
    {
        await using var connection = store.Open();
        var table = await TradeStore.TableOfAsync(connection, dataset.Key, ct) ?? throw new InvalidOperationException(TradeText.Format("NoDataset", dataset.Key));
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT count(DISTINCT ce.country), count(DISTINCT ci.country)
            FROM (SELECT DISTINCT exporter, importer FROM {table}) f
            JOIN country_codes ce ON ce.source = $source AND ce.revision = $revision AND ce.year = $year AND ce.code = f.exporter
            JOIN country_codes ci ON ci.source = $source AND ci.revision = $revision AND ci.year = $year AND ci.code = f.importer
            WHERE ce.country <> ci.country
            """;
        TradeStore.AddKey(command, dataset.Key);
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return new DatasetCoverage(reader.GetInt32(0), reader.GetInt32(1));
    }

    /// <summary>The latest year stored with product detail in an HS revision (e.g. HS92 for BACI), or null.</summary>
    public async Task<int?> LatestYearWithProductsAsync(string revision, CancellationToken ct = default) =>
        LatestYear((await store.ListDatasetsAsync(ct)).Where(d => d.HasProducts && string.Equals(d.Revision, revision, StringComparison.OrdinalIgnoreCase)));

    /// <summary>The latest real year among these data sets, else the latest generated one.</summary>
    public static int? LatestYear(IEnumerable<DatasetInfo> datasets) =>
        datasets.OrderBy(d => d.Generated).ThenByDescending(d => d.Year).Select(d => (int?)d.Year).FirstOrDefault();

    private static string Where(IReadOnlyList<HsFilter> products) =>
        products.Count == 0 ? "" : "WHERE " + string.Join(" OR ", products.Select(p => string.Create(CultureInfo.InvariantCulture, $"product BETWEEN {p.From} AND {p.To}")));

    private static ValueShare ProductCode(ValueShare v) => v with { Code = v.Code.PadLeft(6, '0') };

    private static async Task<List<ValueShare>> ReadSharesAsync(DuckDBCommand command, CancellationToken ct)
    {
        var list = new List<ValueShare>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            list.Add(new ValueShare(reader.GetString(0), reader.GetDouble(1), reader.GetDouble(2)));
        }

        return list;
    }
}
