using System.Globalization;
using System.Text.Json;
using Lianbo.Trade.InputOutput;
using Lianbo.Trade.Tests.Reference;

namespace Lianbo.Trade.Tests.InputOutput;

/// <summary>
/// Runs reference/io_core.py (numpy/scipy, written from the papers' equations; it reads the shipped WIOD files itself)
/// and reads what it wrote: raw float64 arrays by name plus its manifest. Skips, saying why, without Debian's numpy,
/// scipy and pandas.
/// </summary>
internal sealed class IoReference
{
    private readonly Dictionary<string, double[]> _arrays;

    private IoReference(Dictionary<string, double[]> arrays, JsonElement manifest) => (_arrays, Manifest) = (arrays, manifest);

    public JsonElement Manifest { get; }

    public double[] this[string name] => _arrays[name];

    public static IoReference Run(params string[] args)
    {
        var (code, _, error) = PythonReference.Run("-c", "import numpy, scipy, pandas");
        Assert.SkipWhen(code != 0, $"The input–output reference needs Debian's python3-numpy, python3-scipy and python3-pandas ({error.Trim()}). ./test.sh installs them.");
        var output = Directory.CreateTempSubdirectory("lianbo-io-reference-");
        try
        {
            var script = Path.Combine(AppContext.BaseDirectory, "InputOutput", "reference", "io_core.py");
            (code, _, error) = PythonReference.Run([script, .. args.Select(a => a == "{out}" ? output.FullName : a)]);
            Assert.True(code == 0, $"io_core.py failed ({code}): {error}");
            var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(output.FullName, "manifest.json"))).RootElement.Clone();
            var arrays = manifest.GetProperty("arrays").EnumerateObject().ToDictionary(
                p => p.Name,
                p =>
                {
                    var bytes = File.ReadAllBytes(Path.Combine(output.FullName, p.Name + ".bin"));
                    return System.Runtime.InteropServices.MemoryMarshal.Cast<byte, double>(bytes).ToArray();
                },
                StringComparer.Ordinal);
            return new IoReference(arrays, manifest);
        }
        finally
        {
            output.Delete(recursive: true);
        }
    }
}

/// <summary>The shipped 2011 table, its model and the reference, each made once for every test that reads them.</summary>
internal static class IoFixture
{
    // The scenario both sides run: China's electrical and optical equipment (c14), 30% disabled for 60 days in the IIM.
    public const string Country = "CHN";
    public const string Sector = "c14";
    public const double Share = 0.3;
    public const int Days = 60;

    private static readonly Lazy<WiodYear> LazyYear = new(() => WiodReader.Read(WiodReader.ShippedDirectory, 2011));
    private static readonly Lazy<IoModel> LazyModel = new(() => new IoModel(Year2011.Table));
    private static readonly Lazy<IoReference> LazyReference = new(() => IoReference.Run(
        "measures", WiodReader.ShippedDirectory, "2011", "{out}", Country, Sector, Share.ToString("R", CultureInfo.InvariantCulture), Days.ToString(CultureInfo.InvariantCulture)));

    public static WiodYear Year2011 => LazyYear.Value;
    public static IoModel Model => LazyModel.Value;
    public static IoReference Reference => LazyReference.Value;

    /// <summary>
    /// Asserts |actual − expected| ≤ tol · max(|expected|, floor · max|expected|) for every element: relative where a value
    /// is of the array's size, absolute (tol · floor · max|expected|) where it is near zero. Names the worst element.
    /// </summary>
    public static void Near(double[] expected, double[] actual, string what, double tol = 1e-9, double floor = 1e-3)
    {
        Assert.Equal(expected.Length, actual.Length);
        var scale = floor * expected.Max(Math.Abs);
        var (worst, at) = (0.0, -1);
        for (var k = 0; k < expected.Length; k++)
        {
            var ratio = Math.Abs(expected[k] - actual[k]) / Math.Max(Math.Max(Math.Abs(expected[k]), scale), 1e-300);
            if (!(ratio <= worst))
            {
                (worst, at) = (ratio, k);
            }
        }

        Assert.True(worst <= tol, $"{what}: worst relative difference {worst:g3} at element {at} (expected {(at >= 0 ? expected[at] : double.NaN):R}, got {(at >= 0 ? actual[at] : double.NaN):R}), tolerance {tol:g}");
    }
}
