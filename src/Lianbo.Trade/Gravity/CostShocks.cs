namespace Lianbo.Trade.Gravity;

/// <summary>
/// Trade-cost shocks on a cross-section's costs ln t^(1−σ), for scenarios beyond the book's: an ad-valorem equivalent τ
/// on the flows between two groups of countries (decoupling: τ &gt; 0; a trade agreement or tariff cut: τ &lt; 0) changes
/// t_ij to t_ij·(1 + τ), i.e. ln t^(1−σ) by (1 − σ)·ln(1 + τ). Domestic flows are never shocked.
/// </summary>
public static class CostShocks
{
    /// <param name="cs">the cross-section the costs belong to (row order)</param>
    /// <param name="lnT">the costs to shock (not changed)</param>
    /// <param name="from">exporters (ISO alpha-3) of the shocked flows</param>
    /// <param name="to">importers of the shocked flows</param>
    /// <param name="tau">ad-valorem equivalent, e.g. 0.2 for +20%; more than −1</param>
    /// <param name="sigma">elasticity of substitution σ, as in <see cref="GeOptions.Sigma"/></param>
    /// <param name="bothWays">also shock the flows from <paramref name="to"/> to <paramref name="from"/> (default: a symmetric shock)</param>
    public static double[] Between(CrossSection cs, double[] lnT, IEnumerable<string> from, IEnumerable<string> to, double tau, double sigma = 7.0, bool bothWays = true)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(tau, -1.0);
        var a = Indices(cs, from, nameof(from));
        var b = Indices(cs, to, nameof(to));
        var shift = (1 - sigma) * Math.Log(1 + tau);
        var shocked = (double[])lnT.Clone();
        for (var r = 0; r < shocked.Length; r++)
        {
            var (i, j) = (cs.I[r], cs.J[r]);
            if (i != j && ((a.Contains(i) && b.Contains(j)) || (bothWays && b.Contains(i) && a.Contains(j))))
            {
                shocked[r] += shift;
            }
        }

        return shocked;
    }

    private static HashSet<int> Indices(CrossSection cs, IEnumerable<string> countries, string argument) =>
        [.. countries.Select(c => Array.IndexOf(cs.Names, c) is var k and >= 0 ? k : throw new ArgumentException($"{c} is not in the cross-section.", argument))];
}
