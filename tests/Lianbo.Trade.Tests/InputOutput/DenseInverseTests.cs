using Lianbo.Trade.InputOutput;
using Matrix = MathNet.Numerics.LinearAlgebra.Matrix<double>;

namespace Lianbo.Trade.Tests.InputOutput;

// The blocked LU and inverse on sizes around the kernel's 6 × 8 tiles, the 96-row tiles and the 192-column panels,
// checked as M·X = I and against MathNet's own LU-based Inverse(), which shares no code with them.
public sealed class DenseInverseTests
{
    public static TheoryData<int> Sizes => [1, 2, 7, 63, 64, 65, 200, 513];

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Well_conditioned_matrices_are_inverted(int n) => Check(Random(n, seed: n, diagonal: n), n);

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Matrices_without_a_dominant_diagonal_are_inverted(int n) => Check(Random(n, seed: 1000 + n, diagonal: 0), n);

    [Theory]
    [InlineData(7)]
    [InlineData(65)]
    [InlineData(513)]
    public void A_matrix_that_swaps_rows_at_every_step_is_factored_and_inverted(int n)
    {
        // Row i is dominant in column i + 1 (row n − 1 in column 0): at step j the pivot is always the last row.
        var m = Random(n, seed: 7 * n, diagonal: 0);
        for (var i = 0; i < n; i++)
        {
            m[i * n + (i + 1) % n] = 10.0 * n;
        }

        var a = (double[])m.Clone();
        var pivots = new int[n];
        DenseLu.Factor(a, n, pivots, new DenseScratch());
        for (var j = 0; j < n - 1; j++)
        {
            Assert.Equal(n - 1, pivots[j]);
        }

        // P·M = L·U, with P the swaps applied in order.
        var permuted = (double[])m.Clone();
        for (var j = 0; j < n; j++)
        {
            for (var c = 0; c < n; c++)
            {
                (permuted[j * n + c], permuted[pivots[j] * n + c]) = (permuted[pivots[j] * n + c], permuted[j * n + c]);
            }
        }

        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                var sum = 0.0;
                for (var k = 0; k <= Math.Min(i, j); k++)
                {
                    sum += (k == i ? 1 : a[i * n + k]) * a[k * n + j];
                }

                Assert.True(Math.Abs(sum - permuted[i * n + j]) <= 1e-9 * n, $"(P·M − L·U)[{i}, {j}] = {sum - permuted[i * n + j]}");
            }
        }

        Check(m, n);
    }

    [Fact]
    public void The_input_is_left_as_it_was()
    {
        var m = Random(65, seed: 3, diagonal: 0);
        var copy = (double[])m.Clone();
        _ = DenseInverse.Invert(m, 65);
        Assert.Equal(copy, m);
    }

    [Fact]
    public void A_zero_matrix_of_order_one_is_refused() => Refused([0.0], 1);

    [Fact]
    public void Two_equal_rows_within_one_panel_are_refused()
    {
        // Equal rows stay equal under column-by-column elimination until one is the pivot row; then the other is exactly
        // zero. (Across panels the blocked update sums in another order, so only a near-zero pivot is left: as with
        // LAPACK, "singular" means an exactly zero pivot.)
        var m = Random(7, seed: 5, diagonal: 0);
        Array.Copy(m, 2 * 7, m, 5 * 7, 7);
        Refused(m, 7);
    }

    [Fact]
    public void A_zero_row_is_refused()
    {
        var m = Random(200, seed: 11, diagonal: 200);
        Array.Clear(m, 150 * 200, 200);
        Refused(m, 200);
    }

    [Fact]
    public void A_zero_column_is_refused()
    {
        var m = Random(513, seed: 9, diagonal: 513);
        for (var i = 0; i < 513; i++)
        {
            m[i * 513 + 400] = 0;
        }

        Refused(m, 513);
    }

    private static void Refused(double[] m, int n)
    {
        var e = Assert.Throws<InvalidOperationException>(() => DenseInverse.Invert(m, n));
        Assert.Equal("The matrix is singular.", e.Message);
    }

    private static void Check(double[] m, int n)
    {
        var x = DenseInverse.Invert(m, n);
        var largest = x.Max(Math.Abs);

        // M·X = I.
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                var sum = 0.0;
                for (var k = 0; k < n; k++)
                {
                    sum += m[i * n + k] * x[k * n + j];
                }

                Assert.True(Math.Abs(sum - (i == j ? 1 : 0)) <= 1e-9, $"(M·X − I)[{i}, {j}] = {sum - (i == j ? 1 : 0)}");
            }
        }

        // MathNet's inverse, to 1e-9 of the largest entry.
        var reference = Matrix.Build.Dense(n, n, (i, j) => m[i * n + j]).Inverse();
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                Assert.True(Math.Abs(x[i * n + j] - reference[i, j]) <= 1e-9 * largest, $"X[{i}, {j}] = {x[i * n + j]}, MathNet {reference[i, j]}");
            }
        }
    }

    // Entries uniform in [−1, 1), plus `diagonal` on the diagonal.
    private static double[] Random(int n, int seed, double diagonal)
    {
        var random = new Random(seed);
        var m = new double[n * n];
        for (var k = 0; k < m.Length; k++)
        {
            m[k] = 2 * random.NextDouble() - 1;
        }

        for (var i = 0; i < n; i++)
        {
            m[i * n + i] += diagonal;
        }

        return m;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(200)]
    [InlineData(513)]
    public void Solve_gives_the_x_of_m_x_equal_b(int n)
    {
        var random = new Random(n + 17);
        var m = new double[n * n];
        for (var k = 0; k < m.Length; k++)
        {
            m[k] = random.NextDouble() - 0.5;
        }

        var b = Enumerable.Range(0, n).Select(_ => random.NextDouble() * 10 - 5).ToArray();
        var x = DenseInverse.Solve(m, n, b);
        var expected = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense(n, n, (i, j) => m[i * n + j])
            .Solve(MathNet.Numerics.LinearAlgebra.Vector<double>.Build.Dense(b)).ToArray();
        for (var i = 0; i < n; i++)
        {
            var row = 0.0;
            for (var j = 0; j < n; j++)
            {
                row += m[i * n + j] * x[j];
            }

            Assert.Equal(b[i], row, 1e-9 * Math.Max(1, Math.Abs(b[i])));
            Assert.Equal(expected[i], x[i], 1e-8 * Math.Max(1, Math.Abs(expected[i])));
        }
    }
}
