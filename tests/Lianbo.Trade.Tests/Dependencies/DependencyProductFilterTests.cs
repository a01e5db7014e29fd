using Lianbo.Trade.Dependencies;
using Lianbo.Trade.Import;

namespace Lianbo.Trade.Tests.Dependencies;

/// <summary>
/// The report cut to a set of products (what the annual report asks for each chain) equals the whole report filtered in
/// .NET, on the shipped BACI sample: importers' rows and the bloc's rows alike.
/// </summary>
public sealed class DependencyProductFilterTests : IDisposable
{
    private const double Relative = 1e-9;

    private readonly TradeTestStore _test = new();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_product_set_gives_the_rows_of_the_whole_report_for_those_products()
    {
        var dataset = Assert.Single(await BaciImporter.ImportAsync(_test.Store, TradeTestStore.BaciSample, ct: Ct));
        var queries = new DependencyQueries(_test.Store);
        string[] sacu = ["BWA", "LSO", "NAM", "SWZ", "ZAF"];
        var whole = await queries.ReportAsync(dataset, 6, importer: null, "SACU", sacu, Ct);
        // Every 37th product the sample holds, the one with most importer rows, every 5th the bloc imports from outside,
        // and a code no one trades.
        var byProduct = whole.Products.GroupBy(p => p.Product).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        var chosen = byProduct.Where((_, i) => i % 37 == 0).Select(g => g.Key)
            .Append(byProduct.OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).First().Key)
            .Concat(whole.BlocProducts.Select(p => p.Product).Where((_, i) => i % 5 == 0))
            .Append("999999").ToHashSet(StringComparer.Ordinal);
        Assert.True(chosen.Count > 20, $"only {chosen.Count} products chosen");

        var cut = await queries.ReportAsync(dataset, 6, importer: null, products: chosen, "SACU", sacu, Ct);

        AssertSameRows(whole.Products.Where(p => chosen.Contains(p.Product)).ToList(), cut.Products);
        var blocExpected = whole.BlocProducts.Where(p => chosen.Contains(p.Product)).ToList();
        Assert.NotEmpty(blocExpected);
        AssertSameRows(blocExpected, cut.BlocProducts);
        Assert.Equal(whole.Years, cut.Years);
        Assert.Equal(whole.BlocMembers, cut.BlocMembers);
    }

    [Fact]
    public async Task One_importer_and_a_product_set_cut_both_ways()
    {
        var dataset = Assert.Single(await BaciImporter.ImportAsync(_test.Store, TradeTestStore.BaciSample, ct: Ct));
        var queries = new DependencyQueries(_test.Store);
        var whole = await queries.ReportAsync(dataset, 6, "nam", ct: Ct);
        var chosen = whole.Products.Select(p => p.Product).Where((_, i) => i % 5 == 1).ToList();
        Assert.NotEmpty(chosen);

        // Codes with spaces around them are read as the same codes.
        var cut = await queries.ReportAsync(dataset, 6, "nam", products: [.. chosen.Select(c => " " + c)], ct: Ct);

        AssertSameRows(whole.Products.Where(p => chosen.Contains(p.Product)).ToList(), cut.Products);
        Assert.Empty((await queries.ReportAsync(dataset, 6, "NAM", products: [], ct: Ct)).Products);
    }

    [Theory]
    [InlineData("8507")]
    [InlineData("85076a")]
    [InlineData("8507600")]
    public async Task A_code_not_at_the_reports_level_is_refused(string code)
    {
        var dataset = Assert.Single(await BaciImporter.ImportAsync(_test.Store, TradeTestStore.BaciSample, ct: Ct));

        var error = await Assert.ThrowsAsync<ArgumentException>(() => new DependencyQueries(_test.Store).ReportAsync(dataset, 6, null, products: ["850760", code], ct: Ct));

        Assert.Equal("products", error.ParamName);
    }

    // Sums in DuckDB may add in another order with fewer rows, so values are compared to 1e-9 relative; all else exactly.
    private static void AssertSameRows(IReadOnlyList<ImportDependency> expected, IReadOnlyList<ImportDependency> actual)
    {
        Assert.Equal(expected.Select(r => (r.Importer, r.Product)), actual.Select(r => (r.Importer, r.Product)));
        foreach (var (want, got) in expected.Zip(actual))
        {
            Assert.Equal((want.TopSupplier, want.CriteriaMet, want.YearsMet, want.YearsStored, want.GeoDep, want.ImportExportRatio is null),
                (got.TopSupplier, got.CriteriaMet, got.YearsMet, got.YearsStored, got.GeoDep, got.ImportExportRatio is null));
            Close(want.Imports, got.Imports);
            Close(want.ImportHhi, got.ImportHhi);
            Close(want.TopSupplierShare, got.TopSupplierShare);
            Close(want.Exports, got.Exports);
            Close(want.ImportExportRatio ?? 0, got.ImportExportRatio ?? 0);
            Close(want.WorldExportHhi, got.WorldExportHhi);
        }
    }

    private static void AssertSameRows(IReadOnlyList<BlocDependency> expected, IReadOnlyList<BlocDependency> actual)
    {
        Assert.Equal(expected.Select(r => r.Product), actual.Select(r => r.Product));
        foreach (var (want, got) in expected.Zip(actual))
        {
            Assert.Equal((want.TopSupplier, want.Dependent, want.ImportExportRatio is null), (got.TopSupplier, got.Dependent, got.ImportExportRatio is null));
            Close(want.ExtraImports, got.ExtraImports);
            Close(want.TotalImports, got.TotalImports);
            Close(want.ExtraHhi, got.ExtraHhi);
            Close(want.TopSupplierShare, got.TopSupplierShare);
            Close(want.ExtraShare, got.ExtraShare);
            Close(want.Exports, got.Exports);
            Close(want.ImportExportRatio ?? 0, got.ImportExportRatio ?? 0);
        }
    }

    private static void Close(double expected, double actual) =>
        Assert.True(Math.Abs(expected - actual) <= Relative * Math.Max(Math.Abs(expected), Math.Abs(actual)), $"expected {expected:R}, got {actual:R}");

    public void Dispose() => _test.Dispose();
}
