using System.Globalization;
using Lianbo.Trade.Dependencies;
using Lianbo.Trade.Import;
using Lianbo.Trade.Queries;
using Lianbo.Trade.Store;

namespace Lianbo.Trade.Tests.Dependencies;

/// <summary>Dependencies, chokepoint flags and substitutes on small stores whose answers can be worked out by hand.</summary>
public sealed class DependencyTests : IDisposable
{
    private readonly TradeTestStore _test = new();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // Product 850760: DEU buys 8 from CHN and 2 from KOR and exports 1 itself; CHN sells 9 to the world, KOR 2, DEU 1.
    // Product 270900: DEU buys 5 from NOR and 5 from SAU, and exports none.
    private static readonly string[] Year =
    [
        "{0},CHN,DEU,850760,8", "{0},KOR,DEU,850760,2", "{0},CHN,FRA,850760,1", "{0},DEU,FRA,850760,1",
        "{0},NOR,DEU,270900,5", "{0},SAU,DEU,270900,5", "{0},SAU,FRA,270900,30",
        "{0},FRA,DEU,300490,4", "{0},FRA,ITA,300490,2", "{0},ITA,DEU,300490,1",
    ];

    [Fact]
    public async Task Import_hhi_top_supplier_ratio_and_world_hhi_follow_their_definitions()
    {
        var dataset = await ImportAsync(2021);

        var report = await new DependencyQueries(_test.Store).ReportAsync(dataset, 6, "deu", ct: Ct);

        Assert.Equal("DEU", report.Importer);
        Assert.Equal([2021], report.Years);
        var battery = report.Products.Single(p => p.Product == "850760");
        Assert.Equal(10, battery.Imports, 1e-12);
        Assert.Equal(0.8 * 0.8 + 0.2 * 0.2, battery.ImportHhi, 1e-12);
        Assert.Equal(("CHN", 0.8), (battery.TopSupplier, Math.Round(battery.TopSupplierShare, 12)));
        Assert.Equal(1, battery.Exports);
        Assert.Equal(10, battery.ImportExportRatio!.Value, 1e-12);
        // World exports: CHN 9, KOR 2, DEU 1 of 12.
        Assert.Equal((81 + 4 + 1) / 144.0, battery.WorldExportHhi, 1e-12);
        Assert.True(battery.CriteriaMet);
        Assert.False(battery.GeoDep);
        var oil = report.Products.Single(p => p.Product == "270900");
        // Two suppliers at half each: HHI 0.5; ties go to the first code; no exports, so no ratio (GeoDep's 9999).
        Assert.Equal((0.5, "NOR", 0.5, (double?)null), (oil.ImportHhi, oil.TopSupplier, oil.TopSupplierShare, oil.ImportExportRatio));
        // World exports NOR 5, SAU 35 of 40: HHI 0.78125 > 0.4.
        Assert.Equal(0.78125, oil.WorldExportHhi, 1e-12);
        Assert.True(oil.CriteriaMet);
    }

    [Fact]
    public async Task The_GeoDep_flag_needs_the_criteria_in_two_of_three_years()
    {
        await ImportAsync(2019);
        // 2020: DEU buys from five suppliers at 2 each, HHI 0.2: the criteria fail that year.
        await ImportAsync(2020, ["2020,CHN,DEU,850760,2", "2020,KOR,DEU,850760,2", "2020,JPN,DEU,850760,2", "2020,USA,DEU,850760,2", "2020,POL,DEU,850760,2", "2020,CHN,FRA,850760,50"]);
        var latest = await ImportAsync(2021);
        var queries = new DependencyQueries(_test.Store);

        var report = await queries.ReportAsync(latest, 6, "DEU", ct: Ct);

        Assert.Equal([2019, 2020, 2021], report.Years);
        var battery = report.Products.Single(p => p.Product == "850760");
        Assert.Equal((2, 3, true), (battery.YearsMet, battery.YearsStored, battery.GeoDep));
        // Chokepoints come first.
        Assert.True(report.Products[0].GeoDep);
        var earlier = await queries.ReportAsync((await new TradeQueries(_test.Store).FindAsync(2020, ct: Ct))!, 6, "DEU", ct: Ct);
        Assert.Equal((1, 2, false), earlier.Products.Where(p => p.Product == "850760").Select(p => (p.YearsMet, p.YearsStored, p.GeoDep)).Single());
    }

    [Fact]
    public async Task The_EU_2021_criteria_are_taken_over_the_blocs_extra_bloc_imports()
    {
        var dataset = await ImportAsync(2021);

        var report = await new DependencyQueries(_test.Store).ReportAsync(dataset, 6, "DEU", "EU", ["DEU", "FRA", "ITA"], Ct);

        Assert.Equal(["DEU", "FRA", "ITA"], report.BlocMembers);
        var battery = report.BlocProducts.Single(p => p.Product == "850760");
        // Extra-bloc: CHN 8 + 1, KOR 2 = 11; all imports add DEU → FRA 1: 12; bloc exports DEU → FRA 1.
        Assert.Equal((11.0, 12.0), (battery.ExtraImports, battery.TotalImports));
        Assert.Equal((81 + 4) / 121.0, battery.ExtraHhi, 1e-12);
        Assert.Equal(11 / 12.0, battery.ExtraShare, 1e-12);
        Assert.Equal(11, battery.ImportExportRatio!.Value, 1e-12);
        Assert.True(battery.Dependent);
        // Medicines (300490) are traded only inside the bloc: no extra-bloc imports, no row.
        Assert.DoesNotContain(report.BlocProducts, p => p.Product == "300490");
    }

    [Fact]
    public async Task Substitutes_are_ranked_by_exports_rca_density_and_the_fall_in_import_concentration_with_reasons()
    {
        var dataset = await ImportAsync(2021, [.. string.Join(";", Year).Split(';'), "{0},JPN,USA,850760,6", "{0},JPN,FRA,850760,3"]);

        var report = (await new SubstituteFinder(_test.Store).FindAsync(dataset, 6, "DEU", HsFilter.TryParse("850760")!, ct: Ct))!;

        Assert.Equal(("CHN", 0.8), (report.Supplier, Math.Round(report.SupplierShare, 12)));
        Assert.Equal(0.68, report.ImportHhi, 1e-12);
        // Candidates: every other exporter of it but DEU itself: JPN (9), KOR (2).
        Assert.Equal(["JPN", "KOR"], report.Candidates.Select(c => c.Country));
        var japan = report.Candidates[0];
        Assert.Equal(9, japan.Exports);
        Assert.Equal(0.0, japan.ShareNow);
        Assert.Equal(0.8 * 0.8 / 2, japan.HhiDrop, 1e-12);
        var korea = report.Candidates[1];
        Assert.Equal(0.2, korea.ShareNow, 1e-12);
        Assert.Equal(0.6 * 0.6 / 2, korea.HhiDrop, 1e-12);
        Assert.Equal(5, japan.Reasons.Count);
        Assert.Contains("does not supply DEU with it yet", japan.Reasons);
    }

    [Fact]
    public async Task Substitute_reasons_are_in_chinese_for_a_chinese_ui()
    {
        var dataset = await ImportAsync(2021);
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("zh-CN");
        try
        {
            var report = (await new SubstituteFinder(_test.Store).FindAsync(dataset, 6, "DEU", HsFilter.TryParse("850760")!, ct: Ct))!;

            Assert.Contains(report.Candidates.Single(c => c.Country == "KOR").Reasons, r => r.StartsWith("已占 DEU 该产品进口的", StringComparison.Ordinal));
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    [Fact]
    public async Task No_substitutes_when_the_importer_buys_none_of_the_product()
    {
        var dataset = await ImportAsync(2021);

        Assert.Null(await new SubstituteFinder(_test.Store).FindAsync(dataset, 6, "ITA", HsFilter.TryParse("850760")!, ct: Ct));
        Assert.Null(await new SubstituteFinder(_test.Store).FindAsync(dataset, 6, "DEU", HsFilter.TryParse("850760")!, supplier: "USA", ct: Ct));
    }

    [Fact]
    public void Percentile_ranks_average_ties_like_pandas()
    {
        Assert.Equal([0.25, 0.625, 0.625, 1.0], SubstituteFinder.PercentRanks([1, 5, 5, 9]));
    }

    private Task<DatasetInfo> ImportAsync(int year) => ImportAsync(year, Year);

    private async Task<DatasetInfo> ImportAsync(int year, IEnumerable<string> rows)
    {
        var path = _test.File($"flows-{year}.csv");
        await File.WriteAllLinesAsync(path, ["year,exporter,importer,product,value", .. rows.Select(r => string.Format(CultureInfo.InvariantCulture, r, year))], Ct);
        return Assert.Single(await CsvImporter.ImportAsync(_test.Store, path, new CsvImportOptions(CsvColumnMapping.Parse(CsvColumnMapping.Default), Revision: "HS92"), ct: Ct));
    }

    public void Dispose() => _test.Dispose();
}
