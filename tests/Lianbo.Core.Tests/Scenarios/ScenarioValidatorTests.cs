using System.Text;
using Lianbo.Core.Scenarios;

namespace Lianbo.Core.Tests.Scenarios;

public class ScenarioValidatorTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    internal static readonly IReadOnlySet<int> GravityYears = Enumerable.Range(1986, 21).ToHashSet();

    /// <summary>A few names of each kind: enough for every check, without a store.</summary>
    internal static readonly ScenarioContext Small = new(
        new HashSet<string>(StringComparer.Ordinal) { "CHN", "USA", "JPN", "DEU", "THA", "KOR" },
        new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal) { ["WEST"] = ["DEU", "JPN", "USA"], ["EAST"] = ["CHN", "DEU"], ["ASIA"] = ["CHN", "KOR"] },
        new HashSet<string>(StringComparer.Ordinal) { "28", "2805", "2846", "8542", "854231", "8708" },
        new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal) { ["smart-vehicles"] = new HashSet<string>(StringComparer.Ordinal) { "vehicles", "chips" } },
        GravityYears);

    /// <summary>A valid scenario with these shocks (by default: an export ban, then a disruption of chips).</summary>
    internal static ScenarioDefinition Scenario(params ShockDefinition[] shocks) => new(
        "test-scenario", "1", "测试情景", "Test scenario", "用于测试的情景。", "A scenario for the tests.", true,
        [new ScenarioSource("A test", "https://example.org/test")], new ScenarioBase(),
        shocks.Length > 0 ? shocks :
        [
            new ShockDefinition(ShockKind.ExportBan, Exporters: ["CHN"], Products: ["2805", "2846"], Percent: 100),
            new ShockDefinition(ShockKind.Disruption, Exporters: ["KOR"], Products: ["8542"], Percent: 50),
        ]);

    [Fact]
    public void The_test_scenario_itself_is_valid() => Assert.Empty(ScenarioValidator.Validate(Scenario(), Small));

    [Fact]
    public async Task Every_preset_validates_against_the_shipped_reference_and_chains()
    {
        await using var store = await TestStore.CreatePreparedAsync("sqlite");
        await using var db = store.CreateContext();
        var context = await ScenarioContextLoader.LoadAsync(db, GravityYears, Ct);
        var presets = ScenarioFiles.ReadDirectory(Path.Combine(AppContext.BaseDirectory, "scenarios"));

        Assert.Equal(6, presets.Count);
        Assert.All(presets, p => Assert.Empty(ScenarioValidator.Validate(p, context).Select(problem => $"{p.File}: {problem}")));
        Assert.Contains("BLOC-WEST-2022", context.Groups.Keys);
        Assert.Contains("847193", context.Hs1992);
        Assert.Contains("28", context.Hs1992);
        Assert.Contains("vehicles", context.Chains["smart-vehicles"]);
    }

    public static TheoryData<string, ScenarioDefinition, string> Mistakes => new()
    {
        { "unknown country", Scenario(new ShockDefinition(ShockKind.ExportBan, Exporters: ["XXX"], Percent: 100)), "shocks[0].exporters[0]" },
        {
            "unknown HS code", Scenario(new ShockDefinition(ShockKind.ExportBan, Exporters: ["CHN"], Percent: 100),
                new ShockDefinition(ShockKind.Disruption, Exporters: ["KOR"], Products: ["9999"], Percent: 10)), "shocks[1].products[0]"
        },
        { "HS code of 3 digits", Scenario(new ShockDefinition(ShockKind.Disruption, Exporters: ["KOR"], Products: ["854"], Percent: 10)), "shocks[0].products[0]" },
        { "unknown group", Scenario(new ShockDefinition(ShockKind.Decoupling, Between: ["group:WEST"], And: ["group:NOPE"], Percent: 50)), "shocks[0].and[0]" },
        { "unknown chain", Scenario(new ShockDefinition(ShockKind.ExportBan, Exporters: ["CHN"], Chains: ["no-such-chain"], Percent: 100)), "shocks[0].chains[0]" },
        { "unknown stage", Scenario(new ShockDefinition(ShockKind.ExportBan, Exporters: ["CHN"], Stages: ["smart-vehicles/wheels"], Percent: 100)), "shocks[0].stages[0]" },
        { "stage without its chain", Scenario(new ShockDefinition(ShockKind.ExportBan, Exporters: ["CHN"], Stages: ["vehicles"], Percent: 100)), "shocks[0].stages[0]" },
        { "tau with products", Scenario(new ShockDefinition(ShockKind.Decoupling, Between: ["USA"], And: ["CHN"], Products: ["8542"], Tau: 0.25)), "shocks[0].tau" },
        { "percent of 0", Scenario(new ShockDefinition(ShockKind.Disruption, Exporters: ["THA"], Percent: 0)), "shocks[0].percent" },
        { "percent above 100", Scenario(new ShockDefinition(ShockKind.Disruption, Exporters: ["THA"], Percent: 150)), "shocks[0].percent" },
        { "tau of -1", Scenario(new ShockDefinition(ShockKind.Tariff, Between: ["USA"], And: ["CHN"], Tau: -1)), "shocks[0].tau" },
        { "destinations on a disruption", Scenario(new ShockDefinition(ShockKind.Disruption, Exporters: ["THA"], Destinations: ["USA"], Percent: 10)), "shocks[0].destinations" },
        { "percent on a tariff", Scenario(new ShockDefinition(ShockKind.Tariff, Between: ["USA"], And: ["CHN"], Tau: 0.1, Percent: 10)), "shocks[0].percent" },
        { "exporters on a decoupling", Scenario(new ShockDefinition(ShockKind.Decoupling, Exporters: ["USA"], Between: ["USA"], And: ["CHN"], Percent: 10)), "shocks[0].exporters" },
        { "no exporters on a ban", Scenario(new ShockDefinition(ShockKind.ExportBan, Products: ["2805"], Percent: 100)), "shocks[0].exporters" },
        { "all-but without destinations", Scenario(new ShockDefinition(ShockKind.ExportBan, Exporters: ["CHN"], AllBut: true, Percent: 100)), "shocks[0].destinations" },
        { "overlapping groups", Scenario(new ShockDefinition(ShockKind.Decoupling, Between: ["group:WEST"], And: ["group:EAST"], Percent: 50)), "shocks[0].and" },
        { "no shocks", Scenario() with { Shocks = [] }, "shocks" },
        { "id not kebab-case", Scenario() with { Id = "Test_Scenario" }, "id" },
        { "gravity year outside the panel", Scenario() with { Base = new ScenarioBase(GravityYear: 2010) }, "base.gravityYear" },
        { "input–output table not SOURCE/RELEASE/YEAR", Scenario() with { Base = new ScenarioBase(IoTable: "WIOD-2011") }, "base.ioTable" },
        { "unknown cascade model", Scenario(new ShockDefinition(ShockKind.Cascade, Exporters: ["CHN"], Sectors: ["c14"], Percent: 50, Model: "chaos")), "shocks[0].model" },
        { "cascade of 0 days", Scenario(new ShockDefinition(ShockKind.Cascade, Exporters: ["CHN"], Sectors: ["c14"], Percent: 50, Model: "inoperability", Days: 0)), "shocks[0].days" },
        { "cascade without a share", Scenario(new ShockDefinition(ShockKind.Cascade, Exporters: ["CHN"], Sectors: ["c14"])), "shocks[0].percent" },
        { "HS codes on a cascade", Scenario(new ShockDefinition(ShockKind.Cascade, Exporters: ["CHN"], Products: ["8542"], Percent: 50)), "shocks[0].products" },
        { "industry code with a space", Scenario(new ShockDefinition(ShockKind.Cascade, Exporters: ["CHN"], Sectors: ["c 14"], Percent: 50)), "shocks[0].sectors[0]" },
        { "sectors on a disruption", Scenario(new ShockDefinition(ShockKind.Disruption, Exporters: ["THA"], Sectors: ["c14"], Percent: 10)), "shocks[0].sectors" },
        { "extraction of a group", Scenario(new ShockDefinition(ShockKind.Cascade, Exporters: ["group:ASIA"], Sectors: ["c14"], Percent: 100, Model: "extraction")), "shocks[0].sectors" },
        { "extraction of two industries", Scenario(new ShockDefinition(ShockKind.Cascade, Exporters: ["CHN"], Sectors: ["c14", "c15"], Percent: 100, Model: "extraction")), "shocks[0].sectors" },
    };

    [Fact]
    public void A_cascade_on_industries_chains_and_stages_is_valid() => Assert.Empty(ScenarioValidator.Validate(
        Scenario(new ShockDefinition(ShockKind.Cascade, Exporters: ["CHN", "group:ASIA"], Chains: ["smart-vehicles"], Stages: ["smart-vehicles/chips"], Sectors: ["c14"],
            Percent: 30, Model: "inoperability", Days: 60)) with { Base = new ScenarioBase(IoTable: "WIOD/2013/2011") }, Small));

    [Theory]
    [MemberData(nameof(Mistakes))]
    public void Each_mistake_is_refused_under_its_field(string mistake, ScenarioDefinition scenario, string field)
    {
        var problems = ScenarioValidator.Validate(scenario, Small);

        Assert.True(problems.Any(p => p.Field == field), $"{mistake}: expected {field}, got {string.Join("; ", problems)}");
    }

    [Fact]
    public void Unknown_names_are_said_to_be_unknown_with_the_name()
    {
        var problems = ScenarioValidator.Validate(Scenario(new ShockDefinition(ShockKind.ExportBan, Exporters: ["XXX", "group:NOPE"], Products: ["9999"], Percent: 100)), Small);

        Assert.Equal(["shocks[0].exporters[0]: unknown country XXX (ISO 3166-1 alpha-3, or group:CODE for a group)", "shocks[0].exporters[1]: unknown country group group:NOPE",
            "shocks[0].products[0]: unknown HS code 9999 (HS 1992, 2, 4 or 6 digits)"], problems.Select(p => p.ToString()));
    }

    [Fact]
    public void A_null_in_a_list_is_refused_with_its_place()
    {
        var json = ScenarioFiles.Write(Scenario()).Replace("\"KOR\"", "\"KOR\", null", StringComparison.Ordinal);

        var (scenario, problem) = ScenarioFiles.Parse(Encoding.UTF8.GetBytes(json), "test.json");

        Assert.Null(scenario);
        Assert.Equal("shocks[1].exporters[1]", problem!.Field);
    }

    [Fact]
    public void A_file_that_is_not_JSON_names_its_line_and_a_wrong_type_its_field()
    {
        var json = ScenarioFiles.Write(Scenario());
        var broken = json.Replace("\"percent\": 50", "\"percent\": 50,,", StringComparison.Ordinal);
        var wrongType = json.Replace("\"percent\": 50", "\"percent\": \"fifty\"", StringComparison.Ordinal);
        var line = json[..json.IndexOf("\"percent\": 50", StringComparison.Ordinal)].Count(c => c == '\n') + 1;

        var (_, syntax) = ScenarioFiles.Parse(Encoding.UTF8.GetBytes(broken), "broken.json");
        var (_, type) = ScenarioFiles.Parse(Encoding.UTF8.GetBytes(wrongType), "type.json");

        Assert.Equal(line, syntax!.Line);
        Assert.Equal(("shocks[1].percent", line), (type!.Field, type.Line));
    }

    [Fact]
    public void A_field_found_after_reading_is_placed_on_its_line()
    {
        var json = Encoding.UTF8.GetBytes(ScenarioFiles.Write(Scenario()));
        var text = Encoding.UTF8.GetString(json).Split('\n');

        var product = ScenarioLines.LineOf(json, "shocks[1].products[0]");
        var missing = ScenarioLines.LineOf(json, "shocks[1].tau");

        Assert.Contains("\"8542\"", text[product!.Value - 1], StringComparison.Ordinal);
        Assert.Contains("{", text[missing!.Value - 1], StringComparison.Ordinal);
    }
}
