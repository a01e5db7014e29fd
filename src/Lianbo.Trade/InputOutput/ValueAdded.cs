namespace Lianbo.Trade.InputOutput;

/// <summary>
/// Value added in trade on a multi-regional input–output table given as plain arrays (N = G countries × S sectors,
/// country-major: index c·S + k): <c>z</c> N×N row-major intermediate flows, <c>finalDemand</c> N×G (row i's final
/// use in destination country g, summed over categories), <c>grossOutput</c> N (the table's own gross-output column,
/// used throughout), and the Leontief inverse <c>leontief</c> N×N row-major, B = (I − A)⁻¹ with A = Z·diag(x)⁻¹.
/// Value added is va = x − column sums of Z, so v·B = 1′ holds exactly whatever the table's row discrepancy.
/// Formulas and sources: docs/methods-io-va.md.
/// </summary>
public static class ValueAdded
{
    /// <summary>
    /// Value-added coefficients v_j = (x_j − Σ_i z_ij) / x_j, 0 where x_j = 0 (a sector with no output adds none).
    /// </summary>
    public static double[] Coefficients(double[] z, double[] grossOutput)
    {
        var n = grossOutput.Length;
        ArgumentOutOfRangeException.ThrowIfNotEqual(z.Length, n * n, nameof(z));
        var v = new double[n];
        for (var j = 0; j < n; j++)
        {
            if (grossOutput[j] == 0)
            {
                continue;
            }

            var inputs = 0.0;
            for (var i = 0; i < n; i++)
            {
                inputs += z[(i * n) + j];
            }

            v[j] = (grossOutput[j] - inputs) / grossOutput[j];
        }

        return v;
    }

    /// <summary>
    /// The TiVA view by origin sector: value added of origin country-sector i embodied in destination country d's
    /// final demand, diag(v)·B·F (N×G, row-major). OECD TiVA's FD_VA; Johnson &amp; Noguera (2012) value added
    /// exports are its off-diagonal sums. Rows sum over destinations to each sector's value added when the table's
    /// rows balance (x = Z·1 + F·1).
    /// </summary>
    public static double[] EmbodiedInFinalDemandBySector(int countries, int sectors, double[] z, double[] finalDemand, double[] grossOutput, double[] leontief)
    {
        var n = Check(countries, sectors, z, finalDemand, grossOutput, leontief);
        var v = Coefficients(z, grossOutput);
        var bf = Multiply(leontief, n, finalDemand, countries);
        for (var i = 0; i < n; i++)
        {
            for (var d = 0; d < countries; d++)
            {
                bf[(i * countries) + d] *= v[i];
            }
        }

        return bf;
    }

    /// <summary>
    /// The TiVA view: value added of origin country o embodied in destination country d's final demand,
    /// Σ_{i∈o} [diag(v)·B·F]_{i,d} (G×G, row-major, origin by destination). The diagonal is value added absorbed at
    /// home; the off-diagonal row sums are each country's value-added exports (VAX, Johnson &amp; Noguera 2012).
    /// </summary>
    public static double[] EmbodiedInFinalDemand(int countries, int sectors, double[] z, double[] finalDemand, double[] grossOutput, double[] leontief)
    {
        var bySector = EmbodiedInFinalDemandBySector(countries, sectors, z, finalDemand, grossOutput, leontief);
        var g = new double[countries * countries];
        for (var i = 0; i < countries * sectors; i++)
        {
            var o = i / sectors;
            for (var d = 0; d < countries; d++)
            {
                g[(o * countries) + d] += bySector[(i * countries) + d];
            }
        }

        return g;
    }

    // Validates the array contract and returns N.
    internal static int Check(int countries, int sectors, double[] z, double[] finalDemand, double[] grossOutput, double[]? leontief)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(countries, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(sectors, 1);
        var n = countries * sectors;
        ArgumentOutOfRangeException.ThrowIfNotEqual(grossOutput.Length, n, nameof(grossOutput));
        ArgumentOutOfRangeException.ThrowIfNotEqual(z.Length, n * n, nameof(z));
        ArgumentOutOfRangeException.ThrowIfNotEqual(finalDemand.Length, n * countries, nameof(finalDemand));
        if (leontief is not null)
        {
            ArgumentOutOfRangeException.ThrowIfNotEqual(leontief.Length, n * n, nameof(leontief));
        }

        return n;
    }

    // (n×n row-major) · (n×m row-major), as rows of axpy so the inner loop runs over contiguous memory.
    internal static double[] Multiply(double[] a, int n, double[] b, int m)
    {
        // C −= A·B on C = 0 with the inverse's blocked, vectorised, parallel product, then the sign turned.
        var c = new double[n * m];
        DenseGemm.SubtractProduct(new DenseBlock(c, 0, m), new DenseBlock(a, 0, n), new DenseBlock(b, 0, m), n, m, n, new DenseScratch());
        for (var k = 0; k < c.Length; k++)
        {
            c[k] = 0 - c[k];
        }

        return c;
    }
}
