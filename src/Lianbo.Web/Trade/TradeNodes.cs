using Lianbo.Core;
using Lianbo.Core.Data;
using Lianbo.Trade.Store;
using Microsoft.Extensions.Options;

namespace Lianbo.Web.Trade;

/// <summary>The "Lianbo:Trade" section: which part this node plays in the trade store of a cluster (docs/operator.md).</summary>
public sealed class TradeStoreOptions
{
    public const string Section = "Lianbo:Trade";

    /// <summary>
    /// <c>single</c> (one node: no snapshots, no disk spent on copies), <c>writer</c> (imports and builds here, and publishes a
    /// snapshot after each) or <c>reader</c> (answers from the newest snapshot, refuses imports): DuckDB lets one process write a
    /// file or many read it, never both.
    /// </summary>
    public TradeRole Role { get; set; } = TradeRole.Single;

    /// <summary>
    /// The folder of <c>trade.duckdb</c> and its <c>trade-snapshots/</c>, shared by the writer and the readers; by default the
    /// state directory.
    /// </summary>
    public string? Directory { get; set; }

    public TradeStore Create(string stateDirectory) =>
        TradeStore.InDirectory(Path.GetFullPath(Directory is { Length: > 0 } shared ? shared : stateDirectory), Role);

    /// <summary>The trade store this configuration names: the web app's and the command line's.</summary>
    public static TradeStore Create(IConfiguration configuration, string stateDirectory) =>
        (configuration.GetSection(Section).Get<TradeStoreOptions>() ?? new()).Create(stateDirectory);
}

public static class TradeNodes
{
    /// <summary>The web app's trade store, kept open, in the role the settings give it; a writer logs each snapshot it publishes.</summary>
    public static IServiceCollection AddLianboTradeStore(this IServiceCollection services)
    {
        services.AddOptions<TradeStoreOptions>().BindConfiguration(TradeStoreOptions.Section).ValidateOnStart();
        services.AddHostedService<SnapshotWatch>();
        return services.AddSingleton(sp =>
        {
            var store = sp.GetRequiredService<IOptions<TradeStoreOptions>>().Value.Create(sp.GetRequiredService<IOptions<LianboOptions>>().Value.DataDirectory).KeepOpen();
            var log = sp.GetRequiredService<ILoggerFactory>().CreateLogger("Lianbo.Trade");
            store.Published += s => log.LogInformation("Trade snapshot {Generation} published for the reader nodes: {File}, {Megabytes:0.0} MB in {Seconds:0.00} s",
                s.Generation, s.File, s.Bytes / 1048576.0, s.Elapsed.TotalSeconds);
            store.PublishFailed += e => log.LogError(e, "The trade snapshot could not be published in {Directory}; the reader nodes keep the previous one", store.SnapshotDirectory);
            return store;
        });
    }

    /// <summary>
    /// On a reader node, looks for a newer snapshot every <see cref="TradeStore.SnapshotCheckInterval"/>, so that the answers the
    /// node keeps in memory (public reads) are dropped when the writer publishes, also while no request reaches the store.
    /// </summary>
    private sealed class SnapshotWatch(TradeStore store, ILogger<SnapshotWatch> log) : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            if (store.Role != TradeRole.Reader)
            {
                return;
            }

            using var timer = new PeriodicTimer(TradeStore.SnapshotCheckInterval);
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    store.CheckSnapshot();
                }
                catch (DuckDB.NET.Data.DuckDBException e)
                {
                    log.LogWarning(e, "The trade snapshot in {Directory} could not be opened; the next look is in a second", store.SnapshotDirectory);
                }
            }
        }
    }

    /// <summary>
    /// For the endpoints that write the trade store (imports, index builds): on a reader node a 409 that says to send them to
    /// the writer, before the body is read; the reverse proxy routes them there (docs/operator.md).
    /// </summary>
    public static RouteHandlerBuilder RequireTradeWriter(this RouteHandlerBuilder endpoint) =>
        endpoint.AddEndpointFilter(async (context, next) =>
                context.HttpContext.RequestServices.GetRequiredService<TradeStore>().Role == TradeRole.Reader
                    ? TypedResults.Problem(Messages.Format("TradeReaderNode"), statusCode: StatusCodes.Status409Conflict, title: Messages.Format("TradeReaderTitle"))
                    : await next(context))
            .ProducesProblem(StatusCodes.Status409Conflict);
}
