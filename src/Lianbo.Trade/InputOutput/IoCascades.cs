namespace Lianbo.Trade.InputOutput;

/// <summary>Output lost in every country × sector when one is hypothetically extracted: Loss = x̂ − x̄, Total = Σ Loss.</summary>
/// <param name="Row">The extracted country × sector.</param>
/// <param name="Baseline">x̂ = L f, the model's output for the table's final demand f.</param>
/// <param name="Loss">x̂ − x̄, x̄ the output with the row's row and column of A removed and f unchanged.</param>
/// <param name="Total">Σ Loss: the extracted row's total linkage (Miller &amp; Blair 2009 §12.2).</param>
public sealed record Extraction(int Row, double[] Baseline, double[] Loss, double Total);

/// <summary>The inoperability of every country × sector after a perturbation c*, and the output it costs.</summary>
/// <param name="Q">Inoperability q = (I − A*)⁻¹ c*: the share of each row's output lost (0–1 for a feasible shock).</param>
/// <param name="OutputLoss">x ∘ q: output lost per year at that inoperability, USD millions.</param>
/// <param name="Days">How long the perturbation lasts.</param>
/// <param name="PeriodLoss">Σ x ∘ q · Days / 365: the output lost over the period, the inoperability held constant.</param>
public sealed record InoperabilityResult(double[] Q, double[] OutputLoss, int Days, double PeriodLoss);

public sealed partial class IoModel
{
    /// <summary>Demand-driven cascade Δx = L Δf (Miller &amp; Blair ch. 2): output of every row for a change of final demand.</summary>
    public double[] DemandDriven(double[] deltaFinalDemand) => Times(L, Check(deltaFinalDemand));

    /// <summary>Supply-driven cascade Δx' = Δv' G (Ghosh 1958; Miller &amp; Blair §12.1): output of every row for a change of primary inputs.</summary>
    public double[] SupplyDriven(double[] deltaValueAdded) => RowTimes(Check(deltaValueAdded), G);

    /// <summary>
    /// Hypothetical extraction of one country × sector (Miller &amp; Lahr 2001; Dietzenbacher &amp; Lahr 2013, "Expanding
    /// extractions", Economic Systems Research 25:341–360, the complete extraction): its row and column of A are set to
    /// zero, final demand f (the table's, summed over destinations) kept, and x̄ = (I − Ā)⁻¹ f compared with x̂ = L f.
    /// Computed from L by the inverse of a principal submatrix: x̄_r = x̂_r − l_rj x̂_j / l_jj for r ≠ j, x̄_j = f_j.
    /// </summary>
    public Extraction Extract(int row)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(row);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, N);
        var n = N;
        var l = L;
        var f = Table.FinalDemandTotal();
        var baseline = Times(l, f);
        var loss = new double[n];
        var ratio = baseline[row] / l[row * n + row];
        for (var r = 0; r < n; r++)
        {
            loss[r] = r == row ? baseline[row] - f[row] : l[r * n + row] * ratio;
        }

        return new Extraction(row, baseline, loss, loss.Sum());
    }

    /// <summary>
    /// The inoperability input–output model (Haimes &amp; Jiang 2001; Santos &amp; Haimes 2004, demand-reduction form):
    /// q = A* q + c*, so q = (I − A*)⁻¹ c* with A* = diag(x)⁻¹ A diag(x). Computed from L as
    /// (I − A*)⁻¹ = diag(x)⁻¹ L diag(x) over the rows with x &gt; 0; a row with x = 0 is its own block, q_i = c*_i.
    /// </summary>
    /// <param name="perturbation">c*: each row's demand reduction as a share of its output (Δf / x).</param>
    /// <param name="days">How long the perturbation lasts, for <see cref="InoperabilityResult.PeriodLoss"/>.</param>
    public InoperabilityResult Inoperability(double[] perturbation, int days = 365)
    {
        Check(perturbation);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(days);
        var n = N;
        var scaled = new double[n];
        for (var j = 0; j < n; j++)
        {
            scaled[j] = X[j] > 0 ? X[j] * perturbation[j] : 0;
        }

        var lx = Times(L, scaled);
        var q = new double[n];
        var loss = new double[n];
        for (var i = 0; i < n; i++)
        {
            q[i] = X[i] > 0 ? lx[i] / X[i] : perturbation[i];
            loss[i] = X[i] * q[i];
        }

        return new InoperabilityResult(q, loss, days, loss.Sum() * days / 365.0);
    }

    /// <summary>A disaster that disables <paramref name="share"/> (0–1) of one country × sector: c* = share · e_row.</summary>
    public InoperabilityResult Inoperability(int row, double share, int days = 365)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(row);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, N);
        if (share is < 0 or > 1 || double.IsNaN(share))
        {
            throw new ArgumentOutOfRangeException(nameof(share), share, "The disabled share is between 0 and 1.");
        }

        var c = new double[N];
        c[row] = share;
        return Inoperability(c, days);
    }

    private double[] Check(double[] vector) =>
        vector.Length == N ? vector : throw new ArgumentException($"The vector has {vector.Length} values, the table {N} rows.", nameof(vector));
}
