using System.Collections.Concurrent;
using Lianbo.Core.Chains;
using Lianbo.Core.Data;
using Lianbo.Trade;
using Lianbo.Trade.InputOutput;
using Lianbo.Trade.Store;
using Microsoft.Extensions.Options;

namespace Lianbo.Web.InputOutput;

/// <summary>
/// The input–output tables for the pages, the API and the scenarios. A table's measures take seconds to compute (two
/// inverses of a 1,435 × 1,435 matrix, the decomposition, upstreamness), so each stored table is analysed once, on
/// first use, off the request thread, and kept in memory until an import replaces it. An analysis is read-only once
/// built, so every request can use it at the same time.
/// </summary>
/// <param name="chainsDirectory">Where the stage maps are (<c>io/FAMILY.csv</c> under the chains directory).</param>
/// <param name="stages">The chain stages that exist, to check the stage maps against.</param>
public sealed class IoService(TradeStore trade, string chainsDirectory, Func<CancellationToken, Task<IReadOnlySet<(string Chain, string Stage)>>> stages, ILogger log)
{
    /// <summary>The service of the web app: the configured chains directory, the stages of the chains in the platform store.</summary>
    public static IoService Create(IServiceProvider services) => new(
        services.GetRequiredService<TradeStore>(), services.GetRequiredService<IOptions<LianboOptions>>().Value.ResolvedChainsDirectory,
        async ct =>
        {
            using var scope = services.CreateScope();
            return await StagesAsync(scope.ServiceProvider.GetRequiredService<ChainStore>(), ct);
        },
        services.GetRequiredService<ILogger<IoService>>());

    /// <summary>Every (chain, stage) of the chains in the store.</summary>
    public static async Task<IReadOnlySet<(string Chain, string Stage)>> StagesAsync(ChainStore chains, CancellationToken ct = default)
    {
        var all = new HashSet<(string, string)>();
        foreach (var summary in await chains.ListAsync(ct))
        {
            if (await chains.GetAsync(summary.Id, ct) is { } chain)
            {
                all.UnionWith(chain.Stages.Select(s => (chain.Id, s.Id)));
            }
        }

        return all;
    }

    private readonly ConcurrentDictionary<IoKey, Lazy<Task<IoAnalysis?>>> _analyses = new();

    public IoStore Store { get; } = new(trade);

    public Task<IReadOnlyList<IoTableInfo>> ListAsync(CancellationToken ct = default) => Store.ListAsync(ct);

    /// <summary>The table a page shows when none is named: the newest year of the first source listed.</summary>
    public async Task<IoKey?> DefaultAsync(CancellationToken ct = default) =>
        (await ListAsync(ct)).OrderBy(t => t.Key.Source, StringComparer.Ordinal).ThenByDescending(t => t.Key.Year).FirstOrDefault()?.Key;

    /// <summary>The analysis of a stored table (null when none is stored), every measure computed.</summary>
    public Task<IoAnalysis?> AnalysisAsync(IoKey key) =>
        _analyses.GetOrAdd(key, k => new Lazy<Task<IoAnalysis?>>(() => Task.Run(() => BuildAsync(k)))).Value;

    /// <summary>Reads and stores a table; the cached analysis of that key is dropped.</summary>
    public async Task<(IoTableInfo Info, IReadOnlyList<IdentityViolation> Violations)> ImportAsync(IoFormat format, string path, int? year, CancellationToken ct = default)
    {
        var result = await Store.ImportAsync(format, path, year, ct);
        _analyses.TryRemove(result.Info.Key, out _);
        return result;
    }

    /// <summary>Imports the shipped WIOD 2013 year when the store does not hold it yet.</summary>
    public async Task<bool> LoadShippedAsync(int year, CancellationToken ct = default)
    {
        if ((await ListAsync(ct)).Any(t => t.Key == new IoKey(WiodReader.Source, WiodReader.Release, year)))
        {
            return false;
        }

        await ImportAsync(IoFormat.Wiod2013, WiodReader.ShippedDirectory, year, ct);
        return true;
    }

    /// <summary>The stage map of a table family, checked against the chains in the store; empty when the family has none.</summary>
    public async Task<IReadOnlyList<IoStageLink>> StageMapAsync(IoTable table, CancellationToken ct = default)
    {
        var path = Path.Combine(chainsDirectory, "io", IoSectors.Family(table.Source, table.Release) + ".csv");
        if (!File.Exists(path))
        {
            return [];
        }

        var known = await stages(ct);
        return IoSectors.ReadStageMap(path, new HashSet<string>(table.Sectors, StringComparer.Ordinal), (chain, stage) => known.Contains((chain, stage)));
    }

    private async Task<IoAnalysis?> BuildAsync(IoKey key)
    {
        try
        {
            var table = await Store.LoadAsync(key);
            if (table is null)
            {
                _analyses.TryRemove(key, out _);
                return null;
            }

            IReadOnlyList<IoStageLink> map = [];
            try
            {
                map = await StageMapAsync(table);
            }
            catch (TradeDataException e)
            {
                log.LogError("The industry→stage map is not used: {Problem}", e.Message);
            }

            var clock = System.Diagnostics.Stopwatch.StartNew();
            var analysis = new IoAnalysis(new IoModel(table), map);
            // Everything a request may read, computed now, so that the analysis is read-only afterwards.
            _ = analysis.Model.L;
            _ = analysis.Model.G;
            _ = analysis.Decomposition;
            _ = analysis.Tiva;
            _ = analysis.Upstreamness;
            _ = analysis.Model.A;
            _ = analysis.Model.B;
            _ = analysis.OutputMultipliers;
            _ = analysis.ValueAddedMultipliers;
            _ = analysis.Exports;
            log.LogInformation("Input–output table {Key} analysed in {Seconds:0.0} s", key, clock.Elapsed.TotalSeconds);
            return analysis;
        }
        catch (Exception e)
        {
            // A failure is not cached: the next request tries again.
            log.LogError(e, "Input–output table {Key} could not be analysed", key);
            _analyses.TryRemove(key, out _);
            throw;
        }
    }
}
