using System.Text.Json;
using Lianbo.Trade.Queries;
using Lianbo.Trade.Store;

namespace Lianbo.Trade.Indices;

public sealed record Bloc(string Id, string NameEn, string NameZh, IReadOnlyList<string> Members);

/// <summary>
/// Country blocs for the fragmentation monitor (<c>data/indices/blocs*.json</c>). Countries in no bloc belong to
/// <paramref name="Others"/> when it names a bloc id of its own (e.g. the non-aligned), else they are left out.
/// </summary>
public sealed record BlocSet(string Id, string NameEn, string NameZh, string Source, IReadOnlyList<Bloc> Blocs, string? Others = null)
{
    public static BlocSet Load(string path)
    {
        BlocSet? set;
        try
        {
            using var stream = File.OpenRead(path);
            set = JsonSerializer.Deserialize<BlocSet>(stream, IndexDefinition.Json);
        }
        catch (JsonException e)
        {
            throw new TradeDataException(Path.GetFileName(path), e.LineNumber + 1, e.Message);
        }

        if (set is not { Blocs.Count: > 0 })
        {
            throw new TradeDataException(Path.GetFileName(path), null, TradeText.Format("BlocsEmpty"));
        }

        var twice = set.Blocs.SelectMany(b => b.Members.Select(m => (Bloc: b.Id, Member: m))).GroupBy(p => p.Member, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null)
        {
            throw new TradeDataException(Path.GetFileName(path), null, TradeText.Format("BlocsOverlap", twice.Key, string.Join(", ", twice.Select(p => p.Bloc))));
        }

        return set;
    }

    /// <summary>The bloc files shipped in <c>data/indices</c> (<c>blocs-ID.json</c>), by ID.</summary>
    public static IReadOnlyDictionary<string, string> Shipped() =>
        Directory.EnumerateFiles(TradeFiles.Indices, "blocs-*.json").ToDictionary(f => Path.GetFileNameWithoutExtension(f)["blocs-".Length..], f => f, StringComparer.OrdinalIgnoreCase);

    /// <summary>The bloc of a country, or null when it is in none and there is no bloc for the others.</summary>
    public string? BlocOf(string country) =>
        Blocs.FirstOrDefault(b => b.Members.Contains(country, StringComparer.Ordinal))?.Id ?? Others;
}

/// <summary>Trade within and between blocs from one year to the next, and the difference of the growth rates.</summary>
/// <param name="Comparable">False when the two years come from different sources or revisions (or one is generated), so growth mixes data sets.</param>
public sealed record FragmentationYear(
    int Year, int PreviousYear, double Within, double Between, double WithinBefore, double BetweenBefore, bool Comparable, string Dataset,
    IReadOnlyList<BlocPairFlow> Pairs)
{
    public double WithinGrowth => Within / WithinBefore - 1;

    public double BetweenGrowth => Between / BetweenBefore - 1;

    /// <summary>Between-bloc growth minus within-bloc growth: below zero, trade across blocs grows slower (fragmentation).</summary>
    public double Gap => BetweenGrowth - WithinGrowth;
}

/// <summary>Trade from one bloc to another (or within one, From = To) in a year and the year before.</summary>
public sealed record BlocPairFlow(string From, string To, double Value, double Before)
{
    public double Growth => Value / Before - 1;
}

/// <summary>
/// The fragmentation monitor after the IMF's 2023 approach (G. Gopinath, "Cold War II? Preserving Economic Cooperation
/// Amid Geoeconomic Fragmentation", speech, 11 December 2023; Gopinath, Gourinchas, Presbitero and Topalova, "Changing
/// Global Linkages: A New Cold War?", IMF Working Paper 24/76, 2024): countries grouped into blocs, bilateral trade split
/// into flows within a bloc and flows between blocs, and the year-on-year growth of each compared, for every two
/// consecutive stored years. The IMF estimates the gap with a gravity model on granular data; Lianbo reports the plain growth
/// rates of annual values, which the same data reproduce exactly.
/// </summary>
public static class Fragmentation
{
    public static async Task<IReadOnlyList<FragmentationYear>> ComputeAsync(TradeStore store, BlocSet blocs, CancellationToken ct = default)
    {
        var queries = new TradeQueries(store);
        var flows = new List<(DatasetInfo Dataset, Dictionary<(string, string), double> Pairs)>();
        foreach (var dataset in await queries.EveryYearAsync(ct))
        {
            var network = await queries.NetworkAsync(dataset, (HsFilter?)null, ct);
            var pairs = new Dictionary<(string, string), double>();
            for (var i = 0; i < network.Count; i++)
            {
                if (blocs.BlocOf(network.Countries[i]) is not { } from)
                {
                    continue;
                }

                for (var a = network.OutStart[i]; a < network.OutStart[i + 1]; a++)
                {
                    if (blocs.BlocOf(network.Countries[network.OutTarget[a]]) is { } to)
                    {
                        pairs[(from, to)] = pairs.GetValueOrDefault((from, to)) + network.OutWeight[a];
                    }
                }
            }

            flows.Add((dataset, pairs));
        }

        var result = new List<FragmentationYear>();
        for (var k = 1; k < flows.Count; k++)
        {
            var (before, now) = (flows[k - 1], flows[k]);
            // Year over year only: growth across a gap of years is not what the monitor reports.
            if (now.Dataset.Year - before.Dataset.Year != 1)
            {
                continue;
            }

            var comparable = string.Equals(before.Dataset.Source, now.Dataset.Source, StringComparison.Ordinal)
                && string.Equals(before.Dataset.Revision, now.Dataset.Revision, StringComparison.Ordinal)
                && before.Dataset.Generated == now.Dataset.Generated && string.Equals(before.Dataset.Unit, now.Dataset.Unit, StringComparison.Ordinal);
            var keys = before.Pairs.Keys.Union(now.Pairs.Keys).Order().ToList();
            var pairs = keys.Select(p => new BlocPairFlow(p.Item1, p.Item2, now.Pairs.GetValueOrDefault(p), before.Pairs.GetValueOrDefault(p))).ToList();
            double Sum(bool within, Func<BlocPairFlow, double> value) => pairs.Where(p => (p.From == p.To) == within).Sum(value);
            result.Add(new FragmentationYear(now.Dataset.Year, before.Dataset.Year, Sum(true, p => p.Value), Sum(false, p => p.Value),
                Sum(true, p => p.Before), Sum(false, p => p.Before), comparable, $"{now.Dataset.Source} {now.Dataset.Revision}{(now.Dataset.Generated ? " (generated)" : "")}", pairs));
        }

        return result;
    }
}
