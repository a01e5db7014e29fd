using System.Runtime.CompilerServices;

namespace Lianbo.Trade.InputOutput;

/// <summary>
/// LU factorisation with partial pivoting, P·M = L·U, in place on a row-major n × n array (LAPACK's dgetrf): L below the
/// diagonal with a unit diagonal not stored, U on and above it. Right-looking and blocked: each panel of
/// <see cref="Panel"/> columns is factored (recursively, as LAPACK's dgetrf2), the rows to its right are solved with
/// the panel's unit lower triangle, and the trailing matrix is updated by one <see cref="DenseGemm"/> product, which is
/// where nearly all the work is. The pivot of each column is the entry of largest magnitude on or below the diagonal
/// (the first one on a tie), as in LAPACK; row swaps are applied to whole rows at once.
/// </summary>
internal static class DenseLu
{
    /// <summary>Columns per panel: the shared dimension of the trailing update.</summary>
    public const int Panel = 192;

    // Panels this narrow or narrower are factored column by column.
    private const int Base = 8;

    /// <summary>
    /// Factors <paramref name="a"/> in place. pivots[j] is the row swapped with row j at step j (LAPACK's ipiv, from 0).
    /// Throws when a column has no non-zero pivot, or a non-finite one.
    /// </summary>
    public static void Factor(double[] a, int n, int[] pivots, DenseScratch scratch)
    {
        var m = new DenseBlock(a, 0, n);
        for (var k = 0; k < n; k += Panel)
        {
            var w = Math.Min(Panel, n - k);
            FactorPanel(m, n, k, w, pivots, scratch);
            var rest = n - k - w;
            if (rest > 0)
            {
                DenseTriangular.SolveLowerUnit(m.Sub(k, k), w, m.Sub(k, k + w), rest, scratch);
                DenseGemm.SubtractProduct(m.Sub(k + w, k + w), m.Sub(k + w, k), m.Sub(k, k + w), rest, rest, w, scratch);
            }
        }
    }

    // Columns [c0, c0 + w) of rows [c0, n): halves factored in turn, the right half updated from the left between them.
    private static void FactorPanel(DenseBlock m, int n, int c0, int w, int[] pivots, DenseScratch scratch)
    {
        if (w <= Base)
        {
            FactorColumns(m, n, c0, w, pivots);
            return;
        }

        var left = Math.Max(Base, w / 2 / Base * Base);
        FactorPanel(m, n, c0, left, pivots, scratch);
        var right = w - left;
        DenseTriangular.SolveLowerUnit(m.Sub(c0, c0), left, m.Sub(c0, c0 + left), right, scratch);
        DenseGemm.SubtractProduct(m.Sub(c0 + left, c0 + left), m.Sub(c0 + left, c0), m.Sub(c0, c0 + left), n - c0 - left, right, left, scratch);
        FactorPanel(m, n, c0 + left, right, pivots, scratch);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void FactorColumns(DenseBlock m, int n, int c0, int w, int[] pivots)
    {
        var a = m.Data;
        var end = c0 + w;
        for (var j = c0; j < end; j++)
        {
            var pivot = j;
            var largest = Math.Abs(a[j * n + j]);
            for (var i = j + 1; i < n; i++)
            {
                var v = Math.Abs(a[i * n + j]);
                if (v > largest)
                {
                    largest = v;
                    pivot = i;
                }
            }

            if (largest == 0 || !double.IsFinite(largest))
            {
                throw new InvalidOperationException("The matrix is singular.");
            }

            pivots[j] = pivot;
            if (pivot != j)
            {
                var upper = a.AsSpan(j * n, n);
                var lower = a.AsSpan(pivot * n, n);
                for (var k = 0; k < n; k++)
                {
                    (upper[k], lower[k]) = (lower[k], upper[k]);
                }
            }

            var inverse = 1 / a[j * n + j];
            var pivotRow = a.AsSpan(j * n + j + 1, end - j - 1);
            for (var i = j + 1; i < n; i++)
            {
                var row = a.AsSpan(i * n + j, end - j);
                var l = row[0] *= inverse;
                if (l == 0)
                {
                    continue;
                }

                var rest = row[1..];
                for (var k = 0; k < rest.Length; k++)
                {
                    rest[k] -= l * pivotRow[k];
                }
            }
        }
    }
}
