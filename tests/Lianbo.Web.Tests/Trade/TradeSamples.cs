using Lianbo.Core.Accounts;
using Lianbo.Trade.Generate;
using Lianbo.Trade.Import;
using Lianbo.Trade.Store;
using Microsoft.Extensions.DependencyInjection;
using Lianbo.Web.Tests.Accounts;

namespace Lianbo.Web.Tests.Trade;

/// <summary>Trade data for page tests, loaded the way an analyst loads it: a file sent to the import endpoint.</summary>
public static class TradeSamples
{
    /// <summary>The shipped real BACI HS92 2021 sample: every flow exported by South Africa and Afghanistan.</summary>
    public static readonly string Baci2021 = Path.Combine(AppContext.BaseDirectory, "samples", "baci-hs92-2021-zaf-afg.csv");

    public static async Task ImportAsync(LianboApp app, string path, string fileName, CancellationToken ct)
    {
        var analyst = app.ClientFor(await app.CreateUserAsync(Roles.Analyst));
        using var body = new StreamContent(File.OpenRead(path));
        (await analyst.PostAsync($"/api/trade/imports?kind=baci&fileName={fileName}", body, ct)).EnsureSuccessStatusCode();
    }

    public static Task ImportBaci2021Async(LianboApp app, CancellationToken ct) => ImportAsync(app, Baci2021, "BACI_HS92_Y2021_V202301.csv", ct);

    /// <summary>A small generated year (the generator's own file name says "generated", so the store marks it).</summary>
    public static async Task ImportGeneratedAsync(LianboApp app, int year, CancellationToken ct)
    {
        var options = new GenerateOptions(year, Rows: 5_000, Seed: 7);
        var file = await TradeGenerator.WriteAsync(Path.Combine(app.Store.Directory, options.DefaultFileName), options, ct: ct);
        await ImportAsync(app, file.Path, options.DefaultFileName, ct);
    }

    /// <summary>
    /// The generated year with products the scenario tests run engine 1 on (large enough that the presets' shocks reach
    /// importers), imported straight into the app's trade store; the generator's file name marks it generated.
    /// </summary>
    public static async Task ImportScenarioYearAsync(IServiceProvider services, string directory, CancellationToken ct)
    {
        var options = new GenerateOptions(2021, 60_000, Seed: 3);
        var file = await TradeGenerator.WriteAsync(Path.Combine(directory, options.DefaultFileName), options, ct: ct);
        await BaciImporter.ImportAsync(services.GetRequiredService<TradeStore>(), file.Path, ct: ct);
    }

    public static HttpClient ChineseClient(LianboApp app)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Add("Cookie", ".AspNetCore.Culture=c%3Dzh-CN%7Cuic%3Dzh-CN");
        return client;
    }
}
