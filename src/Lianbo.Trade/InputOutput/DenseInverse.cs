namespace Lianbo.Trade.InputOutput;

/// <summary>
/// The inverse of a dense square matrix, row-major in and out, computed as numpy's <c>inv</c> does through LAPACK's
/// dgesv with the identity on the right: <see cref="DenseLu"/> factors P·M = L·U with partial pivoting, then
/// M⁻¹ = U⁻¹ · L⁻¹ · P is built block row by block row: L·Y = I top down (Y is lower triangular, so block row i only has
/// its first columns), U·X = Y bottom up, each step one triangular solve of a block row (<see cref="DenseTriangular"/>)
/// and one matrix product that updates the rows still to come (<see cref="DenseGemm"/>); last, the columns are permuted
/// by P. About 2n³ flops, nearly all of them in the product's register-blocked kernel, on every core. "Singular" means
/// an exactly zero pivot, as in LAPACK (info &gt; 0): a nearly singular matrix is inverted, with large entries.
/// This replaced MathNet.Numerics 5.0's LU, which is unblocked and took about 1 s of the 1.26 s the inverse of the
/// 1,435 × 1,435 WIOD matrix took before (docs/benchmarks.md, "Input–output core"; its <c>Inverse()</c> took 15–18 s).
/// </summary>
internal static class DenseInverse
{
    // Rows per block row of the solves: the shared dimension of their products.
    private const int Block = 192;

    /// <summary>M⁻¹ for the n × n row-major <paramref name="matrix"/> (left as it is); throws when M is singular (a zero pivot).</summary>
    public static double[] Invert(double[] matrix, int n)
    {
        var a = matrix.AsSpan(0, n * n).ToArray();
        var pivots = new int[n];
        var scratch = new DenseScratch();
        DenseLu.Factor(a, n, pivots, scratch);

        var x = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            x[i * n + i] = 1;
        }

        var lu = new DenseBlock(a, 0, n);
        var inverse = new DenseBlock(x, 0, n);
        // L·Y = I: block row [r0, r1) of Y is non-zero only in columns [0, r1).
        for (var r0 = 0; r0 < n; r0 += Block)
        {
            var w = Math.Min(Block, n - r0);
            var r1 = r0 + w;
            DenseTriangular.SolveLowerUnit(lu.Sub(r0, r0), w, inverse.Sub(r0, 0), r1, scratch);
            DenseGemm.SubtractProduct(inverse.Sub(r1, 0), lu.Sub(r1, r0), inverse.Sub(r0, 0), n - r1, r1, w, scratch);
        }

        // U·X = Y, the last block row first.
        for (var r0 = (n - 1) / Block * Block; r0 >= 0; r0 -= Block)
        {
            var w = Math.Min(Block, n - r0);
            DenseTriangular.SolveUpper(lu.Sub(r0, r0), w, inverse.Sub(r0, 0), n, scratch);
            DenseGemm.SubtractProduct(inverse, lu.Sub(0, r0), inverse.Sub(r0, 0), r0, n, w, scratch);
        }

        PermuteColumns(x, n, pivots);
        return x;
    }

    /// <summary>
    /// x with M·x = b, by the same blocked LU with partial pivoting (LAPACK's dgetrf, then dgetrs' row swaps and two
    /// triangular solves, as numpy's <c>linalg.solve</c>); M is left as it is.
    /// </summary>
    public static double[] Solve(double[] matrix, int n, double[] b)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(b.Length, n, nameof(b));
        var a = matrix.AsSpan(0, n * n).ToArray();
        var pivots = new int[n];
        DenseLu.Factor(a, n, pivots, new DenseScratch());
        var x = (double[])b.Clone();
        for (var j = 0; j < n; j++)
        {
            (x[j], x[pivots[j]]) = (x[pivots[j]], x[j]);
        }

        for (var i = 1; i < n; i++)
        {
            var row = a.AsSpan(i * n, i);
            var sum = 0.0;
            for (var k = 0; k < row.Length; k++)
            {
                sum += row[k] * x[k];
            }

            x[i] -= sum;
        }

        for (var i = n - 1; i >= 0; i--)
        {
            var sum = 0.0;
            for (var k = i + 1; k < n; k++)
            {
                sum += a[i * n + k] * x[k];
            }

            x[i] = (x[i] - sum) / a[i * n + i];
        }

        return x;
    }

    // M⁻¹ = X·P with P = P_{n−1}⋯P_0 (pivots[j] swapped with j at step j): the swaps applied to X's columns last one first,
    // as LAPACK's dgetri does, gathered into one permutation and applied a row at a time.
    private static void PermuteColumns(double[] x, int n, int[] pivots)
    {
        var source = new int[n];
        for (var c = 0; c < n; c++)
        {
            source[c] = c;
        }

        var moved = false;
        for (var j = n - 1; j >= 0; j--)
        {
            var p = pivots[j];
            if (p != j)
            {
                (source[j], source[p]) = (source[p], source[j]);
                moved = true;
            }
        }

        if (!moved)
        {
            return;
        }

        Parallel.For(0, n, () => new double[n], (i, _, copy) =>
        {
            var row = x.AsSpan(i * n, n);
            row.CopyTo(copy);
            for (var c = 0; c < n; c++)
            {
                row[c] = copy[source[c]];
            }

            return copy;
        }, _ => { });
    }
}
