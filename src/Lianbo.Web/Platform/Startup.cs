using System.Globalization;
using Lianbo.Core;
using Lianbo.Core.Accounts;
using Lianbo.Core.Data;
using Lianbo.Core.Files;
using Lianbo.Core.Reference;
using Lianbo.Trade.Store;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.AspNetCore.DataProtection;

namespace Lianbo.Web.Platform;

public static class Startup
{
    public const string UrlSetting = "Lianbo:Url";
    public const string DefaultUrl = "http://127.0.0.1:5080";

    public static IServiceCollection AddLianboStartup(this IServiceCollection services) =>
        services.AddSingleton(sp => TradeStore.InDirectory(sp.GetRequiredService<IOptions<LianboOptions>>().Value.DataDirectory));

    /// <summary>Keeps the keys that protect cookies and forms under the data directory, so restarts do not void them.</summary>
    public static IServiceCollection AddLianboDataProtection(this IServiceCollection services)
    {
        services.AddDataProtection().SetApplicationName("Lianbo");
        services.AddOptions<Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions>()
            .Configure<IOptions<LianboOptions>>((o, lianbo) =>
                o.XmlRepository = new Microsoft.AspNetCore.DataProtection.Repositories.FileSystemXmlRepository(
                    new DirectoryInfo(Path.Combine(lianbo.Value.DataDirectory, "keys")), NullLoggerFactory.Instance));
        return services;
    }

    /// <summary>Listens on <c>Lianbo:Url</c> (default http://127.0.0.1:5080); a malformed URL or port stops start-up.</summary>
    public static void UseLianboUrl(this IWebHostBuilder host, IConfiguration configuration)
    {
        var url = configuration[UrlSetting] ?? DefaultUrl;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Port is < 1 or > 65535)
        {
            throw new ConfigurationException(UrlSetting, Messages.Format("BadUrl", url));
        }

        host.UseUrls(url);
    }

    /// <summary>Migrates the platform store, loads the reference data and creates the trade store.</summary>
    public static async Task InitialiseStoresAsync(this IServiceProvider services, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        var log = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("Lianbo.Startup");
        var options = scope.ServiceProvider.GetRequiredService<IOptions<LianboOptions>>().Value;
        var db = scope.ServiceProvider.GetRequiredService<LianboDbContext>();
        var applied = await DatabaseProvider.MigrateAsync(db, ct);
        var fresh = applied.Count > 0 && applied.Count == db.Database.GetMigrations().Count();
        await AccountsSetup.EnsureRolesAsync(scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>());
        var result = await scope.ServiceProvider.GetRequiredService<ReferenceLoader>().LoadAsync(options.ResolvedReferenceDirectory, ct: ct);
        log.LogInformation("Reference data {State}: {Countries} countries, {Codes} HS codes, {Groups} country groups",
            result.Changed ? "loaded" : "unchanged", result.Countries, result.HsCodes, result.Groups);
        if (await scope.ServiceProvider.GetRequiredService<Core.Chains.ChainStore>().LoadShippedAsync(options.ResolvedChainsDirectory, ct))
        {
            log.LogInformation("Chains loaded from {Directory}", options.ResolvedChainsDirectory);
        }

        // Only on a store created just now, so that a removed demo does not come back at the next start.
        if (fresh && options.LoadDemoOnFreshStore && await scope.ServiceProvider.GetRequiredService<Core.Expo.DemoData>().LoadAsync(ct))
        {
            log.LogInformation("Demo editions loaded (remove them with `lianbo demo remove`)");
        }

        await scope.ServiceProvider.GetRequiredService<TradeStore>().InitialiseAsync(ct);
    }
}

/// <summary>Turns the failures a user can fix (settings, data files, a busy port) into one line.</summary>
public static class StartupFailure
{
    public static string? Describe(Exception e) => e switch
    {
        AggregateException { InnerExceptions.Count: 1 } a => Describe(a.InnerException!),
        ConfigurationException or DataFileException => e.Message,
        OptionsValidationException o => Messages.Format("BadSetting", LianboOptions.Section, string.Join("; ", o.Failures)),
        IOException io when io.Message.Contains("address", StringComparison.OrdinalIgnoreCase) =>
            Messages.Format("BadSetting", Startup.UrlSetting, io.Message),
        _ => null,
    };
}

internal sealed class StoreHealthCheck(LianboDbContext db, TradeStore trade) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var platform = await db.Database.CanConnectAsync(cancellationToken);
        var analytics = await trade.IsHealthyAsync(cancellationToken);
        return platform && analytics
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy(string.Create(CultureInfo.InvariantCulture, $"platform store: {platform}, trade store: {analytics}"));
    }
}
