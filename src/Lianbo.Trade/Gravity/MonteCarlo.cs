using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;

namespace Lianbo.Trade.Gravity;

/// <summary>A band per country: the lower and upper percentiles and the median of the draws.</summary>
public sealed record Band(double Low, double Median, double High);

/// <summary>Monte Carlo bands of the per-country changes, and how they were drawn.</summary>
public sealed record GeBands(string Method, int Draws, int Seed, double Level, string VcovKind, string[] Countries,
    IReadOnlyDictionary<string, Band[]> Changes);

/// <summary>
/// Bands for the general-equilibrium changes from draws of the estimated coefficients: b⁽ᵈ⁾ = b̂ + L z, z ~ N(0, I),
/// L the Cholesky factor of the scenario's variance (<see cref="CostModel.Vcov"/>); each draw rebuilds both cost vectors
/// and solves the counterfactual in the options' mode; the band is the (1 − level)/2 and (1 + level)/2 percentiles
/// (linear interpolation between order statistics) and the median. Fixed effects are re-estimated with each draw's costs;
/// what the draws hold fixed (the NAFTA pair costs t̄) is the scenario's <see cref="CostModel"/>'s to say.
/// </summary>
public static class MonteCarlo
{
    public static GeBands Bands(GravityScenario scenario, GeOptions options, int draws = 500, int seed = 1, double level = 0.95,
        IProgress<int>? progress = null)
    {
        var costs = scenario.Costs ?? throw new ArgumentException($"The scenario '{scenario.Name}' has no cost model to draw from.", nameof(scenario));
        ArgumentOutOfRangeException.ThrowIfLessThan(draws, 2);
        var k = costs.Beta.Length;
        var v = Matrix<double>.Build.Dense(k, k, (a, b) => costs.Vcov[a, b]);
        var chol = v.Cholesky().Factor;
        var random = new Random(seed);
        var samples = new Dictionary<string, double[][]>(StringComparer.Ordinal);
        var n = scenario.CrossSection.N;
        for (var d = 0; d < draws; d++)
        {
            var z = Vector<double>.Build.Dense(k, _ => Normal.Sample(random, 0, 1));
            var shift = chol * z;
            var beta = costs.Beta.Select((b, m) => b + shift[m]).ToArray();
            var (lnTb, lnTc) = costs.For(beta);
            var changes = GeneralEquilibrium.Solve(scenario.CrossSection, lnTb, lnTc, options).Changes(scenario.Convention);
            foreach (var (name, values) in changes)
            {
                if (!samples.TryGetValue(name, out var perCountry))
                {
                    perCountry = samples[name] = [.. Enumerable.Range(0, n).Select(_ => new double[draws])];
                }

                for (var c = 0; c < n; c++)
                {
                    perCountry[c][d] = values[c];
                }
            }

            progress?.Report(d + 1);
        }

        var lo = (1 - level) / 2;
        var bands = samples.ToDictionary(kv => kv.Key,
            kv => kv.Value.Select(x => new Band(Quantile(x, lo), Quantile(x, 0.5), Quantile(x, 1 - lo))).ToArray(), StringComparer.Ordinal);
        return new GeBands(options.Describe(), draws, seed, level, costs.VcovKind, scenario.CrossSection.Names, bands);
    }

    // Quantile with linear interpolation between order statistics (numpy's default, "type 7").
    private static double Quantile(double[] values, double p)
    {
        var sorted = values.Order().ToArray();
        var h = (sorted.Length - 1) * p;
        var lo = (int)Math.Floor(h);
        var hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }
}
