using System.Text.Json;
using Lianbo.Trade.Gravity;
using Lianbo.Trade.Tests.Reference;

namespace Lianbo.Trade.Tests.Gravity;

// The shipped panel, the two chapter-2 applications estimated once, and the numpy reference run once per application
// (gravity_reference.py app1 ≈ 3 s, nafta ≈ 30 s): every gravity test reads these.
internal static class GravityFixture
{
    private static readonly Lazy<GravityPanel> LazyPanel = new(() => GravityPanel.Load(GravityPanel.ShippedPath));
    private static readonly Lazy<GravityScenario> LazyApp1 = new(() => AdvancedGuide.TradeWithoutBorders(Panel));
    private static readonly Lazy<GravityScenario> LazyNafta = new(() => AdvancedGuide.Nafta(Panel));
    private static readonly Lazy<JsonElement> LazyApp1Reference = new(() => PythonReference.Gravity("app1", GravityPanel.ShippedPath));
    private static readonly Lazy<JsonElement> LazyNaftaReference = new(() => PythonReference.Gravity("nafta", GravityPanel.ShippedPath));

    public static GravityPanel Panel => LazyPanel.Value;
    public static GravityScenario App1 => LazyApp1.Value;
    public static GravityScenario Nafta => LazyNafta.Value;
    public static JsonElement App1Reference => LazyApp1Reference.Value;
    public static JsonElement NaftaReference => LazyNaftaReference.Value;

    public static double[] Doubles(this JsonElement e) => [.. e.EnumerateArray().Select(x => x.GetDouble())];

    /// <summary>Asserts |actual − expected| ≤ tol for every element, naming the first that is not.</summary>
    public static void Near(double[] expected, double[] actual, double tol, string what, string[]? names = null)
    {
        Assert.Equal(expected.Length, actual.Length);
        var worst = 0.0;
        var at = -1;
        for (var k = 0; k < expected.Length; k++)
        {
            var d = Math.Abs(expected[k] - actual[k]);
            if (!(d <= worst))
            {
                (worst, at) = (d, k);
            }
        }

        if (worst <= tol)
        {
            return;
        }

        Assert.Fail($"{what}: max |Δ| = {worst:g3} at {(names is null ? at.ToString(System.Globalization.CultureInfo.InvariantCulture) : names[at])} (expected {expected[at]:R}, got {actual[at]:R}), tolerance {tol:g}");
    }

    /// <summary>Equal at the precision a number is printed with: within half a unit of its last printed digit.</summary>
    public static void Printed(double printed, double actual, int decimals, string what)
    {
        var half = 0.5 * Math.Pow(10, -decimals) + 1e-12;
        Assert.True(Math.Abs(printed - actual) <= half, $"{what}: printed {printed}, reproduced {actual:R} (differs by more than half a unit of the {decimals}th decimal)");
    }
}
