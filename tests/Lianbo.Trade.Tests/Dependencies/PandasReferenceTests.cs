using System.Globalization;
using System.Text.Json;
using Lianbo.Trade.Dependencies;
using Lianbo.Trade.Generate;
using Lianbo.Trade.Import;
using Lianbo.Trade.Tests.Reference;

namespace Lianbo.Trade.Tests.Dependencies;

/// <summary>
/// Import dependencies, GeoDep flags and the bloc's EU 2021 criteria equal pandas (Debian's python3-pandas) on the
/// same BACI files, read by the reference script independently of Lianbo: the shipped sample and three generated years.
/// </summary>
public sealed class PandasReferenceTests : IDisposable
{
    private const double Relative = 1e-9;

    private readonly TradeTestStore _test = new();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_BACI_sample_equals_pandas()
    {
        const string sacu = "BWA,LSO,NAM,SWZ,ZAF";
        var reference = PythonReference.Complexity("dependencies", "6", TradeTestStore.BaciCountryCodes, sacu, TradeTestStore.BaciSample);
        var dataset = Assert.Single(await BaciImporter.ImportAsync(_test.Store, TradeTestStore.BaciSample, ct: Ct));

        var report = await new DependencyQueries(_test.Store).ReportAsync(dataset, 6, importer: null, "SACU", sacu.Split(','), Ct);

        AssertEqualsReference(reference, report);
    }

    [Fact]
    public async Task Three_generated_years_equal_pandas_with_the_GeoDep_window()
    {
        // 2019 and 2020 from two seeds; 2021 repeats 2019's flows, so that flags held in 2019 and 2021 make GeoDep chokepoints.
        var files = new List<string>();
        foreach (var (year, seed) in new[] { (2019, 5), (2020, 6) })
        {
            var options = new GenerateOptions(year, 30_000, seed);
            files.Add((await TradeGenerator.WriteAsync(_test.File(options.DefaultFileName), options, ct: Ct)).Path);
        }

        var repeat = _test.File(new GenerateOptions(2021, 30_000, 5).DefaultFileName);
        await File.WriteAllLinesAsync(repeat, File.ReadLines(files[0]).Select(l => l.StartsWith("2019,", StringComparison.Ordinal) ? "2021," + l[5..] : l), Ct);
        files.Add(repeat);
        foreach (var file in files)
        {
            await BaciImporter.ImportAsync(_test.Store, file, ct: Ct);
        }

        const string bloc = "AUT,BEL,DEU,ESP,FRA,ITA,NLD,POL";
        var reference = PythonReference.Complexity(["dependencies", "4", TradeTestStore.BaciCountryCodes, bloc, .. files]);
        var dataset = (await new Lianbo.Trade.Queries.TradeQueries(_test.Store).FindAsync(2021, ct: Ct))!;

        var report = await new DependencyQueries(_test.Store).ReportAsync(dataset, 4, importer: null, "EU", bloc.Split(','), Ct);

        Assert.Equal([2019, 2020, 2021], report.Years);
        Assert.Contains(report.Products, p => p.GeoDep);
        AssertEqualsReference(reference, report);
    }

    private static void AssertEqualsReference(JsonElement reference, DependencyReport report)
    {
        Assert.Equal(reference.GetProperty("years").EnumerateArray().Select(y => y.GetInt32()), report.Years);
        var expected = reference.GetProperty("rows").EnumerateArray().ToDictionary(r => (r.GetProperty("importer").GetString()!, r.GetProperty("product").GetString()!));
        Assert.Equal(expected.Count, report.Products.Count);
        var failures = new List<string>();
        foreach (var row in report.Products)
        {
            var want = expected[(row.Importer, row.Product)];
            Check(failures, $"{row.Importer} {row.Product}", want,
                ("imports", row.Imports), ("hhi", row.ImportHhi), ("top_share", row.TopSupplierShare), ("exports", row.Exports),
                ("ratio", row.ImportExportRatio), ("world_hhi", row.WorldExportHhi));
            if ((want.GetProperty("top").GetString(), want.GetProperty("met").GetBoolean(), want.GetProperty("years_met").GetInt32(), want.GetProperty("geodep").GetBoolean())
                != (row.TopSupplier, row.CriteriaMet, row.YearsMet, row.GeoDep))
            {
                failures.Add($"{row.Importer} {row.Product}: pandas {want}, Lianbo {row}");
            }
        }

        var bloc = reference.GetProperty("bloc").EnumerateArray().ToDictionary(r => r.GetProperty("product").GetString()!);
        Assert.Equal(bloc.Count, report.BlocProducts.Count);
        Assert.NotEmpty(bloc);
        foreach (var row in report.BlocProducts)
        {
            var want = bloc[row.Product];
            Check(failures, $"bloc {row.Product}", want, ("extra", row.ExtraImports), ("total", row.TotalImports), ("hhi", row.ExtraHhi),
                ("top_share", row.TopSupplierShare), ("extra_share", row.ExtraShare), ("exports", row.Exports), ("ratio", row.ImportExportRatio));
            if ((want.GetProperty("top").GetString(), want.GetProperty("dependent").GetBoolean()) != (row.TopSupplier, row.Dependent))
            {
                failures.Add($"bloc {row.Product}: pandas {want}, Lianbo {row}");
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} differ:\n" + string.Join("\n", failures.Take(20)));
    }

    private static void Check(List<string> failures, string what, JsonElement want, params (string Name, double? Value)[] values)
    {
        foreach (var (name, value) in values)
        {
            var expected = want.GetProperty(name);
            var same = expected.ValueKind == JsonValueKind.Null
                ? value is null
                : value is { } got && Math.Abs(got - expected.GetDouble()) <= Relative * Math.Max(Math.Abs(got), Math.Abs(expected.GetDouble()));
            if (!same)
            {
                failures.Add(string.Create(CultureInfo.InvariantCulture, $"{what} {name}: pandas {expected}, Lianbo {value:R}"));
            }
        }
    }

    public void Dispose() => _test.Dispose();
}
