namespace Lianbo.Trade.Metrics;

/// <summary>The measures of <see cref="CountryMetrics"/> a ranking or a map can be asked for, by their JSON names.</summary>
public static class CountryMeasures
{
    /// <summary>Name → measure, in the order a page lists them; names are matched without regard to case.</summary>
    public static readonly OrderedDictionary<string, Func<CountryMetrics, double?>> All = new(StringComparer.OrdinalIgnoreCase)
    {
        ["exports"] = m => m.Exports, ["imports"] = m => m.Imports, ["exportShare"] = m => m.ExportShare, ["importShare"] = m => m.ImportShare,
        ["partnersOut"] = m => m.PartnersOut, ["partnersIn"] = m => m.PartnersIn, ["strength"] = m => m.Strength, ["pageRank"] = m => m.PageRank,
        ["eigenvectorIn"] = m => m.EigenvectorIn, ["eigenvectorOut"] = m => m.EigenvectorOut, ["hub"] = m => m.Hub, ["authority"] = m => m.Authority,
        ["betweenness"] = m => m.Betweenness, ["clustering"] = m => m.Clustering,
    };

    /// <summary>Measures that are sums of trade value, in the dataset's unit (the others are counts, shares or scores).</summary>
    public static bool IsValue(string measure) =>
        measure.Equals("exports", StringComparison.OrdinalIgnoreCase) || measure.Equals("imports", StringComparison.OrdinalIgnoreCase)
        || measure.Equals("strength", StringComparison.OrdinalIgnoreCase);

    /// <summary>The countries ranked by one measure, highest first; countries where it is undefined are left out.</summary>
    public static IEnumerable<(CountryMetrics Country, double Value)> Rank(IEnumerable<CountryMetrics> countries, string measure)
    {
        var get = All[measure];
        return countries.Select(c => (Country: c, Value: get(c))).Where(r => r.Value is not null)
            .Select(r => (r.Country, r.Value!.Value)).OrderByDescending(r => r.Item2).ThenBy(r => r.Country.Country, StringComparer.Ordinal);
    }
}
