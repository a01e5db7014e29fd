using System.Numerics;
using Matrix = MathNet.Numerics.LinearAlgebra.Matrix<double>;

namespace Lianbo.Trade.InputOutput;

/// <summary>
/// The inverse of a dense square matrix, row-major in and out: MathNet's LU with partial pivoting (P·M = L·U), then the
/// n right-hand sides of the identity solved by forward and back substitution in column blocks, vectorised and in
/// parallel. MathNet's own <c>Inverse()</c> solves the columns one at a time and took 15–18 s for the 1,435 × 1,435
/// WIOD matrix on the bench machine, against 1.26 s for this, of which about 1 s is MathNet's unblocked LU
/// (docs/benchmarks.md, "Input–output core").
/// </summary>
internal static class DenseInverse
{
    // Columns of the result handled by one task: 64 doubles = 512 bytes per row, so a block of all n rows (n × 512 B,
    // 735 kB for WIOD, contiguous) stays in the L2/L3 cache while each row is updated from the rows above it.
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
            // The block's columns copied to a contiguous n × width buffer, so that the rows the substitutions read one
            // after the other lie one after the other in memory.
            var buffer = new double[n * width];
            for (var i = 0; i < n; i++)
            {
                x.AsSpan(i * n + c0, width).CopyTo(buffer.AsSpan(i * width, width));
            }

            // Forward: L has a unit diagonal. Row i −= Σ_{k<i} l_ik · row k.
            for (var i = 1; i < n; i++)
            {
                Subtract(buffer, width, i, lower.AsSpan(i * n, i), 0);
            }

            // Back: row i = (row i − Σ_{k>i} u_ik · row k) / u_ii.
            for (var i = n - 1; i >= 0; i--)
            {
                Subtract(buffer, width, i, upper.AsSpan(i * n + i + 1, n - i - 1), i + 1);
                var row = buffer.AsSpan(i * width, width);
                var d = 1 / upper[i * n + i];
                for (var j = 0; j < row.Length; j++)
                {
                    row[j] *= d;
                }
            }

            for (var i = 0; i < n; i++)
            {
                buffer.AsSpan(i * width, width).CopyTo(x.AsSpan(i * n + c0, width));
            }
        });
        return x;
    }

    // row i of the buffer −= Σ_k coefficients[k] · row (first + k), one vector of columns at a time so that the sum
    // stays in a register (one load per multiply-add instead of two loads and a store).
    private static void Subtract(double[] buffer, int width, int i, ReadOnlySpan<double> coefficients, int first)
    {
        var row = buffer.AsSpan(i * width, width);
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
                    var at = (first + k) * width + j;
                    sum0 -= c * new Vector<double>(buffer, at);
                    sum1 -= c * new Vector<double>(buffer, at + count);
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
                sum -= coefficients[k] * buffer[(first + k) * width + j];
            }

            row[j] = sum;
        }
    }
}
