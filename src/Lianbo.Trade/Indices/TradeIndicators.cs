using System.Globalization;
using Lianbo.Trade.Import;
using Lianbo.Trade.Metrics;
using Lianbo.Trade.Queries;
using Lianbo.Trade.Store;

namespace Lianbo.Trade.Indices;

/// <summary>
/// Connectedness measures of one country in a year's trade network. Breadth follows the DHL Global Connectedness
/// Index (Altman and Bastian): 1 − ½ Σ_j |s_ij − w_j^(−i)|, where for exports s_ij is the share of i's exports that
/// go to j and w_j^(−i) is j's share of world imports with i's own imports left out; for imports s_ij is the share of
/// i's imports that come from j and w_j^(−i) is j's share of world exports without i's. 1 means a country trades with
/// the world exactly in proportion to the world's trade; 0 means it trades only where the world does not.
/// </summary>
public static class Connectedness
{
    /// <summary>Breadth of every country's exports and imports (NaN where the country has no exports, or no imports).</summary>
    public static (double[] Exports, double[] Imports) Breadth(TradeNetwork network)
    {
        var n = network.Count;
        var exports = Enumerable.Range(0, n).Select(network.OutValue).ToArray();
        var imports = Enumerable.Range(0, n).Select(network.InValue).ToArray();
        return (Side(n, exports, imports, network.OutStart, network.OutTarget, network.OutWeight),
                Side(n, imports, exports, network.InStart, network.InSource, network.InWeight));
    }

    // For each i: its flows to partners j (own total own[i]) against the partners' totals on the other side (other[j]),
    // the world's other side without i. Partners i has no flow with still count |0 − w_j|.
    private static double[] Side(int n, double[] own, double[] other, int[] start, int[] partner, double[] weight)
    {
        var world = other.Sum();
        var result = new double[n];
        for (var i = 0; i < n; i++)
        {
            var rest = world - other[i];
            if (!(own[i] > 0) || !(rest > 0))
            {
                result[i] = double.NaN;
                continue;
            }

            // Σ_j |s_ij − w_j| = Σ_{j partner} |s_ij − w_j| + Σ_{j not partner, j ≠ i} w_j, and the w_j sum to 1.
            var distance = 0.0;
            var partnerWorld = 0.0;
            for (var a = start[i]; a < start[i + 1]; a++)
            {
                var w = other[partner[a]] / rest;
                distance += Math.Abs((weight[a] / own[i]) - w);
                partnerWorld += w;
            }

            result[i] = 1 - (0.5 * (distance + (1 - partnerWorld)));
        }

        return result;
    }

    /// <summary>How many distinct countries each country trades with, in either direction.</summary>
    public static int[] Partners(TradeNetwork network) =>
    [
        .. Enumerable.Range(0, network.Count).Select(i =>
            network.OutTarget[network.OutStart[i]..network.OutStart[i + 1]].Concat(network.InSource[network.InStart[i]..network.InStart[i + 1]]).Distinct().Count()),
    ];

    /// <summary>US dollars per unit of a dataset's value, where the unit says; null when it does not.</summary>
    public static double? DollarsPerUnit(string unit) => unit.Trim().ToLowerInvariant() switch
    {
        "usd" or "us dollars" => 1,
        "thousands of usd" => 1e3,
        "millions of usd" => 1e6,
        _ => null,
    };
}

/// <summary>
/// The indicators the trade store yields for every stored year (the dataset <see cref="TradeQueries.FindAsync"/>
/// picks when a year has several): trade.exports, trade.imports, trade.total (US dollars where the dataset's unit
/// says, else its own unit), trade.depth ((exports + imports) / GDP, GDP from the shipped World Bank file),
/// trade.breadth_exports, trade.breadth_imports, trade.pagerank, trade.eigenvector (mean of in and out),
/// trade.partners; and wb.gdp. Only ISO 3166 countries are kept (BACI's "Other Asia, nes" and such are not ranked).
/// Each measure is computed only when an indicator asked for needs it: an index that uses PageRank alone does not
/// pay for the eigenvector iterations.
/// </summary>
public sealed class TradeIndicatorSource(TradeStore store) : IIndicatorSource
{
    public const string Gdp = "wb.gdp";
    public const string Exports = "trade.exports";
    public const string Imports = "trade.imports";
    public const string Total = "trade.total";
    public const string Depth = "trade.depth";
    public const string BreadthExports = "trade.breadth_exports";
    public const string BreadthImports = "trade.breadth_imports";
    public const string PageRank = "trade.pagerank";
    public const string Eigenvector = "trade.eigenvector";
    public const string Partners = "trade.partners";

    /// <summary>The dataset each year was read from, after <see cref="ReadAsync"/>.</summary>
    public List<DatasetInfo> Datasets { get; } = [];

    public static readonly IReadOnlyList<string> Indicators =
        [Exports, Imports, Total, Depth, BreadthExports, BreadthImports, PageRank, Eigenvector, Partners, Gdp];

    public async Task<IReadOnlyList<IndicatorValue>> ReadAsync(IReadOnlySet<string> indicators, CancellationToken ct = default)
    {
        var values = new List<IndicatorValue>();
        var gdp = indicators.Contains(Gdp) || indicators.Contains(Depth) ? ReadGdp() : [];
        if (indicators.Contains(Gdp))
        {
            values.AddRange(gdp.Select(p => new IndicatorValue(Gdp, p.Key.Country, p.Key.Year, p.Value, "World Bank NY.GDP.MKTP.CD")));
        }

        Datasets.Clear();
        if (!indicators.Any(i => i.StartsWith("trade.", StringComparison.Ordinal)))
        {
            return values;
        }

        var queries = new TradeQueries(store);
        var iso = IsoCountries();
        foreach (var dataset in await queries.EveryYearAsync(ct))
        {
            Datasets.Add(dataset);
            var year = dataset.Year;
            var network = await queries.NetworkAsync(dataset, (HsFilter?)null, ct);
            var pageRank = indicators.Contains(PageRank) ? NetworkMetrics.PageRank(network) : null;
            var eigenvector = indicators.Contains(Eigenvector) ? Mean(NetworkMetrics.EigenvectorIn(network), NetworkMetrics.EigenvectorOut(network)) : null;
            var breadth = indicators.Contains(BreadthExports) || indicators.Contains(BreadthImports) ? Connectedness.Breadth(network) : default((double[] Exports, double[] Imports)?);
            var partners = indicators.Contains(Partners) ? Connectedness.Partners(network) : null;
            var dollars = Connectedness.DollarsPerUnit(dataset.Unit);
            var scale = dollars ?? 1;
            var source = $"{dataset.Source} {dataset.Revision} {dataset.Year}{(dataset.Generated ? " (generated)" : "")}";
            for (var i = 0; i < network.Count; i++)
            {
                var country = network.Countries[i];
                if (!iso.Contains(country))
                {
                    continue;
                }

                // Null: the measure was not computed, as no indicator asked for needs it.
                void Add(string id, double? value)
                {
                    if (value is { } v && indicators.Contains(id) && double.IsFinite(v))
                    {
                        values.Add(new IndicatorValue(id, country, year, v, source));
                    }
                }

                var exports = network.OutValue(i);
                var imports = network.InValue(i);
                Add(Exports, exports * scale);
                Add(Imports, imports * scale);
                Add(Total, (exports + imports) * scale);
                if (dollars is not null && gdp.TryGetValue((country, year), out var g) && g > 0)
                {
                    Add(Depth, (exports + imports) * scale / g);
                }

                Add(BreadthExports, breadth?.Exports[i]);
                Add(BreadthImports, breadth?.Imports[i]);
                Add(PageRank, pageRank?[i]);
                Add(Eigenvector, eigenvector?[i]);
                Add(Partners, partners?[i]);
            }
        }

        return values;
    }

    private static double[] Mean(double[] a, double[] b) => [.. a.Select((x, i) => (x + b[i]) / 2)];

    /// <summary>GDP in current US dollars by (ISO alpha-3, year), from the World Bank file the product ships.</summary>
    public static Dictionary<(string Country, int Year), double> ReadGdp()
    {
        var gdp = new Dictionary<(string, int), double>();
        foreach (var line in CsvLine.ReadLines(TradeFiles.Gdp).Skip(1))
        {
            var f = CsvLine.Split(line);
            if (f.Count == 4 && int.TryParse(f[2], NumberStyles.None, CultureInfo.InvariantCulture, out var year)
                && double.TryParse(f[3], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0)
            {
                gdp[(f[1], year)] = value;
            }
        }

        return gdp;
    }

    /// <summary>The ISO 3166-1 alpha-3 codes of the shipped country list.</summary>
    public static HashSet<string> IsoCountries() =>
        [.. CsvLine.ReadLines(TradeFiles.Countries).Skip(1).Select(CsvLine.Split).Where(f => f.Count > 1 && f[1].Length == 3).Select(f => f[1])];
}
