using Lianbo.Core.Chains;
using Lianbo.Core.Scenarios;
using Lianbo.Trade.Generate;
using Lianbo.Trade.Import;
using Lianbo.Trade.Queries;
using Lianbo.Trade.Scenarios;
using Lianbo.Trade.Store;
using Lianbo.Web.Scenarios;
using Microsoft.Extensions.DependencyInjection;

namespace Lianbo.Web.Tests.Scenarios;

/// <summary>
/// The runner resolves what a definition names (groups, chains, stages, Taiwan's BACI code, both directions of a
/// decoupling) into the engines' inputs: each run here equals the engine called directly with the inputs written out
/// by hand, on a generated year with products.
/// </summary>
public class ScenarioRunnerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Groups_chains_stages_and_both_directions_of_a_decoupling_reach_engine_1_as_written_out_by_hand()
    {
        await using var app = await LianboApp.StartAsync();
        var options = new GenerateOptions(2021, 60_000, Seed: 5);
        var file = await TradeGenerator.WriteAsync(Path.Combine(app.Store.Directory, options.DefaultFileName), options, ct: Ct);
        var trade = app.Services.GetRequiredService<TradeStore>();
        var dataset = (await BaciImporter.ImportAsync(trade, file.Path, ct: Ct)).Single();
        using var scope = app.Services.CreateScope();
        var runner = scope.ServiceProvider.GetRequiredService<ScenarioRunner>();
        var store = scope.ServiceProvider.GetRequiredService<ScenarioStore>();
        var chains = scope.ServiceProvider.GetRequiredService<ChainStore>();
        var context = await store.ContextAsync(Ct);
        var digital = (await chains.GetAsync("digital-technology", Ct))!;
        var vehicles = (await chains.GetAsync("smart-vehicles", Ct))!;
        static List<HsFilter> Codes(IEnumerable<StageDefinition> stages) =>
            [.. stages.SelectMany(s => s.Products ?? []).SelectMany(p => p.Hs1992).Distinct(StringComparer.Ordinal).Select(c => HsFilter.TryParse(c)!)];
        static ExposureChain Chain(ChainDefinition c) => new(c.Id,
            [.. c.Stages.Select(s => new ExposureStage(s.Id, Codes([s])))], [.. c.Edges.Select(e => (e.From, e.To))]);

        var east = context.Groups["BLOC-EAST-2022"];
        var definition = Definition(
            new ShockDefinition(ShockKind.ExportBan, Exporters: ["group:BLOC-EAST-2022"], Chains: ["digital-technology"], Destinations: ["USA", "JPN"], AllBut: true, Percent: 100),
            new ShockDefinition(ShockKind.Disruption, Exporters: ["TWN"], Stages: ["smart-vehicles/chips-and-sensors"], Percent: 40),
            new ShockDefinition(ShockKind.Decoupling, Between: ["USA"], And: ["DEU", "FRA"], Products: ["84"], Percent: 30));
        var run = await runner.RunAsync(definition, context, ct: Ct);

        var chipsAndSensors = Codes(vehicles.Stages.Where(s => s.Id == "chips-and-sensors"));
        List<ExposureShock> byHand =
        [
            new([.. east], Codes(digital.Stages), ["USA", "JPN"], true, 1.0),
            new(["TWN", "S19"], chipsAndSensors, null, false, 0.4),
            new(["USA"], [HsFilter.TryParse("84")!], ["DEU", "FRA"], false, 0.3),
            new(["DEU", "FRA"], [HsFilter.TryParse("84")!], ["USA"], false, 0.3),
        ];
        var direct = await new ExposureEngine(trade).RunAsync(dataset, byHand, [Chain(digital), Chain(vehicles)], new ExposureOptions(0.2, 6), Ct);

        var e = run.Exposure!;
        Assert.Equal(dataset.Key, e.Dataset.Key);
        Assert.True(e.Dataset.Generated && run.Generated);
        Assert.Contains(run.Notes, n => n.Kind == "generated");
        Assert.True(direct.Lost > 0 && direct.Stages.Count > 0, "the generated year should give the shocks something to cut");
        // DuckDB sums in parallel, so the last bits may differ between two runs of the same query.
        Near(direct.Lost, e.Lost);
        Near(direct.Unmet, e.Unmet);
        Same(direct.Importers, e.Importers, r => r.Importer, r => [r.Imports, r.Lost, r.Replaced, r.Unmet]);
        Same([.. direct.Products.Take(ScenarioRunner.RowLimit)], e.Products, r => r.Importer + r.Product, r => [r.Imports, r.Lost, r.Replaced, r.Unmet]);
        Assert.Equal(direct.Products.Count, e.ProductsTotal);
        // Many stages are cut off entirely (shares of 1 up to the last bit), so their order may differ: compared by key.
        Assert.Equal(direct.Stages.Count, e.StagesTotal);
        Assert.True(direct.Stages.Count <= ScenarioRunner.RowLimit);
        string StageKey(StageExposure r) => $"{r.Chain}/{r.Stage}/{r.Country}";
        Same([.. direct.Stages.OrderBy(StageKey, StringComparer.Ordinal)], [.. e.Stages.OrderBy(StageKey, StringComparer.Ordinal)], StageKey, r => [r.Imports, r.DirectShare, r.CascadedShare]);
        Assert.Null(run.Gravity);

    }

    [Fact]
    public async Task Taiwans_exports_are_found_under_the_code_baci_reports_them_with()
    {
        await using var app = await LianboApp.StartAsync();
        // BACI reports the trade of Taiwan, China as "Other Asia, nes" (490, stored as S19); 410 is Korea, 842 the USA, 392 Japan.
        var file = Path.Combine(app.Store.Directory, "BACI_HS92_Y2020_V202301.csv");
        await File.WriteAllTextAsync(file, "t,i,j,k,v,q\n2020,490,842,854231,100,1\n2020,490,392,854239,20,1\n2020,410,842,854231,50,1\n2020,392,842,854110,30,1\n", Ct);
        await BaciImporter.ImportAsync(app.Services.GetRequiredService<TradeStore>(), file, ct: Ct);
        using var scope = app.Services.CreateScope();
        var context = await scope.ServiceProvider.GetRequiredService<ScenarioStore>().ContextAsync(Ct);
        var definition = Definition(new ShockDefinition(ShockKind.Disruption, Exporters: ["TWN"], Products: ["8542"], Percent: 100)) with { Base = new ScenarioBase(Year: 2020, Headroom: 0) };
        var run = await scope.ServiceProvider.GetRequiredService<ScenarioRunner>().RunAsync(definition, context, ct: Ct);

        Assert.Equal(120, run.Exposure!.Lost);
        Assert.Equal(["JPN", "USA"], run.Exposure.Importers.Select(i => i.Importer).Order(StringComparer.Ordinal));
        Assert.All(run.Exposure.Flows.Where(f => f.Lost > 0), f => Assert.Equal("S19", f.Exporter));
    }

    [Fact]
    public async Task A_tariff_change_runs_on_the_gravity_panel_and_names_the_countries_it_lacks()
    {
        await using var app = await LianboApp.StartAsync();
        using var scope = app.Services.CreateScope();
        var context = await scope.ServiceProvider.GetRequiredService<ScenarioStore>().ContextAsync(Ct);
        var definition = Definition(new ShockDefinition(ShockKind.Tariff, Between: ["group:BLOC-WEST-2022"], And: ["group:BLOC-EAST-2022"], Tau: 0.5));
        var run = await scope.ServiceProvider.GetRequiredService<ScenarioRunner>().RunAsync(definition, context, ct: Ct);

        Assert.Null(run.Exposure);
        var g = run.Gravity!;
        Assert.Equal(69, g.Countries.Count);
        Assert.Contains("exact", g.Method, StringComparison.Ordinal);
        Assert.Equal(["BLR", "ERI", "PRK", "RUS", "SYR"], g.Missing.Where(c => context.Groups["BLOC-EAST-2022"].Contains(c)));
        Assert.Contains(run.Notes, n => n.Kind == "not-in-panel" && n.Zh.Contains("RUS", StringComparison.Ordinal));
        // Romania is ROM in the panel; the result speaks ISO.
        Assert.Contains(g.Countries, c => c.Country == "ROU");
        Assert.True(g.Countries.Single(c => c.Country == "CHN").RealGdp < 0);
        Assert.True(g.Countries.Single(c => c.Country == "USA").RealGdp < 0);
    }

    [Fact]
    public void The_gravity_years_the_checks_accept_are_the_shipped_panels()
    {
        var panel = Lianbo.Trade.Gravity.GravityPanel.Load(Lianbo.Trade.Gravity.GravityPanel.ShippedPath);
        Assert.Equal(panel.Year.Distinct().Order(), ScenarioRunner.GravityYears.Order());
    }

    private static void Near(double expected, double actual) =>
        Assert.True(Math.Abs(expected - actual) <= 1e-9 * Math.Max(1, Math.Abs(expected)), $"{expected} vs {actual}");

    private static void Same<T>(IReadOnlyList<T> expected, IReadOnlyList<T> actual, Func<T, string> key, Func<T, double[]> values)
    {
        Assert.Equal(expected.Select(key), actual.Select(key));
        foreach (var (x, y) in expected.Zip(actual))
        {
            foreach (var (a, b) in values(x).Zip(values(y)))
            {
                Near(a, b);
            }
        }
    }

    private static ScenarioDefinition Definition(params ShockDefinition[] shocks) => new(
        "test-scenario", "1", "测试情景", "Test scenario", "测试用。", "For the tests.", true, [], new ScenarioBase(Year: 2021), shocks);
}
