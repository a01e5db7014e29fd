using Lianbo.Trade.Store;

namespace Lianbo.Trade.Indices;

/// <summary>
/// Builds indices from their definition files: reads every indicator they use from the sources (the trade store's
/// own measures and GDP, the complexity engine's ECI, the imported indicator files, and any other source given), scores every year with the rank bands of the sensitivity analysis, and stores the result.
/// </summary>
public sealed class IndexBuilder(TradeStore store, IEnumerable<IIndicatorSource>? extraSources = null)
{
    /// <summary>The definitions in a folder (<c>*.json</c> other than bloc files and published values), checked; by default those shipped.</summary>
    public static IReadOnlyList<IndexDefinition> LoadDefinitions(string? directory = null) =>
        [.. Directory.EnumerateFiles(directory ?? TradeFiles.Indices, "*.json")
            .Where(f => !Path.GetFileName(f).StartsWith("blocs", StringComparison.Ordinal) && !Path.GetFileName(f).StartsWith(PublishedValues.Prefix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).Select(IndexDefinition.Load)];

    /// <summary>Reads the indicators the definitions use from every source, once.</summary>
    public async Task<(IndicatorTable Table, IReadOnlyDictionary<int, (string Dataset, bool Generated)> Datasets)> ReadAsync(
        IReadOnlyList<IndexDefinition> definitions, CancellationToken ct = default)
    {
        var ids = definitions.SelectMany(d => d.IndicatorIds).Append(CompositeIndex.TradeTotal).ToHashSet(StringComparer.Ordinal);
        // Held so that the sources' own connections find the database open: DuckDB closes the file with its last
        // connection, and opening it again costs tens of milliseconds each time.
        await using var open = store.Open();
        var trade = new TradeIndicatorSource(store);
        // An imported series of an indicator replaces the one computed here, value by value; an imported ECI (e.g. the
        // Atlas's) replaces the engine's for its whole year, so that two scales never mix in one year's ranking and the
        // engine does not compute a year it would lose.
        var given = new List<IndicatorValue>();
        foreach (var source in (IIndicatorSource[])[new ExternalIndicators(store), .. extraSources ?? []])
        {
            given.AddRange(await source.ReadAsync(ids, ct));
        }

        var eciYears = given.Where(v => v.Indicator == Complexity.ComplexityIndicatorSource.Eci).Select(v => v.Year).ToHashSet();
        IIndicatorSource[] sources = [trade, new Complexity.ComplexityIndicatorSource(store, skipYears: eciYears), new InMemoryIndicatorSource(given)];
        var table = await IndicatorTable.FromSourcesAsync(sources, ids, ct);
        var datasets = trade.Datasets.ToDictionary(d => d.Year, d => ($"{d.Source} {d.Revision} {d.Year}", d.Generated));
        return (table, datasets);
    }

    /// <summary>Builds and stores each definition; draws and seed override the definition's sensitivity settings when given.</summary>
    public async Task<IReadOnlyList<IndexResult>> BuildAsync(IReadOnlyList<IndexDefinition> definitions, int? draws = null, int? seed = null, CancellationToken ct = default)
    {
        await using var open = store.Open();
        var (table, datasets) = await ReadAsync(definitions, ct);
        var results = new List<IndexResult>();
        var indices = new IndexStore(store);
        foreach (var definition in definitions)
        {
            ct.ThrowIfCancellationRequested();
            var settings = Settings(definition, draws, seed);
            var result = Sensitivity.Run(definition, table, settings);
            await indices.SaveAsync(result, datasets, settings.Draws, settings.Seed, ct);
            results.Add(result);
        }

        return results;
    }

    public static SensitivitySettings Settings(IndexDefinition definition, int? draws, int? seed)
    {
        var settings = definition.SensitivityOrDefault;
        return settings with { Draws = draws ?? settings.Draws, Seed = seed ?? settings.Seed };
    }
}
