namespace Lianbo.Trade.InputOutput;

/// <summary>
/// Upstreamness of each country-industry, Antràs, Chor, Fally &amp; Hillberry (2012), "Measuring the upstreamness of
/// production and trade flows", AER Papers &amp; Proceedings 102(3): U = (I − Δ)⁻¹·1, the average number of production
/// stages between an industry's output and final use (1 = all output goes to final use). On a world table there is
/// no trade adjustment (X − M is zero for the world), so Δ_ij = z_ij / (x_i − N_i), with N_i the industry's net change
/// in inventories when it is given (the paper's inventory adjustment), otherwise Δ_ij = z_ij / x_i.
/// </summary>
public static class Upstreamness
{
    /// <param name="countries">G</param>
    /// <param name="sectors">S</param>
    /// <param name="z">intermediate flows, N×N row-major</param>
    /// <param name="grossOutput">the table's own gross-output column (N)</param>
    /// <param name="inventories">net changes in inventories by supplying row (N, summed over destinations), or
    /// null to make no adjustment (a table whose final demand is not split by category)</param>
    /// <returns>U per country-industry (N); NaN where x_i − N_i ≤ 0 (no output to place, e.g. WIOD's empty sectors)</returns>
    public static double[] Compute(int countries, int sectors, double[] z, double[] grossOutput, double[]? inventories = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(countries, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(sectors, 1);
        var n = countries * sectors;
        ArgumentOutOfRangeException.ThrowIfNotEqual(grossOutput.Length, n, nameof(grossOutput));
        ArgumentOutOfRangeException.ThrowIfNotEqual(z.Length, n * n, nameof(z));
        if (inventories is not null)
        {
            ArgumentOutOfRangeException.ThrowIfNotEqual(inventories.Length, n, nameof(inventories));
        }

        var denominator = new double[n];
        for (var i = 0; i < n; i++)
        {
            denominator[i] = grossOutput[i] - (inventories?[i] ?? 0);
        }

        // I − Δ; a row with nothing to place is left as the identity row and reported as NaN.
        var m = new double[n * n];
        Parallel.For(0, n, i =>
        {
            for (var j = 0; j < n; j++)
            {
                m[(i * n) + j] = (i == j ? 1.0 : 0.0) - (denominator[i] > 0 ? z[(i * n) + j] / denominator[i] : 0.0);
            }
        });
        var u = DenseInverse.Solve(m, n, [.. Enumerable.Repeat(1.0, n)]);
        for (var i = 0; i < n; i++)
        {
            if (!(denominator[i] > 0))
            {
                u[i] = double.NaN;
            }
        }

        return u;
    }
}
