namespace Lianbo.Trade.Indices;

/// <summary>One observed value of an indicator for a country (ISO alpha-3) in a year, with where it came from.</summary>
public sealed record IndicatorValue(string Indicator, string Country, int Year, double Value, string Source);

/// <summary>
/// Where an index's indicators come from: the trade store (trade-derived), the imported indicator files, the World
/// Bank GDP file, or another engine's output (e.g. the economic complexity index) that implements this.
/// </summary>
public interface IIndicatorSource
{
    /// <summary>The values this source holds of the indicators asked for (ids it does not know are ignored).</summary>
    Task<IReadOnlyList<IndicatorValue>> ReadAsync(IReadOnlySet<string> indicators, CancellationToken ct = default);
}

/// <summary>Indicator values in memory, by (indicator, country, year); a later value for the same key replaces the earlier.</summary>
public sealed class IndicatorTable
{
    private readonly Dictionary<(string Indicator, string Country, int Year), IndicatorValue> _values = [];

    public IndicatorTable(IEnumerable<IndicatorValue>? values = null)
    {
        foreach (var value in values ?? [])
        {
            Add(value);
        }
    }

    public int Count => _values.Count;

    public void Add(IndicatorValue value) => _values[(value.Indicator, value.Country, value.Year)] = value;

    public void Add(string indicator, string country, int year, double value, string source = "test") =>
        Add(new IndicatorValue(indicator, country, year, value, source));

    public double? Get(string indicator, string country, int year) =>
        _values.TryGetValue((indicator, country, year), out var v) ? v.Value : null;

    public IEnumerable<IndicatorValue> Values => _values.Values;

    /// <summary>The years an indicator has any value in, oldest first.</summary>
    public IReadOnlyList<int> Years(string indicator) =>
        [.. _values.Keys.Where(k => string.Equals(k.Indicator, indicator, StringComparison.Ordinal)).Select(k => k.Year).Distinct().Order()];

    /// <summary>Reads every source's values of the indicators asked for; where two sources hold the same key, the later source wins.</summary>
    public static async Task<IndicatorTable> FromSourcesAsync(IEnumerable<IIndicatorSource> sources, IReadOnlySet<string> indicators, CancellationToken ct = default)
    {
        var table = new IndicatorTable();
        foreach (var source in sources)
        {
            foreach (var value in await source.ReadAsync(indicators, ct))
            {
                table.Add(value);
            }
        }

        return table;
    }
}

/// <summary>A fixed set of values as a source: for tests, and for engines that compute their indicators in memory.</summary>
public sealed class InMemoryIndicatorSource(IEnumerable<IndicatorValue> values) : IIndicatorSource
{
    public Task<IReadOnlyList<IndicatorValue>> ReadAsync(IReadOnlySet<string> indicators, CancellationToken ct = default) =>
        Task.FromResult<IReadOnlyList<IndicatorValue>>([.. values.Where(v => indicators.Contains(v.Indicator))]);
}
