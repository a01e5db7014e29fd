using System.Numerics;
using System.Runtime.CompilerServices;

namespace Lianbo.Trade.InputOutput;

/// <summary>
/// Triangular solves with many right-hand sides, X ← T⁻¹ X for a w × w triangle T and a w × p block X (LAPACK's dtrsm,
/// left side, no transpose). Recursive: the triangle is halved, one half solved, the other half's right-hand sides
/// updated by one <see cref="DenseGemm"/> product, then the other half solved, so all but the small diagonal blocks
/// run at the speed of the matrix product (Elmroth, Gustavson, Jonsson &amp; Kågström, SIAM Review 46(1), 2004).
/// </summary>
internal static class DenseTriangular
{
    // Triangles of this order or less are solved row by row.
    private const int Base = 32;

    // Columns per task in the row-by-row solves, and the work below which they stay on the calling thread.
    private const int Chunk = 128;
    private const long ParallelWork = 1 << 17;

    /// <summary>X ← L⁻¹ X, L unit lower triangular (its diagonal is taken as 1 and not read).</summary>
    public static void SolveLowerUnit(DenseBlock l, int w, DenseBlock x, int p, DenseScratch scratch)
    {
        if (w <= Base)
        {
            ByRows(l, w, x, p, lower: true);
            return;
        }

        var top = w / 2;
        SolveLowerUnit(l, top, x, p, scratch);
        DenseGemm.SubtractProduct(x.Sub(top, 0), l.Sub(top, 0), x, w - top, p, top, scratch);
        SolveLowerUnit(l.Sub(top, top), w - top, x.Sub(top, 0), p, scratch);
    }

    /// <summary>X ← U⁻¹ X, U upper triangular with a non-zero diagonal.</summary>
    public static void SolveUpper(DenseBlock u, int w, DenseBlock x, int p, DenseScratch scratch)
    {
        if (w <= Base)
        {
            ByRows(u, w, x, p, lower: false);
            return;
        }

        var top = w / 2;
        SolveUpper(u.Sub(top, top), w - top, x.Sub(top, 0), p, scratch);
        DenseGemm.SubtractProduct(x, u.Sub(0, top), x.Sub(top, 0), top, p, w - top, scratch);
        SolveUpper(u, top, x, p, scratch);
    }

    private static void ByRows(DenseBlock t, int w, DenseBlock x, int p, bool lower)
    {
        var chunks = (p + Chunk - 1) / Chunk;
        if ((long)w * w * p >= ParallelWork && chunks > 1)
        {
            Parallel.For(0, chunks, c => ByRows(t, w, x, c * Chunk, Math.Min(p, c * Chunk + Chunk), lower));
        }
        else
        {
            ByRows(t, w, x, 0, p, lower);
        }
    }

    // Columns [c0, c1) of X. Lower: row i −= Σ_{j<i} l_ij · row j, top down. Upper: row i = (row i − Σ_{j>i} u_ij · row j) / u_ii,
    // bottom up.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ByRows(DenseBlock t, int w, DenseBlock x, int c0, int c1, bool lower)
    {
        var width = c1 - c0;
        if (lower)
        {
            for (var i = 1; i < w; i++)
            {
                SubtractCombination(x.Data, x.At(i, c0), t.Data.AsSpan(t.At(i, 0), i), x.At(0, c0), x.Stride, width);
            }

            return;
        }

        for (var i = w - 1; i >= 0; i--)
        {
            SubtractCombination(x.Data, x.At(i, c0), t.Data.AsSpan(t.At(i, i + 1), w - i - 1), x.At(i + 1, c0), x.Stride, width);
            var d = t.Data[t.At(i, i)];
            var row = x.Data.AsSpan(x.At(i, c0), width);
            for (var j = 0; j < row.Length; j++)
            {
                row[j] /= d;
            }
        }
    }

    /// <summary>
    /// data[target … target + width) −= Σ_t coefficients[t] · data[source + t·stride …], one vector of columns at a time so
    /// the sum stays in a register (one load per multiply-add instead of two loads and a store).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SubtractCombination(double[] data, int target, ReadOnlySpan<double> coefficients, int source, int stride, int width)
    {
        var row = data.AsSpan(target, width);
        var count = Vector<double>.Count;
        var j = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; j <= width - 2 * count; j += 2 * count)
            {
                var sum0 = new Vector<double>(row[j..]);
                var sum1 = new Vector<double>(row[(j + count)..]);
                for (var k = 0; k < coefficients.Length; k++)
                {
                    var c = new Vector<double>(coefficients[k]);
                    var at = source + k * stride + j;
                    sum0 -= c * new Vector<double>(data, at);
                    sum1 -= c * new Vector<double>(data, at + count);
                }

                sum0.CopyTo(row[j..]);
                sum1.CopyTo(row[(j + count)..]);
            }
        }

        for (; j < width; j++)
        {
            var sum = row[j];
            for (var k = 0; k < coefficients.Length; k++)
            {
                sum -= coefficients[k] * data[source + k * stride + j];
            }

            row[j] = sum;
        }
    }
}
