using System.Globalization;
using System.Text.Json;
using Lianbo.Trade.Generate;
using Lianbo.Trade.Import;
using Lianbo.Trade.Scenarios;
using Lianbo.Trade.Store;
using Lianbo.Trade.Tests.Reference;

namespace Lianbo.Trade.Tests.Scenarios;

/// <summary>
/// Engine 1 equals exposure.py (pandas, written from the formulas in docs/methods-scenarios.md) row by row to 1e-9
/// relative, on a hand-made year whose answer is also worked out below, and on a generated year with several shocks
/// and two shipped chains.
/// </summary>
public sealed class ExposureReferenceTests : IDisposable
{
    private const double Relative = 1e-9;

    private readonly TradeTestStore _test = new();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // Five countries, four products (BACI codes: 156 CHN, 276 DEU, 392 JPN, 410 KOR, 842 USA; 10121 is HS 010121):
    //   280461 silicon:  CHN→JPN 100, CHN→KOR 50, DEU→JPN 40, USA→KOR 10
    //   854231 chips:    KOR→CHN 200, KOR→USA 100, JPN→USA 50, USA→CHN 30, USA→DEU 20
    //   847130 laptops:  CHN→USA 300, KOR→USA 20
    //   010121 horses:   DEU→USA 5 (unshocked, but part of the US's imports of all goods).
    internal const string HandMade = """
        "t","i","j","k","v","q"
        2021,156,392,280461,100,1
        2021,156,410,280461,50,1
        2021,156,842,847130,300,1
        2021,276,392,280461,40,1
        2021,276,842,10121,5,1
        2021,392,842,854231,50,1
        2021,410,156,854231,200,1
        2021,410,842,854231,100,1
        2021,410,842,847130,20,1
        2021,842,156,854231,30,1
        2021,842,276,854231,20,1
        2021,842,410,280461,10,1
        """;

    // Shock 1 bans China's exports of heading 2804; shock 2 cuts Korea's chips by half to every importer but China.
    internal static readonly ExposureSpec HandSpec = new(
        [new(["CHN"], ["2804"], null, false, 1.0), new(["KOR"], ["854231"], ["CHN"], true, 0.5)],
        [new("toy", [new("materials", ["280461"]), new("chips", ["854231"]), new("services", [])], [["materials", "chips"], ["chips", "services"]])]);

    [Fact]
    public async Task The_hand_made_case_equals_the_hand_computation_and_pandas()
    {
        var (dataset, file) = await HandMadeAsync(_test, Ct);

        var result = await new ExposureEngine(_test.Store).RunAsync(dataset, HandSpec.EngineShocks, HandSpec.EngineChains, HandSpec.Options, Ct);

        // Silicon: lost 100 (JPN) + 50 (KOR) = 150; unaffected DEU (40) and USA (10) spare 0.2 × 50 = 10; r = 10/150.
        // Chips: KOR→USA loses 0.5 × 100 = 50 (KOR→CHN is spared); JPN (50) and USA (30 + 20) spare 0.2 × 100 = 20; r = 0.4.
        Assert.Equal(200, result.Lost, 1e-9);
        Assert.Equal(10 + 20, result.Replaced, 1e-9);
        Assert.Equal(170, result.Unmet, 1e-9);
        var jpn = Assert.Single(result.Products, p => p.Importer == "JPN");
        Assert.Equal(("280461", 140.0, 100.0), (jpn.Product, jpn.Imports, jpn.Lost));
        Assert.Equal(100.0 / 15, jpn.Replaced, 1e-9);
        var usa = Assert.Single(result.Products, p => p.Importer == "USA");
        Assert.Equal(("854231", 150.0, 50.0, 30.0), (usa.Product, usa.Imports, usa.Lost, usa.Unmet));
        Assert.Equal(20, usa.Replaced, 1e-9);
        // Imports of all goods: USA 100 + 50 + 300 + 20 + 5.
        Assert.Equal(475, Assert.Single(result.Importers, i => i.Importer == "USA").Imports);
        // The added chips flows: JPN→USA 20 × 10/20 = 10, and USA→USA 10 (the US diverts its own exports home; before 0).
        Assert.Equal(10, Assert.Single(result.Flows, f => f is { Product: "854231", Exporter: "JPN", Importer: "USA" }).Added, 1e-9);
        var home = Assert.Single(result.Flows, f => f is { Exporter: "USA", Importer: "USA" });
        Assert.Equal((0.0, 0.0), (home.Before, home.Lost));
        Assert.Equal(10, home.Added, 1e-9);
        // Silicon to Korea: DEU adds 50/15 × 8/10, USA 50/15 × 2/10 on top of its 10 before.
        var usaKor = Assert.Single(result.Flows, f => f is { Exporter: "USA", Importer: "KOR" });
        Assert.Equal(10, usaKor.Before);
        Assert.Equal(50.0 / 15 * 0.2, usaKor.Added, 1e-9);
        // Cascade: JPN materials d = (100 − 100/15)/140 = 2/3, passed to chips (no imports) and services unchanged;
        // KOR 7/9; USA chips d = 30/150 = 0.2, passed to services; CHN and DEU lose nothing and have no rows: 2 + 3 + 3 rows.
        Assert.Equal(8, result.Stages.Count);
        Assert.Equal(2.0 / 3, Assert.Single(result.Stages, s => s is { Country: "JPN", Stage: "materials" }).CascadedShare, 1e-12);
        Assert.Equal(2.0 / 3, Assert.Single(result.Stages, s => s is { Country: "JPN", Stage: "services" }).CascadedShare, 1e-12);
        var usaChips = Assert.Single(result.Stages, s => s is { Country: "USA", Stage: "chips" });
        Assert.Equal(150, usaChips.Imports);
        Assert.Equal(0.2, usaChips.DirectShare, 1e-12);
        Assert.Equal(0.2, usaChips.CascadedShare, 1e-12);
        Assert.Equal(7.0 / 9, Assert.Single(result.Stages, s => s is { Country: "KOR", Stage: "materials" }).CascadedShare, 1e-12);
        Assert.DoesNotContain(result.Stages, s => s.Country is "CHN" or "DEU");

        AssertEqualsReference(Reference(HandSpec, file), result);
        var four = HandSpec with { Digits = 4, FlowLimit = 1 };
        AssertEqualsReference(Reference(four, file), await new ExposureEngine(_test.Store).RunAsync(dataset, four.EngineShocks, four.EngineChains, four.Options, Ct));
    }

    [Fact]
    public async Task A_generated_year_with_several_shocks_and_shipped_chains_equals_pandas()
    {
        var options = new GenerateOptions(2021, 60_000, Seed: 3);
        var file = (await TradeGenerator.WriteAsync(_test.File(options.DefaultFileName), options, ct: Ct)).Path;
        var dataset = Assert.Single(await BaciImporter.ImportAsync(_test.Store, file, ct: Ct));
        var digital = ChainSpec.Shipped("digital-technology");
        var energy = ChainSpec.Shipped("clean-energy");
        var spec = new ExposureSpec(
        [
            new(["CHN"], [.. digital.Stages.SelectMany(s => s.Products)], null, false, 1.0),
            new(["USA", "JPN"], ["84", "8542"], ["DEU", "FRA", "ITA"], true, 0.4),
            new(["DEU"], [], ["CHN", "KOR"], false, 0.25),
            new(["KOR", "CHN"], ["854231", "85"], null, false, 0.6),
        ], [digital, energy], Headroom: 0.3, FlowLimit: 5);

        foreach (var digits in new[] { 6, 4, 2 })
        {
            var at = spec with { Digits = digits };
            var result = await new ExposureEngine(_test.Store).RunAsync(dataset, at.EngineShocks, at.EngineChains, at.Options, Ct);
            Assert.NotEmpty(result.Products);
            Assert.Contains(result.Stages, s => s.Chain == "clean-energy");
            AssertEqualsReference(Reference(at, file), result);
        }
    }

    /// <summary>Imports the hand-made year (as BACI names its files) into <paramref name="test"/>'s store.</summary>
    internal static async Task<(DatasetInfo Dataset, string File)> HandMadeAsync(TradeTestStore test, CancellationToken ct)
    {
        var file = test.File("BACI_HS92_Y2021_V202201.csv");
        await File.WriteAllTextAsync(file, HandMade.ReplaceLineEndings("\n") + "\n", ct);
        return (Assert.Single(await BaciImporter.ImportAsync(test.Store, file, ct: ct)), file);
    }

    private JsonElement Reference(ExposureSpec spec, string file) =>
        PythonReference.Exposure(spec.Write(_test.File($"spec-{Guid.NewGuid():N}.json")), TradeTestStore.BaciCountryCodes, file);

    private static void AssertEqualsReference(JsonElement reference, ExposureResult result)
    {
        var failures = new List<string>();
        Check(failures, "totals", reference, ("lost", result.Lost), ("replaced", result.Replaced), ("unmet", result.Unmet));
        // Every replaced dollar is an added flow somewhere (pandas' Σ added over all flows, not only those kept).
        Check(failures, "Σ added", reference, ("added", result.Replaced));

        Rows(failures, "products", reference.GetProperty("products"), r => $"{Text(r, "importer")} {Text(r, "product")}",
            result.Products.ToDictionary(p => $"{p.Importer} {p.Product}"),
            p => [("imports", p.Imports), ("lost", p.Lost), ("replaced", p.Replaced), ("unmet", p.Unmet)]);
        Rows(failures, "importers", reference.GetProperty("importers"), r => Text(r, "importer"),
            result.Importers.ToDictionary(i => i.Importer),
            i => [("imports", i.Imports), ("lost", i.Lost), ("replaced", i.Replaced), ("unmet", i.Unmet)]);
        Rows(failures, "flows", reference.GetProperty("flows"), r => $"{Text(r, "product")} {Text(r, "exporter")}→{Text(r, "importer")}",
            result.Flows.ToDictionary(f => $"{f.Product} {f.Exporter}→{f.Importer}"),
            f => [("before", f.Before), ("lost", f.Lost), ("added", f.Added)]);
        Rows(failures, "stages", reference.GetProperty("stages"), r => $"{Text(r, "chain")} {Text(r, "stage")} {Text(r, "country")}",
            result.Stages.ToDictionary(s => $"{s.Chain} {s.Stage} {s.Country}"),
            s => [("imports", s.Imports), ("direct", s.DirectShare), ("cascaded", s.CascadedShare)]);

        Assert.True(failures.Count == 0, $"{failures.Count} difference(s) from pandas:\n" + string.Join("\n", failures.Take(20)));
    }

    private static string Text(JsonElement row, string name) => row.GetProperty(name).GetString()!;

    private static void Rows<T>(List<string> failures, string what, JsonElement expected, Func<JsonElement, string> key, Dictionary<string, T> actual,
        Func<T, (string, double)[]> values)
    {
        var keys = expected.EnumerateArray().Select(key).ToHashSet(StringComparer.Ordinal);
        foreach (var missing in keys.Except(actual.Keys))
        {
            failures.Add($"{what}: pandas has {missing}, Lianbo does not");
        }

        foreach (var extra in actual.Keys.Except(keys))
        {
            failures.Add($"{what}: Lianbo has {extra}, pandas does not");
        }

        foreach (var row in expected.EnumerateArray())
        {
            if (actual.TryGetValue(key(row), out var ours))
            {
                Check(failures, $"{what} {key(row)}", row, values(ours));
            }
        }
    }

    // Relative to the row's largest figure, so that a difference (unmet = lost − replaced) is held to its operands' precision.
    private static void Check(List<string> failures, string what, JsonElement expected, params (string Name, double Value)[] values)
    {
        var scale = values.Max(v => Math.Abs(expected.GetProperty(v.Name).GetDouble()));
        foreach (var (name, value) in values)
        {
            var want = expected.GetProperty(name).GetDouble();
            if (!(Math.Abs(want - value) <= Relative * Math.Max(scale, 1e-300) || want == value))
            {
                failures.Add(string.Create(CultureInfo.InvariantCulture, $"{what} {name}: pandas {want:R}, Lianbo {value:R}"));
            }
        }
    }

    public void Dispose() => _test.Dispose();
}
