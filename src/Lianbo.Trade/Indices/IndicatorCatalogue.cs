using Lianbo.Trade.Import;

namespace Lianbo.Trade.Indices;

/// <summary>One indicator of the catalogue <c>data/indices/indicators.csv</c>: names, unit, where it comes from, its public source.</summary>
public sealed record CatalogueEntry(string Id, string NameEn, string NameZh, string Unit, string Origin, string Source);

/// <summary>The indicator catalogue the product ships, read once.</summary>
public static class IndicatorCatalogue
{
    private static readonly Lazy<IReadOnlyList<CatalogueEntry>> Entries = new(() =>
    {
        var lines = CsvLine.ReadLines(Path.Combine(TradeFiles.Indices, "indicators.csv"));
        var header = CsvLine.Split(lines[0]);
        int At(string name) => header.IndexOf(name);
        var (id, en, zh, unit, origin, source) = (At("id"), At("name_en"), At("name_zh"), At("unit"), At("origin"), At("source"));
        return lines.Skip(1).Where(l => l.Length > 0).Select(CsvLine.Split)
            .Select(f => new CatalogueEntry(f[id], f[en], f[zh], f[unit], f[origin], f[source])).ToList();
    });

    private static readonly Lazy<Dictionary<string, CatalogueEntry>> ById = new(() => Entries.Value.ToDictionary(e => e.Id, StringComparer.Ordinal));

    /// <summary>Every entry, in the catalogue's order.</summary>
    public static IReadOnlyList<CatalogueEntry> All => Entries.Value;

    public static CatalogueEntry? Find(string id) => ById.Value.GetValueOrDefault(id);
}
