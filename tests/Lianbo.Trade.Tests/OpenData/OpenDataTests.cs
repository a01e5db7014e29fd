using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using Lianbo.Trade.Indices;
using Lianbo.Trade.OpenData;
using Lianbo.Trade.Queries;
using Lianbo.Trade.Tests.Reference;

namespace Lianbo.Trade.Tests.OpenData;

/// <summary>
/// The open data as the product loads it (one load of everything, shared by the tests: seconds), held against the
/// shipped files read here on their own and against the numpy/pandas reference of the indices.
/// </summary>
public sealed class OpenDataTests(OpenDataTests.Loaded loaded) : IClassFixture<OpenDataTests.Loaded>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A trade store with the shipped open data loaded and the indices built, once for the class.</summary>
    public sealed class Loaded : IAsyncLifetime
    {
        public TradeTestStore Test { get; } = new();
        public OpenDataResult Result { get; private set; } = null!;

        public async ValueTask InitializeAsync() => Result = await new OpenDataLoader(Test.Store).LoadAsync();

        public ValueTask DisposeAsync()
        {
            Test.Dispose();
            return ValueTask.CompletedTask;
        }
    }

    private static string Open(string name) => Path.Combine(OpenDataManifest.ShippedDirectory, name);

    // A shipped CSV (gzip) as header → field rows, read without the product's reader.
    private static List<Dictionary<string, string>> ReadGzip(string path)
    {
        using var reader = new StreamReader(new GZipStream(File.OpenRead(path), CompressionMode.Decompress));
        var header = Fields(reader.ReadLine()!);
        var rows = new List<Dictionary<string, string>>();
        while (reader.ReadLine() is { Length: > 0 } line)
        {
            var f = Fields(line);
            rows.Add(header.Select((h, i) => (h, f[i])).ToDictionary(p => p.h, p => p.Item2));
        }

        return rows;
    }

    // Fields of a CSV line, double quotes around fields that hold commas.
    private static List<string> Fields(string line)
    {
        var fields = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        foreach (var c in line)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ',' && !quoted)
            {
                fields.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        fields.Add(current.ToString());
        return fields;
    }

    private static double Number(string text) => double.Parse(text, CultureInfo.InvariantCulture);

    [Fact]
    public async Task The_loaded_spot_values_equal_the_files()
    {
        var values = await new ExternalIndicators(loaded.Test.Store).ReadAsync(new HashSet<string> { "wb.lpi", "wb.rd_gdp" }, Ct);
        double Stored(string indicator, string country, int year) => values.Single(v => v.Indicator == indicator && v.Country == country && v.Year == year).Value;

        var lpi = ReadGzip(Open("indicators/wb-lpi-overall-2007-2023.csv.gz"));
        double LpiFile(string country) => Number(lpi.Single(r => r["iso3"] == country && r["lpi_edition"] == "2023")["lpi_overall_score"]);
        Assert.Equal(4.1, LpiFile("DEU"));
        Assert.Equal(4.3, LpiFile("SGP"));
        Assert.Equal(LpiFile("DEU"), Stored("wb.lpi", "DEU", 2023));
        Assert.Equal(LpiFile("SGP"), Stored("wb.lpi", "SGP", 2023));

        var rd = ReadGzip(Open("indicators/wdi-rd-expenditure-pct-gdp-1996-2023.csv.gz"));
        var chinaRd = Number(rd.Single(r => r["iso3"] == "CHN" && r["year"] == "2020")["rd_expenditure_pct_gdp"]);
        Assert.Equal(2.41, chinaRd, 0.005);
        Assert.Equal(chinaRd, Stored("wb.rd_gdp", "CHN", 2020));

        var panel = ReadGzip(Open("bilateral/dta-trade-1964-2016-4yearly.csv.gz"));
        var chinaUsa = Number(panel.Single(r => r["exporter"] == "CHN" && r["importer"] == "USA" && r["year"] == "2016")["export_value"]);
        Assert.Equal(384.9e9, chinaUsa, 0.05e9);
        var queries = new TradeQueries(loaded.Test.Store);
        var network = await queries.NetworkAsync((await queries.FindAsync(2016, ct: Ct))!, (HsFilter?)null, Ct);
        var (china, usa) = (network.Countries.ToList().IndexOf("CHN"), network.Countries.ToList().IndexOf("USA"));
        var arc = Enumerable.Range(network.OutStart[china], network.OutStart[china + 1] - network.OutStart[china]).Single(a => network.OutTarget[a] == usa);
        Assert.Equal(chinaUsa, network.OutWeight[arc]);
    }

    [Fact]
    public async Task Every_LPI_row_of_a_country_is_stored_as_the_file_gives_it_and_aggregates_are_left_out()
    {
        var iso = TradeIndicatorSource.IsoCountries();
        var expected = ReadGzip(Open("indicators/wb-lpi-overall-2007-2023.csv.gz")).Where(r => iso.Contains(r["iso3"]))
            .ToDictionary(r => (r["iso3"], int.Parse(r["lpi_edition"], CultureInfo.InvariantCulture)), r => Number(r["lpi_overall_score"]));
        var stored = (await new ExternalIndicators(loaded.Test.Store).ReadAsync(new HashSet<string> { "wb.lpi" }, Ct)).ToDictionary(v => (v.Country, v.Year), v => v.Value);

        Assert.True(expected.Count > 1000);
        Assert.Equal(expected.OrderBy(p => p.Key), stored.OrderBy(p => p.Key));
        var credit = await new ExternalIndicators(loaded.Test.Store).ReadAsync(new HashSet<string> { "wb.credit_gdp" }, Ct);
        Assert.DoesNotContain(credit, v => v.Country is "WLD" or "AFE");
        Assert.Equal(182.9, credit.Single(v => v is { Country: "CHN", Year: 2020 }).Value, 0.05);
    }

    [Fact]
    public async Task The_panel_is_stored_as_a_country_level_dataset_per_year_without_zeros_or_partners_that_are_no_country()
    {
        var datasets = await loaded.Test.Store.ListDatasetsAsync(Ct);
        Assert.Equal(Enumerable.Range(0, 14).Select(i => 1964 + (4 * i)), datasets.Select(d => d.Year).Order());
        Assert.All(datasets, d => Assert.Equal(("DOTS-DTA", "penppml", "USD", false, false), (d.Source, d.Revision, d.Unit, d.HasProducts, d.Generated)));

        var panel = ReadGzip(Open("bilateral/dta-trade-1964-2016-4yearly.csv.gz"));
        string[] notCountries = ["UNS", "SPE", "BUN", "FRE", "BAT", "ZPM", "ZW1"];
        var kept = panel.Where(r => Number(r["export_value"]) > 0 && !notCountries.Contains(r["exporter"]) && !notCountries.Contains(r["importer"])).ToList();
        Assert.Equal(kept.Count, datasets.Sum(d => d.Rows));
        Assert.Equal(kept.Count, loaded.Result.TradeRows);
        var year2016 = datasets.Single(d => d.Year == 2016);
        Assert.Equal(kept.Where(r => r["year"] == "2016").Sum(r => Number(r["export_value"])), year2016.TotalValue, year2016.TotalValue * 1e-12);
    }

    [Fact]
    public async Task A_second_load_of_unchanged_files_does_nothing_and_a_changed_file_is_pending()
    {
        var again = await new OpenDataLoader(loaded.Test.Store).LoadAsync(ct: Ct);
        Assert.False(again.Changed);
        Assert.False(await new OpenDataLoader(loaded.Test.Store).IsPendingAsync(Ct));

        var copy = Directory.CreateTempSubdirectory("lianbo-open-copy-");
        try
        {
            foreach (var file in Directory.EnumerateFiles(OpenDataManifest.ShippedDirectory, "*", SearchOption.AllDirectories))
            {
                var target = Path.Combine(copy.FullName, Path.GetRelativePath(OpenDataManifest.ShippedDirectory, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }

            Assert.False(await new OpenDataLoader(loaded.Test.Store, copy.FullName).IsPendingAsync(Ct));
            await File.AppendAllTextAsync(Path.Combine(copy.FullName, OpenDataManifest.FileName), "\n", Ct);
            Assert.True(await new OpenDataLoader(loaded.Test.Store, copy.FullName).IsPendingAsync(Ct));
        }
        finally
        {
            copy.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("AFG,Afghanistan,2010,2010,n/a", 3, "the value \"n/a\" is not a number")]
    [InlineData("AFG,Afghanistan,20x0,2010,2.2", 3, "the year \"20x0\" is not a year between 1900 and 2100")]
    [InlineData("AFG,Afghanistan,2007,2007,2.2", 3, "wb.lpi for AFG in 2007 is already given on line 2")]
    [InlineData("AFG,Afghanistan,2010", 3, "expected 5 columns, found 3")]
    public void A_malformed_series_file_is_refused_with_its_line(string bad, int line, string problem)
    {
        using var test = new TradeTestStore();
        var path = test.File("lpi.csv.gz");
        using (var writer = new StreamWriter(new GZipStream(File.Create(path), CompressionLevel.Fastest)))
        {
            writer.Write("iso3,country,lpi_edition,wdi_year,lpi_overall_score\nAFG,Afghanistan,2007,2007,1.21\n" + bad + "\nAGO,Angola,2010,2010,2.25\n");
        }

        var series = OpenDataManifest.Load(OpenDataManifest.ShippedDirectory).Series[0];
        var e = Assert.Throws<TradeDataException>(() => OpenDataLoader.ReadSeries(path, series, TradeIndicatorSource.IsoCountries(), Ct));

        Assert.Equal((line, problem), (e.Line, e.Problem));
    }

    [Theory]
    [InlineData("connectivity")]
    [InlineData("promotion")]
    public async Task The_index_built_on_the_open_data_equals_the_numpy_and_pandas_reference(string id)
    {
        var reference = PythonReference.Index("open", Path.Combine(TradeFiles.Indices, id + ".json"), TradeFiles.Gdp, TradeFiles.Countries, OpenDataManifest.ShippedDirectory);
        var indices = new IndexStore(loaded.Test.Store);
        var built = (await indices.FindAsync(id, Ct))!;
        var years = reference.GetProperty("years").EnumerateObject().ToDictionary(p => int.Parse(p.Name, CultureInfo.InvariantCulture), p => p.Value);

        Assert.Equal(years.Keys.Order(), built.Years.Select(y => y.Year));
        var compared = 0;
        foreach (var (year, expected) in years)
        {
            var ranking = (await indices.RankingAsync(id, year, Ct))!;
            Close(expected.GetProperty("global"), ranking.Year.Global, $"world value {year}");
            var countries = expected.GetProperty("countries").EnumerateObject().ToDictionary(p => p.Name, p => p.Value);
            var scored = ranking.Countries.Where(c => c.Score is not null).ToList();
            Assert.Equal(countries.Keys.Order(), scored.Select(c => c.Country).Order());
            foreach (var country in scored)
            {
                var e = countries[country.Country];
                Close(e.GetProperty("score"), country.Score, $"{year} {country.Country}");
                Assert.Equal(e.GetProperty("rank").GetInt32(), country.Rank);
                foreach (var dimension in e.GetProperty("dimensions").EnumerateObject())
                {
                    Close(dimension.Value, country.Dimensions[dimension.Name], $"{year} {country.Country} {dimension.Name}");
                }

                compared++;
            }
        }

        Assert.True(compared > 2000, $"{compared} country-years compared");
    }

    [Fact]
    public async Task The_trend_drivers_split_the_mean_score_change_exactly_by_dimension()
    {
        var indices = new IndexStore(loaded.Test.Store);
        var definition = (await indices.FindAsync("promotion", Ct))!.Definition;
        var (from, to) = ((await indices.RankingAsync("promotion", 2014, Ct))!, (await indices.RankingAsync("promotion", 2023, Ct))!);

        var drivers = TrendDrivers.Explain(definition, from, to)!;

        var both = to.Countries.Where(c => c.Score is not null && from.Countries.Any(f => f.Country == c.Country && f.Score is not null)).ToList();
        Assert.InRange(drivers.Countries, 100, both.Count);
        Assert.Equal(drivers.MeanTo - drivers.MeanFrom, drivers.Dimensions.Sum(d => d.Contribution), 12);
        Assert.Equal(["finance", "infrastructure", "rules", "technology"], drivers.Dimensions.Select(d => d.Dimension).Order(StringComparer.Ordinal));
        Assert.Equal((2014, 2023, from.Year.Global, to.Year.Global), (drivers.From, drivers.To, drivers.GlobalFrom, drivers.GlobalTo));
    }

    // Equal to a relative 1e-9 (the reference sums in another order; 1e-12 absolute around zero), or both missing.
    private static void Close(JsonElement expected, double? actual, string what)
    {
        Assert.True((expected.ValueKind == JsonValueKind.Null) == (actual is null), $"{what}: {expected} against {actual}");
        if (actual is { } a)
        {
            var e = expected.GetDouble();
            Assert.True(Math.Abs(e - a) <= Math.Max(1e-12, 1e-9 * Math.Abs(e)), $"{what}: {e:R} against {a:R}");
        }
    }
}
