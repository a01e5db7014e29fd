using System.Text.Json;
using Lianbo.Trade.Complexity;
using Lianbo.Trade.Generate;
using Lianbo.Trade.Import;
using Lianbo.Trade.Queries;
using Lianbo.Trade.Tests.Reference;

namespace Lianbo.Trade.Tests.Complexity;

/// <summary>
/// Economic complexity from the store equals numpy (Debian's python3-numpy) on the same BACI file, read by the
/// reference script independently of Lianbo: the shipped 2021 sample and a generated year. Agreement is a relative
/// difference of at most 1e-9, or, for values that are zero in exact arithmetic, within 1e-12 of the measure's largest.
/// </summary>
public sealed class NumpyReferenceTests : IDisposable
{
    private const double Relative = 1e-9;
    private const double NoiseFloor = 1e-12;

    private readonly TradeTestStore _test = new();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_BACI_sample_equals_numpy_and_both_find_eci_undefined()
    {
        // The sample's exporters are South Africa and Afghanistan, which share no product with RCA ≥ 1.
        var reference = PythonReference.Complexity("complexity", "4", TradeTestStore.BaciCountryCodes, TradeTestStore.BaciSample);
        var dataset = Assert.Single(await BaciImporter.ImportAsync(_test.Store, TradeTestStore.BaciSample, ct: Ct));

        var result = EconomicComplexity.Compute(await ComplexityQueries.ExportMatrixAsync(_test.Store, dataset, 4, Ct));

        AssertEqualsReference(reference, result);
        Assert.Null(result.Eci);
        Assert.NotNull(result.Undefined);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(2)]
    public async Task A_generated_year_equals_numpy(int digits)
    {
        var file = await TradeGenerator.WriteAsync(_test.File(new GenerateOptions(2022, 60_000, Seed: 11).DefaultFileName), new GenerateOptions(2022, 60_000, Seed: 11), ct: Ct);
        var reference = PythonReference.Complexity("complexity", digits.ToString(System.Globalization.CultureInfo.InvariantCulture), TradeTestStore.BaciCountryCodes, file.Path);
        var dataset = Assert.Single(await BaciImporter.ImportAsync(_test.Store, file.Path, ct: Ct));

        var result = EconomicComplexity.Compute(await ComplexityQueries.ExportMatrixAsync(_test.Store, dataset, digits, Ct));

        Assert.NotNull(result.Eci);
        AssertEqualsReference(reference, result);
    }

    private static void AssertEqualsReference(JsonElement reference, ComplexityResult result)
    {
        Assert.Equal(reference.GetProperty("countries").EnumerateArray().Select(c => c.GetString()), result.Countries);
        Assert.Equal(reference.GetProperty("products").EnumerateArray().Select(c => c.GetString()), result.Products);
        var (nc, np) = (result.Countries.Count, result.Products.Count);
        var failures = new List<string>();
        var compared = 0;

        void Compare(string name, Func<int, int, double> lianbo, int rows, int columns)
        {
            var matrix = reference.GetProperty(name);
            var expected = matrix.ValueKind == JsonValueKind.Array && matrix[0].ValueKind == JsonValueKind.Array
                ? matrix.EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray()
                : [.. matrix.EnumerateArray().Select(v => new[] { v.GetDouble() })];
            var largest = expected.SelectMany(r => r).Max(Math.Abs);
            for (var i = 0; i < rows; i++)
            {
                for (var j = 0; j < columns; j++)
                {
                    var (want, got) = (expected[i][j], lianbo(i, j));
                    var difference = Math.Abs(want - got);
                    compared++;
                    if (difference > Relative * Math.Max(Math.Abs(want), Math.Abs(got)) && difference > NoiseFloor * largest)
                    {
                        failures.Add($"{name}[{i},{j}]: numpy {want:R}, Lianbo {got:R}");
                    }
                }
            }
        }

        Compare("rca", result.Rca, nc, np);
        Compare("m", (c, p) => result.M(c, p) ? 1 : 0, nc, np);
        Compare("diversity", (c, _) => result.Diversity[c], nc, 1);
        Compare("ubiquity", (p, _) => result.Ubiquity[p], np, 1);
        Compare("proximity", result.Proximity, np, np);
        Compare("density", result.Density, nc, np);
        Compare("eigenvalues", (i, _) => result.Eigenvalues[i], result.Eigenvalues.Count, 1);
        if (reference.GetProperty("eci").ValueKind == JsonValueKind.Null)
        {
            Assert.Null(result.Eci);
        }
        else
        {
            Compare("eci", (c, _) => result.Eci![c], nc, 1);
            Compare("pci", (p, _) => result.Pci![p], np, 1);
            Compare("coi", (c, _) => result.Coi![c], nc, 1);
            Compare("cog", (c, p) => result.Cog(c, p)!.Value, nc, np);
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {compared} values differ:\n" + string.Join("\n", failures.Take(20)));
    }

    public void Dispose() => _test.Dispose();
}
