using Lianbo.Core;
using Lianbo.Core.Accounts;
using Lianbo.Core.Data;
using Lianbo.Core.Files;
using Lianbo.Core.Reference;
using Lianbo.Trade.Store;
using Lianbo.Web.Trade;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.AspNetCore.DataProtection.KeyManagement;

namespace Lianbo.Web.Platform;

public static class Startup
{
    public const string UrlSetting = "Lianbo:Url";
    public const string DefaultUrl = "http://127.0.0.1:5080";

    public static IServiceCollection AddLianboStartup(this IServiceCollection services) => services.AddLianboTradeStore();

    /// <summary>
    /// Listens where the standard switches say (<c>--urls</c>, <c>ASPNETCORE_URLS</c>, <c>ASPNETCORE_HTTP_PORTS</c>,
    /// Kestrel endpoints), and otherwise on <c>Lianbo:Url</c> (default http://127.0.0.1:5080); a malformed URL or
    /// port stops start-up. Never announces the server in a <c>Server</c> header.
    /// </summary>
    public static void UseLianboUrl(this IWebHostBuilder host, IConfiguration configuration)
    {
        host.ConfigureKestrel(o => o.AddServerHeader = false);
        if (configuration[WebHostDefaults.ServerUrlsKey] is { Length: > 0 } || configuration[WebHostDefaults.HttpPortsKey] is { Length: > 0 }
            || configuration[WebHostDefaults.HttpsPortsKey] is { Length: > 0 } || configuration.GetSection("Kestrel:Endpoints").Exists())
        {
            return;
        }

        var url = configuration[UrlSetting] ?? DefaultUrl;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Port is < 1 or > 65535)
        {
            throw new ConfigurationException(UrlSetting, Messages.Format("BadUrl", url));
        }

        host.UseUrls(url);
    }

    /// <summary>
    /// Moves a legacy install's state out of <c>./data/</c>, migrates the platform store, loads the reference
    /// data, the chains and (on a fresh store) the demo, creates the trade store, loads the open data into it when its
    /// files changed and revokes published keys;
    /// says what it is doing, since a first start takes a while.
    /// </summary>
    public static async Task InitialiseStoresAsync(this IServiceProvider services, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        var log = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("Lianbo.Startup");
        var options = scope.ServiceProvider.GetRequiredService<IOptions<LianboOptions>>().Value;
        var moved = StateDirectory.MoveLegacyState(options.DataDirectory, StateDirectory.Legacy, KeyRing.Leaked);
        if (moved.Count > 0)
        {
            log.LogWarning("Moved this install's state from {Legacy} to {State}: {Entries}. What an install writes now lives apart from the files Lianbo ships",
                Path.GetFullPath(StateDirectory.Legacy), Path.GetFullPath(options.DataDirectory), string.Join(", ", moved));
        }

        var db = scope.ServiceProvider.GetRequiredService<LianboDbContext>();
        var applied = await DatabaseProvider.MigrateAsync(db, ct,
            pending => log.LogInformation("Preparing the platform store ({Store}): {Count} migrations to apply", DatabaseProvider.Describe(db), pending));
        var fresh = applied.Count > 0 && applied.Count == db.Database.GetMigrations().Count();
        await AccountsSetup.EnsureRolesAsync(scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>());
        if (fresh)
        {
            log.LogInformation("Loading the reference data (countries, HS codes, country groups) from {Directory}", options.ResolvedReferenceDirectory);
        }

        var result = await scope.ServiceProvider.GetRequiredService<ReferenceLoader>().LoadAsync(options.ResolvedReferenceDirectory, ct: ct);
        log.LogInformation("Reference data {State}: {Countries} countries, {Codes} HS codes, {Groups} country groups",
            result.Changed ? "loaded" : "unchanged", result.Countries, result.HsCodes, result.Groups);
        if (await scope.ServiceProvider.GetRequiredService<Core.Chains.ChainStore>().LoadShippedAsync(options.ResolvedChainsDirectory, ct))
        {
            log.LogInformation("Chains loaded from {Directory}", options.ResolvedChainsDirectory);
        }

        // After the reference data and chains they name; the gravity years are ScenarioRunner.GravityYears (the shipped panel's).
        var scenarios = scope.ServiceProvider.GetRequiredService<Core.Scenarios.ScenarioStore>();
        var presets = await scenarios.LoadPresetsAsync(options.ResolvedScenariosDirectory, await scenarios.ContextAsync(ct), ct);
        if (presets.Added.Count + presets.Updated.Count > 0)
        {
            log.LogInformation("Scenario presets from {Directory}: {Added} added, {Updated} updated",
                options.ResolvedScenariosDirectory, presets.Added.Count, presets.Updated.Count);
        }

        if (presets.Skipped.Count > 0)
        {
            log.LogWarning("Scenario presets not loaded because a user's scenario holds their id: {Skipped}", string.Join(", ", presets.Skipped));
        }

        // On a store that never held an edition or an account, and never had the demo removed: a first start cut
        // short (the demo loads in one transaction) finishes here; a removed demo does not come back.
        var demo = scope.ServiceProvider.GetRequiredService<Core.Expo.DemoData>();
        if (options.LoadDemoOnFreshStore && await demo.IsPendingAsync(ct))
        {
            log.LogInformation("Generating the demo editions ({When})", fresh ? "first start" : "the first start did not finish them");
            if (await demo.LoadAsync(ct))
            {
                log.LogInformation("Demo editions loaded (remove them with `lianbo demo remove`)");
            }
        }

        var trade = scope.ServiceProvider.GetRequiredService<TradeStore>();
        if (trade.Role == TradeRole.Reader)
        {
            // The writer node creates the store, loads the open data and publishes them; this node reads its snapshots.
            log.LogInformation("Trade store: this node reads the snapshots in {Directory} ({Current})", trade.SnapshotDirectory,
                trade.CurrentSnapshot is { } current ? Path.GetFileName(current) : "none yet: start the writer node");
        }
        else
        {
            await trade.InitialiseAsync(ct);
        }

        // One pass: the loader compares the files' checksums with the last load and reports steps only when it loads.
        if (options.LoadOpenData && trade.Role != TradeRole.Reader)
        {
            var openData = new Lianbo.Trade.OpenData.OpenDataLoader(trade);
            var steps = new Progress<string>(step => log.LogInformation("Open data ({Directory}): {Step}", openData.Directory, step));
            var loaded = await openData.LoadAsync(progress: steps, ct: ct);
            if (loaded.Changed)
            {
                log.LogInformation("Open data loaded: {Values} indicator values, {Rows} trade flows in {Years} years, {Indices} indices built in {Seconds:0.0} s",
                    loaded.IndicatorValues, loaded.TradeRows, loaded.TradeYears, loaded.IndicesBuilt, loaded.Elapsed.TotalSeconds);
            }

            // The newest year of the shipped world input–output table; the other years with `lianbo io import`.
            var io = scope.ServiceProvider.GetRequiredService<InputOutput.IoService>();
            if (await io.LoadShippedAsync(Lianbo.Trade.InputOutput.WiodReader.LastYear, ct))
            {
                log.LogInformation("Input–output table WIOD 2013 release, {Year}, loaded", Lianbo.Trade.InputOutput.WiodReader.LastYear);
            }

        }

        // The store may have changed while no writer published (a command-line import on a stopped node): readers start from it as it is.
        if (trade.Role == TradeRole.Writer)
        {
            await trade.PublishAsync();
        }

        foreach (var key in KeyRing.RevokeLeaked(scope.ServiceProvider.GetRequiredService<IKeyManager>()))
        {
            log.LogWarning("Revoked Data Protection key {Key}: it was published in the Lianbo repository. Everyone signs in again; see CHANGELOG.md", key);
        }
    }
}

/// <summary>Turns the failures a user can fix (settings, data files, a busy port) into one line.</summary>
public static class StartupFailure
{
    // Every options class names its configuration section in a constant "Section" (UploadOptions: Lianbo:Uploads).
    private static string SectionOf(Type options) =>
        options.GetField("Section", System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)?.GetRawConstantValue() as string
        ?? LianboOptions.Section;

    public static string? Describe(Exception e) => e switch
    {
        AggregateException { InnerExceptions.Count: 1 } a => Describe(a.InnerException!),
        ConfigurationException or DataFileException => e.Message,
        OptionsValidationException o => Messages.Format("BadSetting", SectionOf(o.OptionsType), string.Join("; ", o.Failures)),
        IOException io when io.Message.Contains("address", StringComparison.OrdinalIgnoreCase) =>
            Messages.Format("BadSetting", Startup.UrlSetting, io.Message),
        _ => null,
    };
}

