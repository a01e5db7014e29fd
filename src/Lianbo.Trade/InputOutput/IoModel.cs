namespace Lianbo.Trade.InputOutput;

/// <summary>
/// The demand-side (Leontief) and supply-side (Ghosh) models of one <see cref="IoTable"/>, after Miller &amp; Blair (2009),
/// <i>Input–Output Analysis</i>, 2nd ed., ch. 2, 6 and 12. Every coefficient divides by the table's own gross-output
/// column x (<see cref="IoTable.GrossOutput"/>), never by the row or column sums; where x = 0 the coefficient is 0.
/// Matrices are N × N row-major. The inverses are computed once, on first use, and kept. Checked against
/// tests/Lianbo.Trade.Tests/InputOutput/reference/io_core.py (numpy/scipy) to 1e-9 on the WIOD 2011 table.
/// </summary>
public sealed partial class IoModel(IoTable table)
{
    private double[]? _a;
    private double[]? _l;
    private double[]? _b;
    private double[]? _g;

    public IoTable Table { get; } = table;
    public int N => Table.N;
    private double[] X => Table.GrossOutput;

    /// <summary>Technical coefficients A = Z diag(x)⁻¹: a_ij = z_ij / x_j (Miller &amp; Blair ch. 2), 0 where x_j = 0.</summary>
    public double[] A => _a ??= Scale(columns: true);

    /// <summary>The Leontief inverse L = (I − A)⁻¹ (Miller &amp; Blair ch. 2): x = L f.</summary>
    public double[] L => _l ??= DenseInverse.Invert(IdentityMinus(A), N);

    /// <summary>Ghosh allocation coefficients B = diag(x)⁻¹ Z: b_ij = z_ij / x_i (Miller &amp; Blair §12.1), 0 where x_i = 0.</summary>
    public double[] B => _b ??= Scale(columns: false);

    /// <summary>
    /// The Ghosh inverse G = (I − B)⁻¹ (Miller &amp; Blair §12.1): x' = v' G. Since B = x̂⁻¹ A x̂, G = x̂⁻¹ L x̂
    /// (Miller &amp; Blair eq. 12.9), g_ij = l_ij x_j / x_i, which saves a second inverse; a table where a row or column
    /// with zero output still has flows (so that the similarity does not hold) is inverted directly.
    /// </summary>
    public double[] G => _g ??= Similar() ? FromLeontief() : DenseInverse.Invert(IdentityMinus(B), N);

    /// <summary>Output multipliers m_j = Σ_i l_ij, the column sums of L (Miller &amp; Blair ch. 6): world output per unit of final demand for j.</summary>
    public double[] OutputMultipliers()
    {
        var l = L;
        var n = N;
        var m = new double[n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                m[j] += l[i * n + j];
            }
        }

        return m;
    }

    /// <summary>Value-added coefficients v_j = VA_j / x_j (0 where x_j = 0).</summary>
    public double[] ValueAddedCoefficients() => [.. Table.ValueAdded.Select((va, j) => X[j] == 0 ? 0 : va / X[j])];

    /// <summary>Value-added multipliers v' L (Miller &amp; Blair §6.3 with value added as the "income"): world value added per unit of final demand for j; 1 for every j with x_j &gt; 0 when the table balances.</summary>
    public double[] ValueAddedMultipliers() => RowTimes(ValueAddedCoefficients(), L);

    // y' = u' M for an N × N row-major M.
    internal double[] RowTimes(double[] u, double[] m)
    {
        var n = N;
        var y = new double[n];
        for (var i = 0; i < n; i++)
        {
            var ui = u[i];
            if (ui == 0)
            {
                continue;
            }

            for (var j = 0; j < n; j++)
            {
                y[j] += ui * m[i * n + j];
            }
        }

        return y;
    }

    // y = M u for an N × N row-major M.
    internal double[] Times(double[] m, double[] u)
    {
        var n = N;
        var y = new double[n];
        Parallel.For(0, n, i =>
        {
            var sum = 0.0;
            for (var j = 0; j < n; j++)
            {
                sum += m[i * n + j] * u[j];
            }

            y[i] = sum;
        });
        return y;
    }

    // True when every row and column with x = 0 is empty in Z, so that B = x̂⁻¹ A x̂ holds with the 0 conventions.
    private bool Similar()
    {
        var n = N;
        for (var k = 0; k < n; k++)
        {
            if (X[k] != 0)
            {
                continue;
            }

            for (var j = 0; j < n; j++)
            {
                if (Table.Z[k * n + j] != 0 || Table.Z[j * n + k] != 0)
                {
                    return false;
                }
            }
        }

        return true;
    }

    // g_ij = l_ij x_j / x_i; a row with x_i = 0 is its own block (B's row is 0), so g_ij = δ_ij there.
    private double[] FromLeontief()
    {
        var n = N;
        var l = L;
        var g = new double[n * n];
        Parallel.For(0, n, i =>
        {
            if (X[i] == 0)
            {
                g[i * n + i] = 1;
                return;
            }

            for (var j = 0; j < n; j++)
            {
                g[i * n + j] = X[j] == 0 ? (i == j ? 1 : 0) : l[i * n + j] * X[j] / X[i];
            }
        });
        return g;
    }

    private double[] Scale(bool columns)
    {
        var n = N;
        var z = Table.Z;
        var result = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                // z / x, not z · (1/x): the reference divides, and so do the papers.
                var x = columns ? X[j] : X[i];
                result[i * n + j] = x == 0 ? 0 : z[i * n + j] / x;
            }
        }

        return result;
    }

    private double[] IdentityMinus(double[] m)
    {
        var n = N;
        var result = new double[n * n];
        for (var k = 0; k < result.Length; k++)
        {
            result[k] = -m[k];
        }

        for (var i = 0; i < n; i++)
        {
            result[i * n + i] += 1;
        }

        return result;
    }
}
