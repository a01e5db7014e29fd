using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Factorization;

namespace Lianbo.Trade.Complexity;

/// <summary>
/// Economic complexity of one year as the Atlas of Economic Complexity and the OEC define it, over an
/// <see cref="ExportMatrix"/> (x_cp: country c's exports of product p):
/// <list type="bullet">
/// <item>RCA_cp = (x_cp / Σ_p x_cp) / (Σ_c x_cp / Σ_cp x_cp) (Balassa); M_cp = 1 when RCA_cp ≥ 1;</item>
/// <item>diversity d_c = Σ_p M_cp, ubiquity u_p = Σ_c M_cp;</item>
/// <item>ECI: the eigenvector of M̃ = D_d⁻¹ M D_u⁻¹ Mᵀ for its second largest eigenvalue, found through the symmetric
/// matrix S = D_d^{-1/2} M D_u⁻¹ Mᵀ D_d^{-1/2} (same eigenvalues; M̃'s eigenvector is D_d^{-1/2} v for S's v), signed
/// so that it correlates positively with diversity, then standardised (mean 0, population standard deviation 1);</item>
/// <item>PCI: the product-side eigenvector for the same eigenvalue, D_u⁻¹ Mᵀ times the signed country vector (so a
/// product's PCI is the mean of its exporters' ECI, up to scale), standardised;</item>
/// <item>proximity φ_pq = Σ_c M_cp M_cq / max(u_p, u_q) (φ_pp = 1);</item>
/// <item>density ω_cp = Σ_q M_cq φ_qp / Σ_q φ_qp;</item>
/// <item>complexity outlook index COI_c = Σ_p (1 − ω_cp)(1 − M_cp) PCI_p;</item>
/// <item>complexity outlook gain COG_cp = (1 − M_cp) Σ_q (φ_pq / Σ_r φ_rq)(1 − M_cq) PCI_q.</item>
/// </list>
/// The eigenvector is only defined when the second largest eigenvalue is simple: when the countries fall into groups
/// that share no product (λ₂ = λ₁ = 1), or λ₂ = λ₃, ECI, PCI, COI and COG are not reported and <see cref="ComplexityResult.Undefined"/> says why.
/// </summary>
public static class EconomicComplexity
{
    // Eigenvalues closer than this (they lie in [0, 1]) are taken as equal: the eigenvector is then not unique.
    private const double EigenvalueGap = 1e-9;

    public static ComplexityResult Compute(ExportMatrix matrix)
    {
        var nc = matrix.Countries.Count;
        var np = matrix.Products.Count;
        var countryTotal = new double[nc];
        var productTotal = new double[np];
        for (var c = 0; c < nc; c++)
        {
            var row = matrix.Row(c);
            for (var p = 0; p < np; p++)
            {
                countryTotal[c] += row[p];
                productTotal[p] += row[p];
            }
        }

        var world = countryTotal.Sum();
        var rca = new double[nc * np];
        var m = new bool[nc * np];
        var diversity = new int[nc];
        var ubiquity = new int[np];
        // Each country's products with M = 1 and each product's countries: M is sparse, and every sum over M runs over these.
        var countryProducts = new List<int>[nc];
        var productCountries = Enumerable.Range(0, np).Select(_ => new List<int>()).ToArray();
        for (var c = 0; c < nc; c++)
        {
            countryProducts[c] = [];
            var row = matrix.Row(c);
            for (var p = 0; p < np; p++)
            {
                var r = row[p] * world / (countryTotal[c] * productTotal[p]);
                rca[c * np + p] = r;
                if (r >= 1)
                {
                    m[c * np + p] = true;
                    diversity[c]++;
                    ubiquity[p]++;
                    countryProducts[c].Add(p);
                    productCountries[p].Add(c);
                }
            }
        }

        var proximity = Proximity(np, ubiquity, countryProducts);
        var density = Density(nc, np, proximity, countryProducts);
        var (eigenvalues, eci, pci, undefined) = Eigenvectors(nc, np, diversity, ubiquity, productCountries);
        double[]? coi = null;
        double[]? cog = null;
        if (pci is not null)
        {
            (coi, cog) = Outlook(nc, np, m, proximity, density, pci, countryProducts);
        }

        return new ComplexityResult(matrix, countryTotal, productTotal, rca, m, diversity, ubiquity,
            eigenvalues, eci, pci, proximity, density, coi, cog, undefined);
    }

    // φ = (Mᵀ M) / max(u_p, u_q): co-occurrence counted over each country's list of products.
    private static double[] Proximity(int np, int[] ubiquity, List<int>[] countryProducts)
    {
        var counts = new double[np * np];
        foreach (var products in countryProducts)
        {
            foreach (var p in products)
            {
                var row = counts.AsSpan(p * np, np);
                foreach (var q in products)
                {
                    row[q] += 1;
                }
            }
        }

        for (var p = 0; p < np; p++)
        {
            for (var q = 0; q < np; q++)
            {
                var max = Math.Max(ubiquity[p], ubiquity[q]);
                counts[p * np + q] = max == 0 ? 0 : counts[p * np + q] / max;
            }
        }

        return counts;
    }

    // ω_cp = (M φ)_cp / Σ_q φ_qp; φ is symmetric, so row q of φ is its column q.
    private static double[] Density(int nc, int np, double[] proximity, List<int>[] countryProducts)
    {
        var columnSum = ColumnSums(np, proximity);
        var density = new double[nc * np];
        Parallel.For(0, nc, c =>
        {
            var row = density.AsSpan(c * np, np);
            foreach (var q in countryProducts[c])
            {
                var phi = proximity.AsSpan(q * np, np);
                for (var p = 0; p < np; p++)
                {
                    row[p] += phi[p];
                }
            }

            for (var p = 0; p < np; p++)
            {
                row[p] = columnSum[p] == 0 ? 0 : row[p] / columnSum[p];
            }
        });
        return density;
    }

    private static double[] ColumnSums(int np, double[] proximity)
    {
        var sums = new double[np];
        for (var q = 0; q < np; q++)
        {
            var row = proximity.AsSpan(q * np, np);
            for (var p = 0; p < np; p++)
            {
                sums[p] += row[p];
            }
        }

        return sums;
    }

    private static (double[] Eigenvalues, double[]? Eci, double[]? Pci, string? Undefined) Eigenvectors(
        int nc, int np, int[] diversity, int[] ubiquity, List<int>[] productCountries)
    {
        if (nc < 2)
        {
            return ([], null, null, TradeText.Format("ComplexityTooFewCountries", nc));
        }

        // S_cc' = Σ_p M_cp M_c'p / u_p / √(d_c d_c').
        var s = new double[nc, nc];
        for (var p = 0; p < np; p++)
        {
            var countries = productCountries[p];
            var weight = 1.0 / ubiquity[p];
            foreach (var a in countries)
            {
                foreach (var b in countries)
                {
                    s[a, b] += weight;
                }
            }
        }

        for (var a = 0; a < nc; a++)
        {
            for (var b = 0; b < nc; b++)
            {
                s[a, b] /= Math.Sqrt((double)diversity[a] * diversity[b]);
            }
        }

        var evd = Matrix<double>.Build.DenseOfArray(s).Evd(Symmetricity.Symmetric);
        var order = Enumerable.Range(0, nc).OrderByDescending(i => evd.EigenValues[i].Real).ToArray();
        var eigenvalues = order.Take(3).Select(i => evd.EigenValues[i].Real).ToArray();
        if (eigenvalues[0] - eigenvalues[1] < EigenvalueGap)
        {
            return (eigenvalues, null, null, TradeText.Format("ComplexityDisconnected"));
        }

        if (eigenvalues.Length > 2 && eigenvalues[1] - eigenvalues[2] < EigenvalueGap)
        {
            return (eigenvalues, null, null, TradeText.Format("ComplexityRepeatedEigenvalue", eigenvalues[1]));
        }

        var v = evd.EigenVectors.Column(order[1]);
        var w = new double[nc];
        for (var c = 0; c < nc; c++)
        {
            w[c] = v[c] / Math.Sqrt(diversity[c]);
        }

        if (Correlation(w, [.. diversity.Select(d => (double)d)]) < 0)
        {
            for (var c = 0; c < nc; c++)
            {
                w[c] = -w[c];
            }
        }

        var q = new double[np];
        for (var p = 0; p < np; p++)
        {
            foreach (var c in productCountries[p])
            {
                q[p] += w[c];
            }

            q[p] /= ubiquity[p];
        }

        return (eigenvalues, Standardise(w), Standardise(q), null);
    }

    private static (double[] Coi, double[] Cog) Outlook(int nc, int np, bool[] m, double[] proximity, double[] density, double[] pci, List<int>[] countryProducts)
    {
        // With a_q = PCI_q / Σ_r φ_rq, COG_cp = (1 − M_cp)(Σ_q φ_pq a_q − Σ_{q: M_cq = 1} φ_pq a_q): the first sum is the
        // same for every country, the second runs over the country's own products only (φ is symmetric).
        var columnSum = ColumnSums(np, proximity);
        var a = new double[np];
        for (var q = 0; q < np; q++)
        {
            a[q] = columnSum[q] == 0 ? 0 : pci[q] / columnSum[q];
        }

        var common = new double[np];
        for (var p = 0; p < np; p++)
        {
            var phi = proximity.AsSpan(p * np, np);
            var sum = 0.0;
            for (var q = 0; q < np; q++)
            {
                sum += phi[q] * a[q];
            }

            common[p] = sum;
        }

        var coi = new double[nc];
        var cog = new double[nc * np];
        Parallel.For(0, nc, c =>
        {
            var row = cog.AsSpan(c * np, np);
            common.CopyTo(row);
            foreach (var q in countryProducts[c])
            {
                var phi = proximity.AsSpan(q * np, np);
                var weight = a[q];
                for (var p = 0; p < np; p++)
                {
                    row[p] -= phi[p] * weight;
                }
            }

            var total = 0.0;
            for (var p = 0; p < np; p++)
            {
                if (m[c * np + p])
                {
                    row[p] = 0;
                }
                else
                {
                    total += (1 - density[c * np + p]) * pci[p];
                }
            }

            coi[c] = total;
        });
        return (coi, cog);
    }

    private static double[] Standardise(double[] x)
    {
        var mean = x.Average();
        var sd = Math.Sqrt(x.Sum(v => (v - mean) * (v - mean)) / x.Length);
        return [.. x.Select(v => (v - mean) / sd)];
    }

    private static double Correlation(double[] x, double[] y)
    {
        var (mx, my) = (x.Average(), y.Average());
        var sum = 0.0;
        for (var i = 0; i < x.Length; i++)
        {
            sum += (x[i] - mx) * (y[i] - my);
        }

        return sum;
    }
}
