using Lianbo.Trade.InputOutput;

namespace Lianbo.Trade.Tests.InputOutput;

// Every measure of the shipped WIOD 2011 table (1,435 × 1,435) against io_core.py's numpy/scipy, to 1e-9.
public sealed class IoModelTests
{
    private static IoModel Model => IoFixture.Model;
    private static IoReference Reference => IoFixture.Reference;
    private static int Row => Model.Table.Index(IoFixture.Country, IoFixture.Sector);

    [Fact]
    public void Scenario_row_is_the_one_the_reference_used() =>
        Assert.Equal(Reference.Manifest.GetProperty("row").GetInt32(), Row);

    [Fact]
    public void Technical_and_allocation_coefficients_equal_the_reference()
    {
        IoFixture.Near(Reference["A"], Model.A, "A = Z diag(x)⁻¹");
        IoFixture.Near(Reference["B"], Model.B, "B = diag(x)⁻¹ Z");
    }

    [Fact]
    public void Leontief_and_Ghosh_inverses_equal_the_reference()
    {
        IoFixture.Near(Reference["L"], Model.L, "L = (I − A)⁻¹");
        IoFixture.Near(Reference["G"], Model.G, "G = (I − B)⁻¹");
    }

    [Fact]
    public void Multipliers_equal_the_reference()
    {
        IoFixture.Near(Reference["output_multipliers"], Model.OutputMultipliers(), "output multipliers i'L");
        IoFixture.Near(Reference["va_multipliers"], Model.ValueAddedMultipliers(), "value-added multipliers v'L");
    }

    [Fact]
    public void Value_added_multipliers_are_one_where_there_is_output()
    {
        // v'L = 1' exactly when VA = x − Z'1, which is how the table's value added is defined: a property, not a fit.
        var vm = Model.ValueAddedMultipliers();
        for (var j = 0; j < Model.N; j++)
        {
            Assert.Equal(Model.Table.GrossOutput[j] > 0 ? 1.0 : 0.0, vm[j], 1e-9);
        }
    }

    [Fact]
    public void Demand_and_supply_driven_cascades_equal_the_reference()
    {
        var df = new double[Model.N];
        df[Row] = -0.1 * Model.Table.FinalDemandTotal()[Row];
        IoFixture.Near(Reference["demand"], Model.DemandDriven(df), "Δx = L Δf");
        var dv = new double[Model.N];
        dv[Row] = -0.1 * Model.Table.ValueAdded[Row];
        IoFixture.Near(Reference["supply"], Model.SupplyDriven(dv), "Δx' = Δv' G");
    }

    [Fact]
    public void Hypothetical_extraction_equals_the_reference()
    {
        var extraction = Model.Extract(Row);
        IoFixture.Near(Reference["extraction_baseline"], extraction.Baseline, "x̂ = L f");
        IoFixture.Near(Reference["extraction_loss"], extraction.Loss, "x̂ − x̄");
        IoFixture.Near([Reference.Manifest.GetProperty("extraction_total").GetDouble()], [extraction.Total], "total linkage");
    }

    [Fact]
    public void Inoperability_equals_the_reference()
    {
        var iim = Model.Inoperability(Row, IoFixture.Share, IoFixture.Days);
        IoFixture.Near(Reference["iim_q"], iim.Q, "q = (I − A*)⁻¹ c*");
        IoFixture.Near(Reference["iim_output_loss"], iim.OutputLoss, "x ∘ q");
        IoFixture.Near([Reference.Manifest.GetProperty("iim_period_loss").GetDouble()], [iim.PeriodLoss], "loss over the period");
        // The struck industry loses its share and more, through its own use of itself.
        Assert.True(iim.Q[Row] > IoFixture.Share);
    }

    [Fact]
    public void Inoperability_is_linear_in_the_share_and_never_negative()
    {
        // The model is linear: twice the perturbation, twice the inoperability. It does not cap q at 1 (the struck
        // industry's q is its share times the diagonal of (I − A*)⁻¹, above 1 for a share near 1; see docs/methods-io.md).
        var q = Model.Inoperability(Row, 0.3).Q;
        var q2 = Model.Inoperability(Row, 0.6).Q;
        IoFixture.Near(q.Select(v => 2 * v).ToArray(), q2, "q(0.6) = 2 q(0.3)", 1e-12);
        Assert.All(q, v => Assert.True(v >= 0));
        Assert.True(q[Row] > 0.3);
    }

    [Fact]
    public void Bad_arguments_are_refused()
    {
        Assert.Throws<ArgumentException>(() => Model.DemandDriven(new double[3]));
        Assert.Throws<ArgumentOutOfRangeException>(() => Model.Inoperability(Row, 1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => Model.Extract(Model.N));
    }
}

// Miller & Blair (2009), section 2.3: the two-sector example worked by hand in the book.
public sealed class TinyIoTableTests
{
    // Z = [[150, 500], [200, 100]], f = [350, 1700], x = [1000, 2000]; one country, two sectors.
    private static readonly IoModel Tiny = new(IoTable.Create("book", "M&B 2.3", 2009, ["AAA"], ["s1", "s2"],
        [150, 500, 200, 100], [350, 1700], [1000, 2000]));

    [Fact]
    public void Coefficients_and_inverse_are_the_books()
    {
        // A = [[.15, .25], [.2, .05]]; det(I − A) = .85 · .95 − .25 · .2 = .7575; L = [[.95, .25], [.2, .85]] / .7575.
        Assert.Equal([0.15, 0.25, 0.2, 0.05], Tiny.A, (a, b) => Math.Abs(a - b) < 1e-15);
        double[] l = [0.95 / 0.7575, 0.25 / 0.7575, 0.2 / 0.7575, 0.85 / 0.7575];
        Assert.Equal(l, Tiny.L, (a, b) => Math.Abs(a - b) < 1e-14);
        // Output multipliers: column sums 1.15/.7575 = 1.5182, 1.10/.7575 = 1.4521 (the book prints 1.518 and 1.452).
        Assert.Equal([1.15 / 0.7575, 1.1 / 0.7575], Tiny.OutputMultipliers(), (a, b) => Math.Abs(a - b) < 1e-14);
        // B = diag(x)⁻¹ Z = [[.15, .5], [.1, .05]].
        Assert.Equal([0.15, 0.5, 0.1, 0.05], Tiny.B, (a, b) => Math.Abs(a - b) < 1e-15);
        // Value added = x − Z'1 = [650, 1400]; v = [.65, .7]; v'L = [1, 1].
        Assert.Equal([650, 1400], Tiny.Table.ValueAdded);
        Assert.Equal([1.0, 1.0], Tiny.ValueAddedMultipliers(), (a, b) => Math.Abs(a - b) < 1e-14);
    }

    [Fact]
    public void Extraction_and_inoperability_by_hand()
    {
        // Extracting s1: s2 alone, x̄2 = f2 / (1 − .05) = 1789.47…, x̄1 = f1 = 350; x̂ = L f = [1000, 2000].
        var e = Tiny.Extract(0);
        Assert.Equal([1000 - 350.0, 2000 - 1700 / 0.95], e.Loss, (a, b) => Math.Abs(a - b) < 1e-9);
        // IIM, half of s1 disabled: A* = [[.15, .5], [.1, .05]] (= B here); q = (I − A*)⁻¹ [.5, 0]:
        // det = .85 · .95 − .5 · .1 = .7575; q = [.95 · .5, .1 · .5] / .7575.
        var q = Tiny.Inoperability(0, 0.5).Q;
        Assert.Equal([0.475 / 0.7575, 0.05 / 0.7575], q, (a, b) => Math.Abs(a - b) < 1e-14);
    }

    [Fact]
    public void Every_measure_equals_the_reference()
    {
        var reference = IoReference.Run("tiny", "{out}");
        IoFixture.Near(reference["A"], Tiny.A, "A");
        IoFixture.Near(reference["L"], Tiny.L, "L");
        IoFixture.Near(reference["B"], Tiny.B, "B");
        IoFixture.Near(reference["G"], Tiny.G, "G");
        IoFixture.Near(reference["output_multipliers"], Tiny.OutputMultipliers(), "output multipliers");
        IoFixture.Near(reference["va_multipliers"], Tiny.ValueAddedMultipliers(), "value-added multipliers");
        var e = Tiny.Extract(0);
        IoFixture.Near(reference["extraction_loss"], e.Loss, "extraction");
        IoFixture.Near(reference["iim_q"], Tiny.Inoperability(0, 0.5).Q, "IIM");
        IoFixture.Near(reference["demand"], Tiny.DemandDriven([-35, 0]), "demand-driven");
        IoFixture.Near(reference["supply"], Tiny.SupplyDriven([-65, 0]), "supply-driven");
    }
}
