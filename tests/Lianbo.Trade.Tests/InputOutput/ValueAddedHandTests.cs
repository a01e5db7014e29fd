using Lianbo.Trade.InputOutput;

namespace Lianbo.Trade.Tests.InputOutput;

/// <summary>
/// A 3-country × 2-sector table small enough to work out by hand (docs/methods-io-va.md). Countries A, B, C; sectors
/// 1, 2. Intermediates: A1→A2 10, A2→B1 20, B1→C1 30. Final demand: A1→A 40; A2→A 30, →C 10; B1→B 50; B2→B 40, →A 20;
/// C1→C 70; C2→C 30, →B 10. Gross output (row sums) A1 50, A2 60, B1 80, B2 60, C1 70, C2 40; value added A1 50,
/// A2 50, B1 60, B2 60, C1 40, C2 40.
/// </summary>
public sealed class ValueAddedHandTests
{
    private const int G = 3, S = 2, N = 6;
    private const int A = 0, B = 1, C = 2;

    internal static (double[] Z, double[] F, double[] X) Table()
    {
        var z = new double[N * N];
        z[(0 * N) + 1] = 10;
        z[(1 * N) + 2] = 20;
        z[(2 * N) + 4] = 30;
        var f = new double[N * G];
        f[(0 * G) + A] = 40;
        f[(1 * G) + A] = 30;
        f[(1 * G) + C] = 10;
        f[(2 * G) + B] = 50;
        f[(3 * G) + B] = 40;
        f[(3 * G) + A] = 20;
        f[(4 * G) + C] = 70;
        f[(5 * G) + C] = 30;
        f[(5 * G) + B] = 10;
        return (z, f, [50, 60, 80, 60, 70, 40]);
    }

    private static ExportDecomposition Decomposition()
    {
        var (z, f, x) = Table();
        return ValueAddedDecomposition.Decompose(G, S, z, f, x, ValueAddedReferenceTests.Leontief(z, x));
    }

    private static double At(double[] term, int row, int importer) => term[(row * G) + importer];

    [Fact]
    public void Value_added_coefficients_are_value_added_over_gross_output()
    {
        var (z, _, x) = Table();
        var v = ValueAdded.Coefficients(z, x);
        Assert.Equal([1, 5.0 / 6, 0.75, 1, 4.0 / 7, 1], v, new Tolerance(1e-15));
    }

    [Fact]
    public void A_exports_only_its_own_value_added_and_part_of_it_travels_on()
    {
        var d = Decomposition();
        // A2 (row 1) sells 20 of intermediates to B1 and 10 of final goods to C. A buys no foreign inputs: v_A L_AA = (1, 1).
        Assert.Equal(10, At(d.Vax1, 1, C), 12);
        Assert.Equal(0, At(d.Vax1, 1, B), 12);
        // B1 places 50 of its 80 in B's final demand: 20·50/80 = 12.5 absorbed in B (VAX2) …
        Assert.Equal(12.5, At(d.Vax2, 1, B), 12);
        // … and sends 30/80 to C1, whose output C absorbs entirely: 20·30/80 = 7.5 goes on to a third country (VAX4).
        Assert.Equal(7.5, At(d.Vax4, 1, B), 12);
        Assert.Equal(0, At(d.Vax3, 1, B), 12);
        Assert.Equal(0, At(d.Ref1, 1, B) + At(d.Ref2, 1, B), 12);
        Assert.Equal(30, d.ByExporter(d.Dva)[A], 12);
        Assert.Equal(0, d.ByExporter(d.Fva)[A] + d.ByExporter(d.Ddc)[A] + d.ByExporter(d.Fdc)[A], 12);
        // Forward participation of A: (DVA − DAVAX) / gross = 7.5 / 30.
        Assert.Equal(0.25, d.ForwardParticipation()[A], 12);
        Assert.Equal(0, d.BackwardParticipation()[A], 12);
    }

    [Fact]
    public void B_exports_carry_A_value_added_as_foreign_value_added()
    {
        var d = Decomposition();
        // B1's 30 to C1: a quarter of B1's output is A's value added (A2 20 of 80, itself all A's), the rest B's.
        Assert.Equal(22.5, At(d.Dva, 2, C), 12);
        Assert.Equal(7.5, At(d.FvaIntermediate, 2, C), 12);
        Assert.Equal(0, At(d.Fdc, 2, C) + At(d.Ddc, 2, C), 12);
        // C absorbs all of it: DAVAX in intermediates.
        Assert.Equal(22.5, At(d.Vax2, 2, C), 12);
        // B2's final goods to A: all B's value added.
        Assert.Equal(20, At(d.Vax1, 3, A), 12);
        Assert.Equal(7.5 / 50, d.BackwardParticipation()[B], 12);
        Assert.Equal([30, 50, 10], d.ByExporter(d.Gross), new Tolerance(1e-12));
    }

    [Fact]
    public void Tiva_follows_A_value_added_to_where_it_is_consumed()
    {
        var (z, f, x) = Table();
        var tiva = ValueAdded.EmbodiedInFinalDemand(G, S, z, f, x, ValueAddedReferenceTests.Leontief(z, x));
        // A: 70 at home, 50·(1/4) = 12.5 in B's final use of B1, 10 + 30·(1/4) = 17.5 in C; they add to A's value added 100.
        Assert.Equal([70, 12.5, 17.5], tiva[..3], new Tolerance(1e-12));
        // C2's 10 of final goods to B is all C's value added; C1's output contains B's (22.5) and A's (7.5).
        Assert.Equal(10, tiva[(C * G) + B], 12);
        Assert.Equal(22.5 + 50 * 0.75 + 40, tiva[(B * G) + B] + tiva[(B * G) + C], 12);
    }

    [Fact]
    public void Upstreamness_counts_the_stages_to_final_use()
    {
        var (z, _, x) = Table();
        // U_C1 = 1; U_B1 = 1 + 30/80; U_A2 = 1 + (20/60)·U_B1 = 35/24; U_A1 = 1 + (10/50)·U_A2 = 31/24.
        var u = Upstreamness.Compute(G, S, z, x);
        Assert.Equal([31.0 / 24, 35.0 / 24, 1.375, 1, 1, 1], u, new Tolerance(1e-12));
        // With 20 of B1's output going to inventories, Δ_B1,C1 = 30 / (80 − 20) and U_B1 = 1.5.
        var withInventories = Upstreamness.Compute(G, S, z, x, [0, 0, 20, 0, 0, 0]);
        Assert.Equal(1.5, withInventories[2], 12);
        Assert.Equal(1 + (20.0 / 60 * 1.5), withInventories[1], 12);
    }

    [Fact]
    public void A_sector_with_no_output_has_no_upstreamness()
    {
        var (z, _, x) = Table();
        x[5] = 0;
        Assert.True(double.IsNaN(Upstreamness.Compute(G, S, z, x)[5]));
    }

    [Fact]
    public void Arrays_of_the_wrong_size_are_refused_naming_the_argument()
    {
        var (z, f, x) = Table();
        var b = ValueAddedReferenceTests.Leontief(z, x);
        Assert.Equal("finalDemand", Assert.Throws<ArgumentOutOfRangeException>(() => ValueAddedDecomposition.Decompose(G, S, z, f[..^1], x, b)).ParamName);
        Assert.Equal("leontief", Assert.Throws<ArgumentOutOfRangeException>(() => ValueAdded.EmbodiedInFinalDemand(G, S, z, f, x, b[..^1])).ParamName);
        Assert.Equal("z", Assert.Throws<ArgumentOutOfRangeException>(() => Upstreamness.Compute(G, S, z[..^1], x)).ParamName);
        Assert.Equal("grossOutput", Assert.Throws<ArgumentOutOfRangeException>(() => Upstreamness.Compute(G + 1, S, z, x)).ParamName);
    }

    private sealed class Tolerance(double tol) : IEqualityComparer<double>
    {
        public bool Equals(double a, double b) => Math.Abs(a - b) <= tol;

        public int GetHashCode(double obj) => 0;
    }
}
