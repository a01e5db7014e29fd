using System.Globalization;
using Lianbo.Trade.Generate;
using Lianbo.Trade.Import;
using Lianbo.Trade.Queries;
using Lianbo.Trade.Scenarios;
using Lianbo.Trade.Store;

namespace Lianbo.Trade.Tests.Scenarios;

/// <summary>What must hold whatever the data: no shock, no loss; no headroom, no replacement; what is replaced is added
/// somewhere; nothing unmet below zero; a product banned by all its exporters cannot be replaced; and the refusals.</summary>
public sealed class ExposurePropertyTests : IDisposable
{
    private readonly TradeTestStore _test = new();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<DatasetInfo> GeneratedAsync()
    {
        var options = new GenerateOptions(2021, 20_000, Seed: 11);
        var file = (await TradeGenerator.WriteAsync(_test.File(options.DefaultFileName), options, ct: Ct)).Path;
        return Assert.Single(await BaciImporter.ImportAsync(_test.Store, file, ct: Ct));
    }

    private static readonly ExposureChain Digital = ChainSpec.Shipped("digital-technology").ToChain();

    private static IReadOnlyList<ExposureShock> Shocks =>
    [
        new(["CHN", "USA"], [HsFilter.TryParse("85")!], null, false, 0.7),
        new(["DEU"], [], ["FRA", "ITA"], true, 0.3),
    ];

    [Fact]
    public async Task No_shock_loses_nothing()
    {
        var dataset = await GeneratedAsync();

        var result = await new ExposureEngine(_test.Store).RunAsync(dataset, [], [Digital], new ExposureOptions(), Ct);

        Assert.Equal((0.0, 0.0, 0.0), (result.Lost, result.Replaced, result.Unmet));
        Assert.Empty(result.Products);
        Assert.Empty(result.Importers);
        Assert.Empty(result.Flows);
        Assert.Empty(result.Stages);
    }

    [Fact]
    public async Task Without_headroom_nothing_is_replaced()
    {
        var dataset = await GeneratedAsync();

        var result = await new ExposureEngine(_test.Store).RunAsync(dataset, Shocks, [Digital], new ExposureOptions(Headroom: 0), Ct);

        Assert.True(result.Lost > 0);
        Assert.Equal(0, result.Replaced);
        Assert.Equal(result.Lost, result.Unmet);
        Assert.All(result.Products, p => Assert.Equal(0, p.Replaced));
        Assert.All(result.Flows, f => Assert.Equal(0, f.Added));
    }

    [Theory]
    [InlineData(6)]
    [InlineData(4)]
    [InlineData(2)]
    public async Task Added_equals_replaced_unmet_is_never_negative_and_rows_are_sorted(int digits)
    {
        var dataset = await GeneratedAsync();

        // Every flow kept (the limit above any product's count), so that the added flows add up to the whole.
        var result = await new ExposureEngine(_test.Store).RunAsync(dataset, Shocks, [Digital], new ExposureOptions(0.5, digits, FlowLimit: 1_000_000), Ct);

        Assert.True(result.Replaced > 0);
        Assert.Equal(result.Replaced, result.Flows.Sum(f => f.Added), result.Replaced * 1e-12);
        Assert.Equal(result.Lost, result.Flows.Sum(f => f.Lost), result.Lost * 1e-12);
        Assert.Equal(result.Lost, result.Products.Sum(p => p.Lost), result.Lost * 1e-12);
        Assert.Equal(result.Lost, result.Importers.Sum(p => p.Lost), result.Lost * 1e-12);
        Assert.All(result.Products, p => Assert.True(p.Unmet >= 0 && p.Replaced >= 0 && p.Lost <= p.Imports * (1 + 1e-12) && p.Product.Length == digits, p.ToString()));
        Assert.All(result.Importers, i => Assert.True(i.Unmet >= 0 && i.Lost <= i.Imports * (1 + 1e-12), i.ToString()));
        Assert.All(result.Stages, s => Assert.True(s.DirectShare is >= 0 and <= 1 && s.CascadedShare > 0 && s.CascadedShare <= 1 + 1e-12 && s.CascadedShare >= s.DirectShare - 1e-12, s.ToString()));
        Assert.True(result.Unmet >= 0);
        AssertSorted(result.Products, (a, b) => b.Lost.CompareTo(a.Lost) is var o && o != 0 ? o : string.CompareOrdinal(a.Importer + a.Product, b.Importer + b.Product));
        AssertSorted(result.Importers, (a, b) => b.Lost.CompareTo(a.Lost) is var o && o != 0 ? o : string.CompareOrdinal(a.Importer, b.Importer));
        AssertSorted(result.Flows, (a, b) => string.CompareOrdinal(a.Product, b.Product) is var o && o != 0 ? o : b.Lost.CompareTo(a.Lost) is var l && l != 0 ? l : b.Added.CompareTo(a.Added));
        AssertSorted(result.Stages, (a, b) => b.CascadedShare.CompareTo(a.CascadedShare) is var o && o != 0 ? o : b.Imports.CompareTo(a.Imports));
    }

    [Fact]
    public async Task A_ban_by_every_exporter_of_a_product_leaves_nothing_replaced()
    {
        var dataset = await GeneratedAsync();
        // The product with the largest loss under the shocks above, so that it is traded in this year.
        var engine = new ExposureEngine(_test.Store);
        var product = HsFilter.TryParse((await engine.RunAsync(dataset, Shocks, [], new ExposureOptions(), Ct)).Products[0].Product)!;
        var exporters = (await _test.Store.CountryCodesAsync(dataset.Key, Ct)).Select(c => c.Country).Distinct().ToList();

        var result = await engine.RunAsync(dataset, [new ExposureShock(exporters, [product], null, false, 1)], [], new ExposureOptions(Headroom: 5), Ct);

        Assert.True(result.Lost > 0);
        Assert.Equal(0, result.Replaced);
        Assert.NotEmpty(result.Products);
        Assert.All(result.Products, p =>
        {
            Assert.Equal(0, p.Replaced);
            Assert.Equal(p.Imports, p.Lost, p.Imports * 1e-12);
            Assert.Equal(p.Lost, p.Unmet);
        });
    }

    [Theory]
    [InlineData(0.0, 0.2, 6, 20, "cut")]
    [InlineData(1.5, 0.2, 6, 20, "cut")]
    [InlineData(double.NaN, 0.2, 6, 20, "cut")]
    [InlineData(1.0, -0.1, 6, 20, "headroom")]
    [InlineData(1.0, 0.2, 3, 20, "HS level")]
    [InlineData(1.0, 0.2, 6, -1, "flows kept")]
    public async Task Bad_arguments_are_refused_with_a_message(double cut, double headroom, int digits, int limit, string says)
    {
        var (dataset, _) = await ExposureReferenceTests.HandMadeAsync(_test, Ct);
        var shock = new ExposureShock(["CHN"], [], null, false, cut);

        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            new ExposureEngine(_test.Store).RunAsync(dataset, [shock], [], new ExposureOptions(headroom, digits, limit), Ct));

        Assert.Contains(says, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_dataset_and_a_bad_chain_are_refused()
    {
        var (dataset, _) = await ExposureReferenceTests.HandMadeAsync(_test, Ct);
        var engine = new ExposureEngine(_test.Store);

        var unknown = await Assert.ThrowsAsync<ArgumentException>(() => engine.RunAsync(dataset with { Year = 1990 }, [], [], new ExposureOptions(), Ct));
        Assert.Contains("1990", unknown.Message, StringComparison.Ordinal);

        ExposureStage[] stages = [new("a", []), new("b", [])];
        var edge = await Assert.ThrowsAsync<ArgumentException>(() => engine.RunAsync(dataset, [], [new ExposureChain("c", stages, [("a", "z")])], new ExposureOptions(), Ct));
        Assert.Contains("a → z", edge.Message, StringComparison.Ordinal);
        var cycle = await Assert.ThrowsAsync<ArgumentException>(() => engine.RunAsync(dataset, [], [new ExposureChain("c", stages, [("a", "b"), ("b", "a")])], new ExposureOptions(), Ct));
        Assert.Contains("cycle", cycle.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_messages_exist_in_Chinese()
    {
        var previous = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("zh-Hans");
            foreach (var key in new[] { "ExposureCut", "ExposureHeadroom", "ExposureDigits", "ExposureFlowLimit", "ExposureEdge", "ExposureCycle" })
            {
                CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("zh-Hans");
                var zh = TradeText.Format(key, 1, 2, 3);
                CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;
                Assert.NotEqual(TradeText.Format(key, 1, 2, 3), zh);
            }
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    private static void AssertSorted<T>(IReadOnlyList<T> rows, Comparison<T> order)
    {
        for (var i = 1; i < rows.Count; i++)
        {
            Assert.True(order(rows[i - 1], rows[i]) <= 0, $"out of order at {i}: {rows[i - 1]} before {rows[i]}");
        }
    }

    public void Dispose() => _test.Dispose();
}
