using Lianbo.Trade.OpenData;
using Lianbo.Trade.Store;

namespace Lianbo.Trade.Indices;

/// <summary>
/// Where one indicator of an index comes from, as the store holds it: the sources of its values, the licence when
/// they are the open data the product ships (null for a user's own file: its terms are the user's), and its span.
/// </summary>
public sealed record IndicatorSourceInfo(string Indicator, string NameEn, string NameZh, string Source, string? Licence, int Countries, int? FirstYear, int? LastYear);

/// <summary>The sources and licences of the indicators an index uses, for every page and export that shows the index.</summary>
public static class IndexSources
{
    public static async Task<IReadOnlyList<IndicatorSourceInfo>> ForAsync(TradeStore store, IndexDefinition definition, CancellationToken ct = default)
    {
        var imported = (await new ExternalIndicators(store).ListAsync(ct)).ToDictionary(s => s.Indicator, StringComparer.Ordinal);
        var manifest = File.Exists(Path.Combine(OpenDataManifest.ShippedDirectory, OpenDataManifest.FileName)) ? OpenDataManifest.Load(OpenDataManifest.ShippedDirectory) : null;
        var open = manifest?.Indicators.GroupBy(i => i.Indicator, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal) ?? [];
        var datasets = await store.ListDatasetsAsync(ct);
        var list = new List<IndicatorSourceInfo>();
        foreach (var id in definition.IndicatorIds)
        {
            var entry = IndicatorCatalogue.Find(id);
            var (en, zh) = (entry?.NameEn ?? id, entry?.NameZh ?? id);
            if (id.StartsWith("trade.", StringComparison.Ordinal))
            {
                var used = datasets.GroupBy(d => (d.Source, d.Revision)).Select(g => (g.Key.Source, g.Key.Revision, Years: g.Select(d => d.Year).ToList())).ToList();
                var text = used.Count == 0 ? "" : string.Join("; ", used.Select(u => $"{u.Source} {u.Revision} {u.Years.Min()}–{u.Years.Max()}"));
                var licence = manifest is not null && used.Count > 0 && used.All(u => u.Source == manifest.Trade.Source) ? manifest.Trade.Licence : null;
                list.Add(new IndicatorSourceInfo(id, en, zh, text, licence, 0, datasets.Count == 0 ? null : datasets.Min(d => d.Year), datasets.Count == 0 ? null : datasets.Max(d => d.Year)));
            }
            else if (imported.TryGetValue(id, out var summary))
            {
                var licence = open.TryGetValue(id, out var o) && summary.Sources.Contains(o.Source, StringComparison.Ordinal) ? o.Licence : null;
                list.Add(new IndicatorSourceInfo(id, en, zh, summary.Sources, licence, summary.Countries, summary.FirstYear, summary.LastYear));
            }
            else
            {
                list.Add(new IndicatorSourceInfo(id, en, zh, "", null, 0, null, null));
            }
        }

        return list;
    }
}
