using System.Globalization;
using System.Text.Json;
using Lianbo.Trade.Generate;
using Lianbo.Trade.Import;
using Lianbo.Trade.Indices;
using Lianbo.Trade.Metrics;
using Lianbo.Trade.Queries;
using Lianbo.Trade.Tests.Reference;

namespace Lianbo.Trade.Tests.Indices;

public sealed class ConnectednessTests : IDisposable
{
    private readonly TradeTestStore _test = new();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Breadth_of_a_three_country_network_is_the_hand_computed_value()
    {
        // A sells only to B; the world (without A) imports B 10, C 5: 1 − ½ (|1 − 2/3| + |0 − 1/3|) = 2/3.
        var network = TradeNetwork.FromArcs([("A", "B", 10), ("B", "A", 5), ("B", "C", 5), ("C", "A", 10)]);

        var (exports, imports) = Connectedness.Breadth(network);

        Assert.Equal(2.0 / 3, exports[0], 12);
        // A buys from B 5 and C 10; world exports without A: B 10, C 10 → 1 − ½ (1/6 + 1/6). C buys only from B: 1 − ½ (½ + ½).
        Assert.Equal(5.0 / 6, imports[0], 12);
        Assert.Equal(0.5, imports[2], 12);
        // A country that only sells has no import breadth.
        Assert.True(double.IsNaN(Connectedness.Breadth(TradeNetwork.FromArcs([("A", "B", 1), ("B", "C", 1)])).Imports[0]));
        Assert.Equal([2, 2, 2], Connectedness.Partners(network));
    }

    [Fact]
    public async Task Breadth_on_the_Comtrade_1985_network_equals_a_numpy_reference()
    {
        Assert.Single(await PajekImporter.ImportAsync(_test.Store, TradeTestStore.Comtrade1985, ct: Ct));
        var queries = new TradeQueries(_test.Store);
        var network = await queries.NetworkAsync((await queries.FindAsync(1985, ct: Ct))!, (HsFilter?)null, Ct);
        var arcs = _test.File("arcs.csv");
        await File.WriteAllLinesAsync(arcs, ["exporter,importer,value", .. Enumerable.Range(0, network.Count).SelectMany(i =>
            Enumerable.Range(network.OutStart[i], network.OutStart[i + 1] - network.OutStart[i])
                .Select(a => string.Create(CultureInfo.InvariantCulture, $"{network.Countries[i]},{network.Countries[network.OutTarget[a]]},{network.OutWeight[a]:R}")))], Ct);

        var reference = PythonReference.Index("breadth", arcs);
        var (exports, imports) = Connectedness.Breadth(network);

        for (var i = 0; i < network.Count; i++)
        {
            var expected = reference.GetProperty(network.Countries[i]);
            Check(expected, "exports", exports[i]);
            Check(expected, "imports", imports[i]);
        }
    }

    [Fact]
    public async Task The_connectivity_indicators_and_index_of_a_generated_year_equal_a_numpy_and_pandas_reference()
    {
        var options = new GenerateOptions(2021, 60_000, Seed: 11);
        var file = await TradeGenerator.WriteAsync(_test.File(options.DefaultFileName), options, ct: Ct);
        await BaciImporter.ImportAsync(_test.Store, file.Path, ct: Ct);
        var definition = IndexBuilder.LoadDefinitions().Single(d => d.Id == "connectivity");
        var (table, _) = await new IndexBuilder(_test.Store).ReadAsync([definition], Ct);
        var index = Assert.Single(CompositeIndex.Compute(definition, table).Years);

        var reference = PythonReference.Index("connectivity", Path.Combine(TradeFiles.Indices, "connectivity.json"), TradeFiles.Gdp, TradeFiles.Countries,
            TradeFiles.BaciCountryCodes, file.Path);

        Assert.Equal(2021, reference.GetProperty("year").GetInt32());
        foreach (var indicator in reference.GetProperty("indicators").EnumerateObject())
        {
            var expected = indicator.Value.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble());
            var actual = table.Values.Where(v => v.Indicator == indicator.Name && v.Year == 2021).ToDictionary(v => v.Country, v => v.Value);
            Assert.True(expected.Count > 100, indicator.Name);
            Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
            Assert.All(expected, e => Close(e.Value, actual[e.Key], $"{indicator.Name} {e.Key}"));
        }

        var countries = reference.GetProperty("index").GetProperty("countries").EnumerateObject().ToDictionary(p => p.Name, p => p.Value);
        Assert.Equal(countries.Keys.Order(), index.Countries.Select(c => c.Country).Order());
        foreach (var country in index.Countries)
        {
            var expected = countries[country.Country];
            Close(expected.GetProperty("score"), country.Score, $"score {country.Country}");
            Assert.Equal(expected.GetProperty("rank").ValueKind == JsonValueKind.Null ? null : expected.GetProperty("rank").GetInt32(), country.Rank);
            foreach (var dimension in expected.GetProperty("dimensions").EnumerateObject())
            {
                Close(dimension.Value, country.Dimensions[dimension.Name], $"{dimension.Name} {country.Country}");
            }
        }

        Close(reference.GetProperty("index").GetProperty("global"), index.Global, "world value");
    }

    [Fact]
    public async Task Asking_for_some_trade_indicators_gives_the_values_asking_for_all_gives_and_those_of_the_network_metrics()
    {
        await BaciImporter.ImportAsync(_test.Store, TradeTestStore.BaciSample, ct: Ct);
        var options = new GenerateOptions(2020, 20_000, Seed: 3);
        await BaciImporter.ImportAsync(_test.Store, (await TradeGenerator.WriteAsync(_test.File(options.DefaultFileName), options, ct: Ct)).Path, ct: Ct);
        var all = await new TradeIndicatorSource(_test.Store).ReadAsync(TradeIndicatorSource.Indicators.ToHashSet(), Ct);
        HashSet<string>[] subsets =
        [
            [.. IndexBuilder.LoadDefinitions().Single(d => d.Id == "connectivity").IndicatorIds, CompositeIndex.TradeTotal],
            [TradeIndicatorSource.Partners],
            [TradeIndicatorSource.Eigenvector, TradeIndicatorSource.BreadthImports],
            [TradeIndicatorSource.Exports, TradeIndicatorSource.Gdp, "complexity.eci"],
        ];

        foreach (var subset in subsets)
        {
            var some = await new TradeIndicatorSource(_test.Store).ReadAsync(subset, Ct);
            Assert.NotEmpty(some);
            Assert.Equal(all.Where(v => subset.Contains(v.Indicator)), some);
        }

        // Both years, every indicator, and the network measures equal those the trade pages show for the year.
        Assert.Equal([2020, 2021], all.Where(v => v.Indicator.StartsWith("trade.", StringComparison.Ordinal)).Select(v => v.Year).Distinct().Order());
        Assert.All(TradeIndicatorSource.Indicators, id => Assert.Contains(all, v => v.Indicator == id));
        var metrics = (await new TradeQueries(_test.Store).MetricsAsync(2021, ct: Ct))!.Countries.ToDictionary(m => m.Country);
        var year = all.Where(v => v.Year == 2021).ToLookup(v => v.Indicator);
        Assert.All(year[TradeIndicatorSource.PageRank], v => Assert.Equal(metrics[v.Country].PageRank, v.Value));
        Assert.All(year[TradeIndicatorSource.Eigenvector], v => Assert.Equal((metrics[v.Country].EigenvectorIn + metrics[v.Country].EigenvectorOut) / 2, v.Value));
        Assert.All(year[TradeIndicatorSource.Exports], v => Assert.Equal(metrics[v.Country].Exports * 1e3, v.Value));
    }

    // Equal to a relative 1e-9 (the reference sums in another order; 1e-12 absolute around zero), or both missing.
    private static void Close(JsonElement expected, double? actual, string what)
    {
        Assert.True((expected.ValueKind == JsonValueKind.Null) == (actual is null), $"{what}: {expected} against {actual}");
        if (actual is { } value)
        {
            Close(expected.GetDouble(), value, what);
        }
    }

    private static void Close(double expected, double actual, string what) =>
        Assert.True(Math.Abs(expected - actual) <= (1e-9 * Math.Abs(expected)) + 1e-12, $"{what}: {actual:R}, the reference {expected:R}");

    private static void Check(JsonElement expected, string side, double actual)
    {
        if (expected.TryGetProperty(side, out var value))
        {
            Assert.Equal(value.GetDouble(), actual, 1e-12);
        }
        else
        {
            Assert.True(double.IsNaN(actual));
        }
    }

    [Theory]
    [InlineData("thousands of USD", 1e3)]
    [InlineData("USD", 1.0)]
    [InlineData("as in the file", null)]
    public void Only_units_that_say_dollars_are_converted(string unit, double? dollars) => Assert.Equal(dollars, Connectedness.DollarsPerUnit(unit));

    public void Dispose() => _test.Dispose();
}
