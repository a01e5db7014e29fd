using System.Numerics;
using Matrix = MathNet.Numerics.LinearAlgebra.Matrix<double>;

namespace Lianbo.Trade.InputOutput;

/// <summary>
/// The inverse of a dense square matrix, row-major in and out: MathNet's LU with partial pivoting (P·M = L·U), then the
/// n right-hand sides of the identity solved by forward and back substitution in column blocks, vectorised and in
/// parallel. MathNet's own <c>Inverse()</c> solves the columns one at a time and took about 16 s for the 1,435 × 1,435
/// WIOD matrix on the bench machine, against about 1 s for this (see docs/benchmarks.md).
/// </summary>
internal static class DenseInverse
{
    // Columns of the result handled by one task: 64 doubles = 512 bytes per row, so a block of all n rows (n × 512 B,
    // 735 kB for WIOD) stays in the L2/L3 cache while each row is updated from the rows above it.
    private const int Block = 64;

    public static double[] Invert(double[] matrix, int n)
    {
        var m = Matrix.Build.Dense(n, n, (i, j) => matrix[i * n + j]);
        var lu = m.LU();
        // Row-major copies of the factors: the substitutions read row i of L and U.
        var lower = lu.L.ToRowMajorArray();
        var upper = lu.U.ToRowMajorArray();
        for (var i = 0; i < n; i++)
        {
            if (upper[i * n + i] == 0 || !double.IsFinite(upper[i * n + i]))
            {
                throw new InvalidOperationException("The matrix is singular.");
            }
        }

        var x = new double[n * n];
        // P·M = L·U with MathNet's convention that row i of M becomes row P[i]; so L·U·X = P·I has a 1 at (P[i], i).
        for (var i = 0; i < n; i++)
        {
            x[lu.P[i] * n + i] = 1;
        }

        var blocks = (n + Block - 1) / Block;
        Parallel.For(0, blocks, b =>
        {
            var c0 = b * Block;
            var width = Math.Min(Block, n - c0);
            // Forward: L has a unit diagonal.
            for (var i = 1; i < n; i++)
            {
                var row = x.AsSpan(i * n + c0, width);
                for (var k = 0; k < i; k++)
                {
                    var l = lower[i * n + k];
                    if (l != 0)
                    {
                        Axpy(-l, x.AsSpan(k * n + c0, width), row);
                    }
                }
            }

            // Back.
            for (var i = n - 1; i >= 0; i--)
            {
                var row = x.AsSpan(i * n + c0, width);
                for (var k = i + 1; k < n; k++)
                {
                    var u = upper[i * n + k];
                    if (u != 0)
                    {
                        Axpy(-u, x.AsSpan(k * n + c0, width), row);
                    }
                }

                var d = 1 / upper[i * n + i];
                for (var j = 0; j < row.Length; j++)
                {
                    row[j] *= d;
                }
            }
        });
        return x;
    }

    // y += a·x
    private static void Axpy(double a, ReadOnlySpan<double> x, Span<double> y)
    {
        var j = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var va = new Vector<double>(a);
            for (; j <= x.Length - Vector<double>.Count; j += Vector<double>.Count)
            {
                var vy = new Vector<double>(y[j..]);
                (vy + va * new Vector<double>(x[j..])).CopyTo(y[j..]);
            }
        }

        for (; j < x.Length; j++)
        {
            y[j] += a * x[j];
        }
    }
}
