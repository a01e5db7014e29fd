using System.Globalization;
using Lianbo.Trade.Complexity;

namespace Lianbo.Trade.Tests.Complexity;

/// <summary>Small cases checked by hand, and the defining properties of ECI and PCI on a connected case.</summary>
public sealed class ComplexityTests
{
    // A exports 6 of p1 and 2 of p2, B 2 and 2, C 4 of p3; the world 16. RCA_A2 = (2/8)/(4/16) = 1 exactly: M counts it.
    private static ExportMatrix HandCase() => ExportMatrix.FromTriples(
    [
        ("A", "01", 6), ("A", "02", 2), ("B", "01", 2), ("B", "02", 2), ("C", "03", 4),
    ]);

    [Fact]
    public void Rca_m_diversity_ubiquity_proximity_and_density_follow_their_definitions()
    {
        var result = EconomicComplexity.Compute(HandCase());

        Assert.Equal(["A", "B", "C"], result.Countries);
        Assert.Equal(["01", "02", "03"], result.Products);
        Assert.Equal(1.5, result.Rca(0, 0));
        Assert.Equal(1.0, result.Rca(0, 1));
        Assert.Equal(1.0, result.Rca(1, 0));
        Assert.Equal(2.0, result.Rca(1, 1));
        Assert.Equal(4.0, result.Rca(2, 2));
        Assert.Equal(0.0, result.Rca(2, 0));
        Assert.True(result.M(0, 1));
        Assert.False(result.M(2, 0));
        Assert.Equal([2, 2, 1], result.Diversity);
        Assert.Equal([2, 2, 1], result.Ubiquity);
        // φ_12 = 2 countries with both / max(2, 2); p3 shares no country with the others.
        Assert.Equal(1.0, result.Proximity(0, 1));
        Assert.Equal(0.0, result.Proximity(0, 2));
        Assert.Equal(1.0, result.Proximity(2, 2));
        // A has p1 and p2, everything close to p1: ω = 1; nothing it has is close to p3: ω = 0.
        Assert.Equal(1.0, result.Density(0, 0));
        Assert.Equal(0.0, result.Density(0, 2));
        Assert.Equal(1.0, result.Density(2, 2));
    }

    [Fact]
    public void Eci_is_not_defined_when_the_countries_fall_into_groups_that_share_no_product()
    {
        var result = EconomicComplexity.Compute(HandCase());

        Assert.Null(result.Eci);
        Assert.Null(result.Pci);
        Assert.Null(result.Coi);
        Assert.Null(result.Cog(0, 2));
        Assert.Equal(1.0, result.Eigenvalues[0], 1e-12);
        Assert.Equal(1.0, result.Eigenvalues[1], 1e-12);
        Assert.Contains("second eigenvalue equals the first", result.Undefined, StringComparison.Ordinal);
    }

    [Fact]
    public void Eci_is_the_second_eigenvector_of_m_tilde_signed_with_diversity_and_pci_the_mean_eci_of_its_exporters()
    {
        var result = EconomicComplexity.Compute(Connected());
        var (nc, np) = (result.Countries.Count, result.Products.Count);
        var eci = result.Eci!;
        var pci = result.Pci!;

        Assert.Null(result.Undefined);
        Assert.Equal(0, eci.Average(), 1e-12);
        Assert.Equal(1, Math.Sqrt(eci.Average(e => e * e)), 1e-12);
        // M̃ e − λ₂ e is a constant vector for the standardised e (M̃ maps constants to themselves).
        var residual = Enumerable.Range(0, nc).Select(c =>
            Enumerable.Range(0, nc).Sum(c2 => MTilde(result, c, c2) * eci[c2]) - result.Eigenvalues[1] * eci[c]).ToArray();
        Assert.All(residual, r => Assert.Equal(residual[0], r, 1e-10));
        Assert.True(Covariance(eci, [.. result.Diversity.Select(d => (double)d)]) > 0);
        // PCI: the standardised mean ECI of each product's exporters with RCA ≥ 1.
        var mean = Enumerable.Range(0, np).Select(p =>
            Enumerable.Range(0, nc).Where(c => result.M(c, p)).Average(c => eci[c])).ToArray();
        var standard = Standardise(mean);
        Assert.All(Enumerable.Range(0, np), p => Assert.Equal(standard[p], pci[p], 1e-10));
        // COI and COG by their sums.
        for (var c = 0; c < nc; c++)
        {
            var coi = Enumerable.Range(0, np).Sum(p => (1 - result.Density(c, p)) * (result.M(c, p) ? 0 : 1) * pci[p]);
            Assert.Equal(coi, result.Coi![c], 1e-10);
            for (var p = 0; p < np; p++)
            {
                var cog = (result.M(c, p) ? 0 : 1) * Enumerable.Range(0, np).Sum(q =>
                    result.Proximity(p, q) / Enumerable.Range(0, np).Sum(r => result.Proximity(r, q)) * (result.M(c, q) ? 0 : 1) * pci[q]);
                Assert.Equal(cog, result.Cog(c, p)!.Value, 1e-10);
            }
        }
    }

    [Fact]
    public void Zero_rows_and_columns_are_left_out()
    {
        var matrix = ExportMatrix.FromTriples([("A", "01", 1), ("B", "02", 0), ("B", "01", 2)]);

        Assert.Equal(["A", "B"], matrix.Countries);
        Assert.Equal(["01"], matrix.Products);
    }

    // Eight countries and ten products with overlapping specialisations, from a fixed pseudo-random pattern.
    private static ExportMatrix Connected()
    {
        var triples = new List<(string, string, double)>();
        for (var c = 0; c < 8; c++)
        {
            for (var p = 0; p < 10; p++)
            {
                var value = ((c * 7 + p * 3) % 11) * (1 + c % 3) + (p < c ? 5 : 0);
                triples.Add(("C" + c.ToString(CultureInfo.InvariantCulture), "P" + p.ToString("D2", CultureInfo.InvariantCulture), value));
            }
        }

        return ExportMatrix.FromTriples(triples);
    }

    private static double MTilde(ComplexityResult r, int c, int c2) =>
        Enumerable.Range(0, r.Products.Count).Where(p => r.M(c, p) && r.M(c2, p)).Sum(p => 1.0 / r.Ubiquity[p]) / r.Diversity[c];

    private static double Covariance(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        var (mx, my) = (x.Average(), y.Average());
        return Enumerable.Range(0, x.Count).Sum(i => (x[i] - mx) * (y[i] - my));
    }

    private static double[] Standardise(double[] x)
    {
        var mean = x.Average();
        var sd = Math.Sqrt(x.Average(v => (v - mean) * (v - mean)));
        return [.. x.Select(v => (v - mean) / sd)];
    }
}
