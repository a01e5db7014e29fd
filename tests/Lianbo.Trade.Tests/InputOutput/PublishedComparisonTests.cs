using Lianbo.Trade.InputOutput;

namespace Lianbo.Trade.Tests.InputOutput;

/// <summary>
/// Our measures on the shipped WIOD 2013 tables against figures printed by others for the same release, where the
/// definition is the same as ours. Every expected value below is copied from the source named beside it, never from
/// our output; each tolerance is the rounding of the printed figure plus the margin docs/methods-io-published.md
/// gives for it, and the reason for that margin.
/// </summary>
public sealed class PublishedComparisonTests
{
    // Deutsche Bundesbank (2014), "The German economy in the international division of labour: a look at value added
    // flows", Monthly Report October 2014, p. 27: Germany's value added exports were 70% of its export revenues on
    // average in 2010 and 2011, and almost 80% in the second half of the 1990s. Value added exports = German value
    // added absorbed in final demand abroad (Johnson & Noguera 2012), our TiVA view's off-diagonal row sum.
    [Fact]
    public void Germanys_value_added_exports_are_70_percent_of_its_gross_exports_in_2010_and_2011()
    {
        var ratio = new[] { VaxRatio(Analysis2011, "DEU"), VaxRatio(AnalysisOf(2010), "DEU") }.Average();

        // Printed as a whole percentage (±0.5 pp) plus 1.0 pp for their table and ours possibly not being the same
        // vintage of the 2013 release (and their "export revenues" not being exactly WIOD's gross exports).
        Assert.InRange(100 * ratio, 70 - 1.5, 70 + 1.5);
    }

    [Fact]
    public void Germanys_value_added_exports_were_almost_80_percent_of_its_gross_exports_in_1995_1999()
    {
        var ratio = Enumerable.Range(1995, 5).Select(y => VaxRatio(AnalysisOf(y), "DEU")).Average();

        // "Almost 80%": read as [77.5, 80), less the same 1.0 pp margin below; not 80 or more.
        Assert.InRange(100 * ratio, 77.5 - 1.0, 80 - 1e-9);
    }

    // wiotrs (D. Scigala, R package, github.com/DarekScigala/wiotrs, README, commit 7b1f47b), the "UPSTR" example:
    // upstreamness of Basic metals and fabricated metal (c12) in every country of the WIOD 2013 release, computed as
    // Antràs et al. (2012) without the inventory adjustment, u = (I − B)⁻¹·1 with B the Ghosh allocation coefficients
    // z_ij / x_i (R/upstr.R). The README does not print the year; 2008 is the year these match (see the doc).
    private static readonly (string Country, double Upstreamness)[] WiotrsC12In2008 =
    [
        ("AUS", 3.319064), ("AUT", 3.003984), ("BEL", 3.123639), ("BGR", 3.147907), ("BRA", 2.906420), ("CAN", 2.982180),
        ("CHN", 3.702900), ("CYP", 2.666113), ("CZE", 3.331471), ("DEU", 3.129881), ("DNK", 2.866054), ("ESP", 3.209618),
        ("EST", 3.041721), ("FIN", 3.341162), ("FRA", 3.017397), ("GBR", 2.828952), ("GRC", 2.622369), ("HUN", 2.852996),
        ("IDN", 3.075518), ("IND", 2.753058), ("IRL", 2.910222), ("ITA", 2.921745), ("JPN", 3.434736), ("KOR", 3.885305),
        ("LTU", 2.355693), ("LUX", 3.278461), ("LVA", 3.073596), ("MEX", 2.675222), ("MLT", 1.906740), ("NLD", 3.121485),
        ("POL", 2.951194), ("PRT", 2.933406), ("ROU", 2.965741), ("RUS", 3.458420), ("SVK", 3.076217), ("SVN", 2.997172),
        ("SWE", 3.176210), ("TUR", 2.756708), ("TWN", 3.629591), ("USA", 3.131388), ("ROW", 3.072087),
    ];

    [Fact]
    public void Upstreamness_of_basic_metals_in_2008_matches_wiotrs_within_the_rounding_of_our_copy()
    {
        var t = WiodReader.Read(WiodReader.ShippedDirectory, 2008).Table;
        var u = Upstreamness.Compute(t.Countries.Length, t.Sectors.Length, t.Z, t.GrossOutput, inventories: null);
        Assert.Equal(t.Countries.Length, WiotrsC12In2008.Length);

        var relative = new List<double>();
        foreach (var (country, published) in WiotrsC12In2008)
        {
            var row = t.Index(country, "c12");
            var gap = Math.Abs(u[row] / published - 1);
            relative.Add(gap);

            // Printed to 6 decimals (negligible). Our copy stores every cell as a whole USD million, which moves a
            // small industry's coefficients more than a large one's: 0.2% where the industry's output is at least
            // USD 100 bn, 1% down to USD 10 bn, 10% for the smallest (Malta's c12 is USD 136 m).
            var output = t.GrossOutput[row];
            var tolerance = output >= 100_000 ? 0.002 : output >= 10_000 ? 0.01 : 0.10;
            Assert.True(gap <= tolerance, $"{country} c12 2008: ours {u[row]:F6}, wiotrs {published:F6}, {gap:P3} apart (tolerance {tolerance:P1}, output {output:N0})");
        }

        relative.Sort();
        Assert.True(relative[relative.Count / 2] <= 0.005, $"median gap {relative[relative.Count / 2]:P3}");
    }

    private static readonly Lazy<IoAnalysis> LazyAnalysis2011 = new(() => new IoAnalysis(IoFixture.Model));

    private static IoAnalysis Analysis2011 => LazyAnalysis2011.Value;

    private static IoAnalysis AnalysisOf(int year) => new(new IoModel(WiodReader.Read(WiodReader.ShippedDirectory, year).Table));

    /// <summary>Value added exports / gross exports: the country's value added absorbed abroad (TiVA), over its exports.</summary>
    private static double VaxRatio(IoAnalysis analysis, string country)
    {
        var t = analysis.Table;
        var g = t.Countries.Length;
        var c = Array.IndexOf(t.Countries, country);
        var vax = Enumerable.Range(0, g).Where(d => d != c).Sum(d => analysis.Tiva[c * g + d]);
        var exports = Enumerable.Range(c * t.Sectors.Length, t.Sectors.Length).Sum(i => analysis.Exports[i]);
        return vax / exports;
    }
}
