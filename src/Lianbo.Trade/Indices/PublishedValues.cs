using System.Text.Json;

namespace Lianbo.Trade.Indices;

public sealed record PublishedValue(int Year, double Value);

/// <summary>
/// Index values another publisher published (<c>data/indices/published-*.json</c>), shown beside Lianbo's own and
/// labelled as theirs, with a sentence on why the methods differ; never an input to a computation.
/// </summary>
public sealed record PublishedValues(string PublisherEn, string PublisherZh, IReadOnlyDictionary<string, IReadOnlyList<PublishedValue>> Indices, string WhyEn, string WhyZh)
{
    public const string Prefix = "published-";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>Every published-*.json shipped, by file order.</summary>
    public static IReadOnlyList<PublishedValues> Shipped(string? directory = null) =>
        [.. Directory.EnumerateFiles(directory ?? TradeFiles.Indices, Prefix + "*.json").Order(StringComparer.Ordinal)
            .Select(f => JsonSerializer.Deserialize<PublishedValues>(File.ReadAllText(f), Json)!)];
}
