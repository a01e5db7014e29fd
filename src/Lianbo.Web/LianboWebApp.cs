using Lianbo.Core.Data;
using Lianbo.Core.Matchmaking;
using Lianbo.Web.Accounts;
using Lianbo.Web.Chains;
using Lianbo.Web.Expo;
using Lianbo.Web.Matchmaking;
using Lianbo.Web.Meetings;
using Lianbo.Web.Indices;
using Lianbo.Web.InputOutput;
using Lianbo.Web.Trade;
using Lianbo.Web.Components;
using Lianbo.Web.Platform;
using Lianbo.Web.Reference;
using Lianbo.Web.Reports;
using Lianbo.Web.Scenarios;
using Lianbo.Web.Scheduling;
using Microsoft.Extensions.Options;

namespace Lianbo.Web;

/// <summary>The web host: what it adds and maps, in the order a reader wants to know it.</summary>
public static class LianboWebApp
{
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            // Fixed so that `lianbo serve` finds this project's static assets and settings too.
            ApplicationName = typeof(LianboWebApp).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.WebHost.UseStaticWebAssets();
        builder.WebHost.UseLianboUrl(builder.Configuration);

        builder.Services.AddLianboStore(builder.Configuration);
        builder.Services.AddLianboAuth();
        builder.Services.AddLianboSecurity(builder.Configuration);
        builder.Services.AddLianboStartup();
        builder.Services.AddLianboApi();
        builder.Services.AddLianboPublicCache();
        builder.Services.AddLianboClusterWrites();
        builder.Services.AddLianboClusterJobs();
        builder.Services.AddLianboUploads();
        builder.Services.AddScoped<ChainPanoramaData>();
        builder.Services.AddLianboReports();
        builder.Services.AddLianboMeetings();
        builder.Services.AddLianboScenarios();
        builder.Services.AddLianboScenarioRuns();
        builder.Services.AddLianboReportJobs();
        builder.Services.AddSingleton<ISourcingLookup, TradeSourcing>();
        builder.Services.AddLianboInputOutput();
        builder.Services.AddLianboLocalization();
        builder.Services.AddLianboHealth();
        builder.Services.AddRazorComponents();
        builder.Services.AddLianboDataProtection(builder.Configuration);

        var app = builder.Build();
        app.UseLianboSecurityHeaders();
        app.UseLianboNoStore();
        app.UseExceptionHandler();
        app.UseAbortedQueries();
        app.UseLianboStatusPages();
        app.UseAuthentication();
        app.UseRequestLocalization();
        app.UseAntiforgeryRefusal();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.UseLianboPublicCache();
        app.UsePageUploadLimit();
        app.UsePageParameters();
        app.UseNulRefusal();
        app.UseAntiforgery();

        app.MapStaticAssets();
        app.MapBrowserLibraries();
        app.MapHealthChecks("/healthz");
        app.MapOpenApi();
        app.MapApiReference();
        app.MapCultureSwitch();
        app.MapReferenceApi();
        app.MapChainsApi();
        app.MapScenariosApi();
        app.MapTradeApi();
        app.MapIndicesApi();
        app.MapIoApi();
        app.MapExpoApi();
        app.MapMatchmakingApi();
        app.MapMeetingsApi();
        app.MapSupplyDemandApi();
        app.MapMeetingStatisticsApi();
        app.MapScheduleApi();
        app.MapExhibitorImportApi();
        app.MapExpoManagementApi();
        app.MapScenarioRunFiles();
        app.MapReportsApi();
        app.MapReportPages();
        app.MapAccountApi();
        app.MapAccountEndpoints();
        app.MapApiFallback();
        app.MapRazorComponents<App>();
        return app;
    }

    /// <summary>Builds, prepares the stores and serves until stopped; a bad setting ends with one message and exit code 2.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter? error = null, CancellationToken ct = default)
    {
        try
        {
            await using var app = Build(args);
            // Every setting checked before the stores are prepared (a first start loads minutes of data), not at the
            // host's start after it.
            app.Services.GetService<IStartupValidator>()?.Validate();
            await app.Services.InitialiseStoresAsync(ct);
            await app.StartAsync(ct);
            await app.WaitForShutdownAsync(ct);
            return 0;
        }
        catch (Exception e) when (StartupFailure.Describe(e) is { } message)
        {
            await (error ?? Console.Error).WriteLineAsync(message);
            return 2;
        }
    }
}
