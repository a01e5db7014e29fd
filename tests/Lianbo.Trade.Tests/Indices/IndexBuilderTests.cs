using System.Globalization;
using Lianbo.Trade.Import;
using Lianbo.Trade.Indices;

namespace Lianbo.Trade.Tests.Indices;

public sealed class IndexBuilderTests : IDisposable
{
    private readonly TradeTestStore _test = new();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void The_shipped_definitions_are_sound_and_name_only_catalogued_indicators()
    {
        var definitions = IndexBuilder.LoadDefinitions();
        var catalogue = File.ReadAllLines(Path.Combine(TradeFiles.Indices, "indicators.csv")).Skip(1).Select(l => l.Split(',')[0]).ToHashSet();

        Assert.Equal(["connectivity", "promotion"], definitions.Select(d => d.Id));
        Assert.Equal(5, definitions[1].Dimensions.Count);
        Assert.All(definitions.SelectMany(d => d.IndicatorIds), id => Assert.Contains(id, catalogue));
        Assert.All(TradeIndicatorSource.Indicators, id => Assert.Contains(id, catalogue));
    }

    [Fact]
    public async Task Both_indices_build_from_the_BACI_sample_and_say_which_promotion_dimensions_lack_data()
    {
        await BaciImporter.ImportAsync(_test.Store, TradeTestStore.BaciSample, ct: Ct);
        await new ExternalIndicators(_test.Store).ImportAsync(WriteLpi(), Ct);

        var results = await new IndexBuilder(_test.Store).BuildAsync(IndexBuilder.LoadDefinitions(), draws: 40, ct: Ct);

        var store = new IndexStore(_test.Store);
        var connectivity = (await store.RankingAsync("connectivity", 2021, Ct))!;
        Assert.Equal("BACI HS92 2021", connectivity.Year.Dataset);
        Assert.True(connectivity.Year.Countries > 100);
        Assert.All(connectivity.Countries.Where(c => c.Score is not null), c => Assert.True(c.Band!.P5 <= c.Band.Median && c.Band.Median <= c.Band.P95));
        Assert.Equal(results[0].Years.Single().Countries.First().Country, connectivity.Countries.First().Country);
        Assert.NotNull(connectivity.Year.Global);
        var zaf = connectivity.Countries.Single(c => c.Country == "ZAF");
        Assert.NotNull(zaf.Dimensions["depth"]);
        Assert.NotNull(zaf.Dimensions["breadth"]);

        // Promotion: infrastructure has trade partners (and LPI where imported); the other four have nothing and say so.
        var promotion = (await store.RankingAsync("promotion", 2021, Ct))!;
        Assert.Equal(["rules", "policies", "technology", "finance"], promotion.Year.LackingDimensions);
        var chn = (await store.HistoryAsync("promotion", "chn", Ct))!;
        var year = Assert.Single(chn.Years);
        Assert.Equal(2021, year.Year);
        Assert.Equal(["rules", "policies", "technology", "finance"], year.Score.MissingDimensions);
    }

    [Fact]
    public async Task An_ECI_from_another_source_fills_the_technology_dimension()
    {
        await BaciImporter.ImportAsync(_test.Store, TradeTestStore.BaciSample, ct: Ct);
        var eci = new InMemoryIndicatorSource([new IndicatorValue("complexity.eci", "ZAF", 2021, 0.1, "test"), new IndicatorValue("complexity.eci", "CHN", 2021, 1.0, "test")]);
        var definitions = IndexBuilder.LoadDefinitions().Where(d => d.Id == "promotion").ToList();

        var result = Assert.Single(await new IndexBuilder(_test.Store, [eci]).BuildAsync(definitions, draws: 10, ct: Ct));

        var year = Assert.Single(result.Years);
        Assert.DoesNotContain("technology", year.LackingDimensions);
        Assert.Equal(1.0, year.Countries.Single(c => c.Country == "CHN").Dimensions["technology"]);
    }

    [Fact]
    public async Task The_complexity_engines_ECI_of_a_stored_year_fills_the_technology_dimension_by_itself()
    {
        var options = new Lianbo.Trade.Generate.GenerateOptions(2022, 60_000, Seed: 11);
        var file = await Lianbo.Trade.Generate.TradeGenerator.WriteAsync(_test.File(options.DefaultFileName), options, ct: Ct);
        var dataset = Assert.Single(await BaciImporter.ImportAsync(_test.Store, file.Path, ct: Ct));
        var engine = Lianbo.Trade.Complexity.EconomicComplexity.Compute(await Lianbo.Trade.Complexity.ComplexityQueries.ExportMatrixAsync(_test.Store, dataset, 4, Ct));
        var definitions = IndexBuilder.LoadDefinitions().Where(d => d.Id == "promotion").ToList();

        var (table, _) = await new IndexBuilder(_test.Store).ReadAsync(definitions, Ct);
        var result = Assert.Single(await new IndexBuilder(_test.Store).BuildAsync(definitions, draws: 10, ct: Ct));

        Assert.NotNull(engine.Eci);
        var iso = TradeIndicatorSource.IsoCountries();
        var expected = engine.Countries.Select((c, i) => (Country: c, Eci: engine.Eci[i])).Where(x => iso.Contains(x.Country)).ToList();
        Assert.NotEmpty(expected);
        Assert.All(expected, x => Assert.Equal(x.Eci, table.Get("complexity.eci", x.Country, 2022)));
        Assert.DoesNotContain("technology", Assert.Single(result.Years).LackingDimensions);
    }

    [Fact]
    public async Task An_imported_ECI_replaces_the_engines_for_its_whole_year()
    {
        var options = new Lianbo.Trade.Generate.GenerateOptions(2022, 60_000, Seed: 11);
        var file = await Lianbo.Trade.Generate.TradeGenerator.WriteAsync(_test.File(options.DefaultFileName), options, ct: Ct);
        await BaciImporter.ImportAsync(_test.Store, file.Path, ct: Ct);
        var imported = new InMemoryIndicatorSource([new IndicatorValue("complexity.eci", "CHN", 2022, 1.5, "Atlas")]);
        var definitions = IndexBuilder.LoadDefinitions().Where(d => d.Id == "promotion").ToList();

        var (table, _) = await new IndexBuilder(_test.Store, [imported]).ReadAsync(definitions, Ct);

        // Only the imported country has an ECI that year: the engine's values for the others are not mixed in.
        Assert.Equal(1.5, table.Get("complexity.eci", "CHN", 2022));
        Assert.All(TradeIndicatorSource.IsoCountries().Where(c => c != "CHN"), c => Assert.Null(table.Get("complexity.eci", c, 2022)));
    }

    [Fact]
    public async Task Building_twice_with_the_same_seed_stores_the_same_bands()
    {
        await BaciImporter.ImportAsync(_test.Store, TradeTestStore.BaciSample, ct: Ct);
        var definitions = IndexBuilder.LoadDefinitions().Where(d => d.Id == "connectivity").ToList();
        var builder = new IndexBuilder(_test.Store);

        await builder.BuildAsync(definitions, draws: 30, seed: 5, ct: Ct);
        var first = (await new IndexStore(_test.Store).RankingAsync("connectivity", 2021, Ct))!;
        await builder.BuildAsync(definitions, draws: 30, seed: 5, ct: Ct);
        var second = (await new IndexStore(_test.Store).RankingAsync("connectivity", 2021, Ct))!;

        Assert.Equal(first.Countries.Select(c => (c.Country, c.Band)), second.Countries.Select(c => (c.Country, c.Band)));
    }

    [Fact]
    public async Task Fragmentation_compares_growth_within_and_between_blocs()
    {
        // Bloc W = {USA, DEU}, E = {CHN}, the rest are left out. Within W: 100 → 110 (+10%); between: 50 + 50 → 80 + 40 (+20%).
        var path = _test.File("flows.csv");
        File.WriteAllLines(path,
        [
            "year,exporter,importer,value", "2020,USA,DEU,100", "2020,USA,CHN,50", "2020,CHN,DEU,50", "2020,BRA,CHN,999",
            "2021,USA,DEU,110", "2021,USA,CHN,80", "2021,CHN,DEU,40", "2021,BRA,CHN,1",
        ]);
        await CsvImporter.ImportAsync(_test.Store, path, new CsvImportOptions(CsvColumnMapping.Parse("year=year,exporter=exporter,importer=importer,value=value")), ct: Ct);
        var blocs = new BlocSet("t", "T", "T", "test", [new Bloc("W", "W", "W", ["USA", "DEU"]), new Bloc("E", "E", "E", ["CHN"])]);

        var year = Assert.Single(await Fragmentation.ComputeAsync(_test.Store, blocs, Ct));

        Assert.Equal((2021, 2020, true), (year.Year, year.PreviousYear, year.Comparable));
        Assert.Equal(0.1, year.WithinGrowth, 12);
        Assert.Equal(0.2, year.BetweenGrowth, 12);
        Assert.Equal(0.1, year.Gap, 12);
        Assert.Equal(0.6, year.Pairs.Single(p => p is { From: "W", To: "E" }).Growth, 12);
    }

    [Fact]
    public void The_shipped_bloc_file_loads()
    {
        var blocs = BlocSet.Load(Path.Combine(TradeFiles.Indices, "blocs-example.json"));

        Assert.Equal("west", blocs.BlocOf("DEU"));
        Assert.Equal("east", blocs.BlocOf("CHN"));
        Assert.Equal("others", blocs.BlocOf("BRA"));
    }

    private string WriteLpi()
    {
        var path = _test.File("lpi.csv");
        File.WriteAllLines(path, ["country,year,indicator,value,source", .. new[] { ("CHN", 3.7), ("ZAF", 3.4), ("DEU", 4.1) }
            .Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Item1},2021,wb.lpi,{p.Item2},test values"))]);
        return path;
    }

    public void Dispose() => _test.Dispose();
}
