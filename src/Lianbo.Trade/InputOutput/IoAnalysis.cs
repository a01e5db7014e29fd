namespace Lianbo.Trade.InputOutput;

/// <summary>A value by country, with its share of the total it is part of.</summary>
public sealed record IoCountryShare(string Country, double Value, double Share);

/// <summary>One industry of one country: output, value added, exports, upstreamness (null where the industry has no output to place) and output multiplier.</summary>
public sealed record IoIndustryRow(string Country, string Sector, double GrossOutput, double ValueAdded, double Exports, double WorldShare, double? Upstreamness, double OutputMultiplier);

/// <summary>
/// A country's place in global value chains on one table (USD millions). Shares of gross exports follow Borin &amp;
/// Mancini (2019): DVA + DDC + FVA + FDC = gross exports; backward participation (DDC + FVA + FDC) / gross exports,
/// forward (DVA − DAVAX) / gross exports. <see cref="ExportOrigins"/> is where the value added in its gross exports was
/// made, v B̂ e (Koopman, Wang &amp; Wei 2014, the "VBE" matrix; sums to gross exports because v B = 1′).
/// <see cref="ValueAddedDestinations"/> is where its value added ends up in final demand (TiVA, diag(v) B F), home included.
/// </summary>
public sealed record IoCountryProfile(
    string Country, double GrossOutput, double ValueAdded, double GrossExports,
    double DomesticValueAdded, double ForeignValueAdded, double DoubleCounted,
    double Backward, double Forward, double Participation,
    IReadOnlyList<IoCountryShare> ExportOrigins, IReadOnlyList<IoCountryShare> ValueAddedDestinations,
    IReadOnlyList<IoIndustryRow> Industries);

/// <summary>One entry of a coefficient matrix, by the country × industry of its row or column.</summary>
public sealed record IoCoefficient(string Country, string Sector, double Value);

/// <summary>
/// One country × industry's linkages: what it buys per unit of its output (column of A) and in total per unit of final
/// demand for it (column of L), where each unit of its output is sold as an input (row of B) and its total allocation
/// per unit of primary input (row of G), the largest <c>top</c> of each; its multipliers and upstreamness.
/// <see cref="DomesticInputs"/> is the share of its direct inputs bought at home (Σ of its country's rows of the A
/// column over the column's sum).
/// </summary>
public sealed record IoLinkages(
    string Country, string Sector, double GrossOutput, double ValueAdded, double OutputMultiplier, double ValueAddedMultiplier,
    double? Upstreamness, double DomesticInputs,
    IReadOnlyList<IoCoefficient> DirectInputs, IReadOnlyList<IoCoefficient> TotalRequirements,
    IReadOnlyList<IoCoefficient> DirectSales, IReadOnlyList<IoCoefficient> TotalAllocation);

/// <summary>How a shock propagates: the models of docs/methods-io.md §4.</summary>
public enum IoShockModel
{
    /// <summary>Ghosh supply-driven: the disabled share of the rows' value added (primary inputs) is lost, Δx′ = Δv′ G.</summary>
    Supply,

    /// <summary>Leontief demand-driven: the share of the rows' final demand is lost, Δx = L Δf.</summary>
    Demand,

    /// <summary>Hypothetical extraction of one row (the share is ignored: the row is removed).</summary>
    Extraction,

    /// <summary>Inoperability input–output model: the share of the rows' output disabled for a number of days.</summary>
    Inoperability,
}

/// <summary>A shock to one country's industries: <paramref name="Sectors"/> empty means every industry of the country.</summary>
public sealed record IoShock(string Country, IReadOnlyList<string> Sectors, double Share, IoShockModel Model, int Days = 365);

/// <summary>Output lost by a chain (or one of its stages) in a cascade: the sum over the industries mapped to it, every country.</summary>
public sealed record IoChainLoss(string Chain, string? Stage, double Loss, double Baseline, IReadOnlyList<string> Sectors);

/// <summary>
/// The cascade of a shock: output lost by every country × industry (USD millions; per year, or over the days for the
/// inoperability model), positive = lost. <see cref="Loss"/> is country-major like the table; <see cref="DirectLoss"/> is
/// the part in the industries hit.
/// </summary>
public sealed record IoCascade(IReadOnlyList<IoShock> Shocks, double[] Loss, double Total, double DirectLoss, IReadOnlyList<IoCountryShare> ByCountry,
    double[] BySector, IReadOnlyList<IoChainLoss> ByChain);

/// <summary>
/// Every measure the pages, the API and the CLI show for one table, computed on first use and kept: the Leontief
/// and Ghosh models (<see cref="IoModel"/>), the Borin–Mancini decomposition, TiVA, upstreamness with the inventory
/// adjustment where the table has inventories. Gross output is the table's own column throughout.
/// </summary>
public sealed class IoAnalysis(IoModel model, IReadOnlyList<IoStageLink>? stageMap = null)
{
    private ExportDecomposition? _decomposed;
    private double[]? _tiva;
    private double[]? _upstreamness;
    private double[]? _multipliers;
    private double[]? _valueAddedMultipliers;
    private double[]? _exports;

    public IoTable Table => Model.Table;
    public IoModel Model { get; } = model;
    public IReadOnlyList<IoStageLink> StageMap { get; } = stageMap ?? [];

    private int G => Table.Countries.Length;
    private int S => Table.Sectors.Length;

    public ExportDecomposition Decomposition => _decomposed ??=
        ValueAddedDecomposition.Decompose(G, S, Table.Z, Table.FinalDemand, Table.GrossOutput, Model.L);

    /// <summary>Value added of origin country × destination final demand (G × G), <see cref="ValueAdded.EmbodiedInFinalDemand"/>.</summary>
    public double[] Tiva => _tiva ??= ValueAdded.EmbodiedInFinalDemand(G, S, Table.Z, Table.FinalDemand, Table.GrossOutput, Model.L);

    /// <summary>
    /// Upstreamness per row. Without inventories Δ is the Ghosh matrix B, so U = (I − B)⁻¹·1 is the row sums of the
    /// Ghosh inverse already made; with them, its own solve (<see cref="InputOutput.Upstreamness.Compute"/>).
    /// </summary>
    public double[] Upstreamness => _upstreamness ??= Table.Inventories is { } inventories && inventories.Any(v => v != 0)
        ? InputOutput.Upstreamness.Compute(G, S, Table.Z, Table.GrossOutput, inventories)
        : GhoshRowSums();

    public double[] OutputMultipliers => _multipliers ??= Model.OutputMultipliers();

    public double[] ValueAddedMultipliers => _valueAddedMultipliers ??= Model.ValueAddedMultipliers();

    /// <summary>Gross exports of every row: its intermediate and final sales to other countries.</summary>
    public double[] Exports => _exports ??= ComputeExports();

    public IoCountryProfile Profile(string country)
    {
        var c = CountryIndex(country);
        var d = Decomposition;
        double Sum(double[] term) => d.ByExporter(term)[c];
        var gross = Sum(d.Gross);
        double Share(double value) => gross == 0 ? 0 : value / gross;

        // v B̂ e over the country's rows: w = B[:, rows of c] e_c, origin t = Σ_{i∈t} v_i w_i.
        var n = Table.N;
        var l = Model.L;
        var v = Model.ValueAddedCoefficients();
        var e = Exports;
        var origins = new double[G];
        for (var i = 0; i < n; i++)
        {
            var w = 0.0;
            for (var j = c * S; j < (c + 1) * S; j++)
            {
                w += l[i * n + j] * e[j];
            }

            origins[i / S] += v[i] * w;
        }

        var destinations = Enumerable.Range(0, G).Select(dest => Tiva[c * G + dest]).ToArray();
        var industries = Enumerable.Range(0, S).Select(s => Row(c * S + s)).ToList();
        return new IoCountryProfile(
            Table.Countries[c],
            industries.Sum(r => r.GrossOutput), industries.Sum(r => r.ValueAdded), gross,
            Share(Sum(d.Dva)), Share(Sum(d.Fva)), Share(Sum(d.Ddc) + Sum(d.Fdc)),
            d.BackwardParticipation()[c], d.ForwardParticipation()[c], d.Participation()[c],
            Shares(origins), Shares(destinations), industries);
    }

    /// <summary>A country × industry's linkages: the <paramref name="top"/> largest entries of its A and L columns and B and G rows.</summary>
    public IoLinkages Linkages(string country, string sector, int top = 15)
    {
        var j = Table.Index(country, sector);
        if (j < 0)
        {
            throw new KeyNotFoundException($"The table has no {country} {sector}.");
        }

        var n = Table.N;
        IoCoefficient[] Largest(double[] m, bool column) => [.. Enumerable.Range(0, n)
            .Select(k => new IoCoefficient(Table.Countries[k / S], Table.Sectors[k % S], column ? m[k * n + j] : m[j * n + k]))
            .Where(c => c.Value != 0)
            .OrderByDescending(c => c.Value)
            .Take(top)];
        var a = Model.A;
        double home = 0, all = 0;
        for (var i = 0; i < n; i++)
        {
            all += a[i * n + j];
            home += i / S == j / S ? a[i * n + j] : 0;
        }

        return new IoLinkages(Table.Countries[j / S], Table.Sectors[j % S], Table.GrossOutput[j], Table.ValueAdded[j], OutputMultipliers[j],
            ValueAddedMultipliers[j], double.IsNaN(Upstreamness[j]) ? null : Upstreamness[j], all == 0 ? 0 : home / all,
            Largest(a, column: true), Largest(Model.L, column: true), Largest(Model.B, column: false), Largest(Model.G, column: false));
    }

    /// <summary>One industry in every country, largest output first.</summary>
    public IReadOnlyList<IoIndustryRow> Industry(string sector)
    {
        var s = Array.IndexOf(Table.Sectors, sector);
        if (s < 0)
        {
            throw new KeyNotFoundException($"The table has no industry '{sector}'.");
        }

        return [.. Enumerable.Range(0, G).Select(c => Row(c * S + s)).OrderByDescending(r => r.GrossOutput)];
    }

    /// <summary>Runs a shock through the chosen model and sums the output lost by country, industry and chain.</summary>
    public IoCascade Cascade(IoShock shock) => Cascade([shock]);

    /// <summary>
    /// Runs several shocks and adds up the output they cost (the supply, demand and inoperability models are linear in
    /// the shock); an extraction is one industry of one country and runs alone.
    /// </summary>
    public IoCascade Cascade(IReadOnlyList<IoShock> shocks)
    {
        if (shocks.Count == 0 || (shocks.Count > 1 && shocks.Any(s => s.Model == IoShockModel.Extraction)))
        {
            throw new ArgumentException("An extraction runs alone; the other models take one or more shocks.", nameof(shocks));
        }

        var n = Table.N;
        var loss = new double[n];
        var hit = new HashSet<int>();
        foreach (var shock in shocks)
        {
            var rows = Rows(shock);
            hit.UnionWith(rows);
            var part = Run(shock, rows);
            for (var i = 0; i < n; i++)
            {
                loss[i] += part[i];
            }
        }

        return Summarise(shocks, loss, hit.Sum(r => loss[r]));
    }

    private int[] Rows(IoShock shock)
    {
        var c = CountryIndex(shock.Country);
        if (shock.Share is < 0 or > 1 || double.IsNaN(shock.Share))
        {
            throw new ArgumentOutOfRangeException(nameof(shock), shock.Share, "The share is between 0 and 1.");
        }

        return shock.Sectors.Count == 0
            ? [.. Enumerable.Range(c * S, S)]
            : [.. shock.Sectors.Select(sector => Table.Index(Table.Countries[c], sector) is var r and >= 0 ? r : throw new KeyNotFoundException($"The table has no industry '{sector}'.")).Distinct()];
    }

    private double[] Run(IoShock shock, int[] rows)
    {
        var n = Table.N;
        switch (shock.Model)
        {
            case IoShockModel.Supply:
                {
                    var dv = new double[n];
                    foreach (var r in rows)
                    {
                        dv[r] = shock.Share * Table.ValueAdded[r];
                    }

                    return Model.SupplyDriven(dv);
                }

            case IoShockModel.Demand:
                {
                    var f = Table.FinalDemandTotal();
                    var df = new double[n];
                    foreach (var r in rows)
                    {
                        df[r] = shock.Share * f[r];
                    }

                    return Model.DemandDriven(df);
                }

            case IoShockModel.Extraction:
                return rows.Length == 1
                    ? Model.Extract(rows[0]).Loss
                    : throw new ArgumentException("An extraction removes one industry of one country.", nameof(shock));

            case IoShockModel.Inoperability:
                {
                    var perturbation = new double[n];
                    foreach (var r in rows)
                    {
                        perturbation[r] = shock.Share;
                    }

                    var result = Model.Inoperability(perturbation, shock.Days);
                    return [.. result.OutputLoss.Select(x => x * shock.Days / 365.0)];
                }

            default:
                throw new ArgumentOutOfRangeException(nameof(shock), shock.Model, null);
        }
    }

    private IoCascade Summarise(IReadOnlyList<IoShock> shocks, double[] loss, double direct)
    {
        var n = Table.N;
        var byCountry = new double[G];
        var bySector = new double[S];
        for (var i = 0; i < n; i++)
        {
            byCountry[i / S] += loss[i];
            bySector[i % S] += loss[i];
        }

        return new IoCascade(shocks, loss, loss.Sum(), direct,
            [.. Shares(byCountry).OrderByDescending(x => x.Value)], bySector, ByChain(bySector));
    }

    // Chain and stage sums through the stage map: a sector counts once per chain however many of its stages it feeds.
    private List<IoChainLoss> ByChain(double[] bySector)
    {
        var output = new double[S];
        for (var i = 0; i < Table.N; i++)
        {
            output[i % S] += Table.GrossOutput[i];
        }

        IoChainLoss Sum(string chain, string? stage, IEnumerable<string> sectors)
        {
            var codes = sectors.Distinct().Where(s => Array.IndexOf(Table.Sectors, s) >= 0).ToList();
            var at = codes.Select(s => Array.IndexOf(Table.Sectors, s)).ToList();
            return new IoChainLoss(chain, stage, at.Sum(k => bySector[k]), at.Sum(k => output[k]), codes);
        }

        var list = new List<IoChainLoss>();
        foreach (var chain in StageMap.GroupBy(l => l.Chain).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            list.Add(Sum(chain.Key, null, chain.Select(l => l.Sector)));
            list.AddRange(chain.GroupBy(l => l.Stage).Select(stage => Sum(chain.Key, stage.Key, stage.Select(l => l.Sector))));
        }

        return [.. list.OrderByDescending(x => x.Stage is null).ThenByDescending(x => x.Loss)];
    }

    private IoIndustryRow Row(int i)
    {
        var s = i % S;
        var world = 0.0;
        for (var c = 0; c < G; c++)
        {
            world += Table.GrossOutput[c * S + s];
        }

        return new IoIndustryRow(Table.Countries[i / S], Table.Sectors[s], Table.GrossOutput[i], Table.ValueAdded[i], Exports[i],
            world == 0 ? 0 : Table.GrossOutput[i] / world, double.IsNaN(Upstreamness[i]) ? null : Upstreamness[i], OutputMultipliers[i]);
    }

    private int CountryIndex(string country) =>
        Array.IndexOf(Table.Countries, country) is var c and >= 0 ? c : throw new KeyNotFoundException($"The table has no country '{country}'.");

    private IoCountryShare[] Shares(double[] values)
    {
        var total = values.Sum();
        return [.. values.Select((value, c) => new IoCountryShare(Table.Countries[c], value, total == 0 ? 0 : value / total))];
    }

    // U_i = Σ_j g_ij, NaN where x_i = 0 (nothing to place), as Upstreamness.Compute reports it.
    private double[] GhoshRowSums()
    {
        var n = Table.N;
        var ghosh = Model.G;
        var u = new double[n];
        for (var i = 0; i < n; i++)
        {
            var sum = 0.0;
            for (var j = 0; j < n; j++)
            {
                sum += ghosh[i * n + j];
            }

            u[i] = Table.GrossOutput[i] > 0 ? sum : double.NaN;
        }

        return u;
    }

    private double[] ComputeExports()
    {
        var n = Table.N;
        var e = new double[n];
        for (var i = 0; i < n; i++)
        {
            var home = i / S;
            var sum = 0.0;
            for (var j = 0; j < n; j++)
            {
                if (j / S != home)
                {
                    sum += Table.Z[i * n + j];
                }
            }

            for (var d = 0; d < G; d++)
            {
                if (d != home)
                {
                    sum += Table.FinalDemand[i * G + d];
                }
            }

            e[i] = sum;
        }

        return e;
    }
}
