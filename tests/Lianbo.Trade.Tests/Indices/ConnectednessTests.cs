using System.Globalization;
using System.Text.Json;
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
        Assert.SkipWhen(PythonReference.Run("-c", "import numpy").Code != 0, $"{PythonReference.Python} cannot import numpy (Debian's python3-numpy)");
        Assert.Single(await PajekImporter.ImportAsync(_test.Store, TradeTestStore.Comtrade1985, ct: Ct));
        var queries = new TradeQueries(_test.Store);
        var network = await queries.NetworkAsync((await queries.FindAsync(1985, ct: Ct))!, (HsFilter?)null, Ct);
        var arcs = _test.File("arcs.csv");
        await File.WriteAllLinesAsync(arcs, ["exporter,importer,value", .. Enumerable.Range(0, network.Count).SelectMany(i =>
            Enumerable.Range(network.OutStart[i], network.OutStart[i + 1] - network.OutStart[i])
                .Select(a => string.Create(CultureInfo.InvariantCulture, $"{network.Countries[i]},{network.Countries[network.OutTarget[a]]},{network.OutWeight[a]:R}")))], Ct);

        var (code, output, error) = PythonReference.Run(Path.Combine(AppContext.BaseDirectory, "Indices", "breadth_reference.py"), arcs);
        Assert.True(code == 0, error);
        var reference = JsonDocument.Parse(output).RootElement;
        var (exports, imports) = Connectedness.Breadth(network);

        for (var i = 0; i < network.Count; i++)
        {
            var expected = reference.GetProperty(network.Countries[i]);
            Check(expected, "exports", exports[i]);
            Check(expected, "imports", imports[i]);
        }
    }

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
