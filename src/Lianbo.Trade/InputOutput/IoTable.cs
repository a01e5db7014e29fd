namespace Lianbo.Trade.InputOutput;

/// <summary>
/// One year of a multi-regional input–output table, in the shape every input–output measure reads. Rows and columns
/// are country × sector, country-major (row <c>c * S + s</c> is sector <c>Sectors[s]</c> of country
/// <c>Countries[c]</c>); money in the table's unit (USD millions for WIOD).
/// </summary>
/// <param name="Source">The table's publisher, e.g. <c>WIOD</c>.</param>
/// <param name="Release">The release, e.g. <c>2013</c>.</param>
/// <param name="Year">The year the flows are for.</param>
/// <param name="Countries">ISO 3166-1 alpha-3 codes, the rest of the world last as <c>ROW</c>.</param>
/// <param name="Sectors">The table's industry codes (WIOD 2013: c1..c35).</param>
/// <param name="Z">Intermediate flows, N × N row-major (N = countries × sectors): Z[i*N+j] is what row i sells to column j.</param>
/// <param name="FinalDemand">Final use, N × countries row-major: what row i sells to the final demand of each destination
/// country, its categories (households, NPISH, government, investment, inventories) summed.</param>
/// <param name="GrossOutput">The table's own gross-output column (not the row sums, which differ by rounding): the x every
/// measure divides by.</param>
/// <param name="ValueAdded">Gross output minus the column sums of Z (value added at basic prices plus taxes, margins and
/// international transport as the table books them).</param>
public sealed record IoTable(
    string Source, string Release, int Year, string[] Countries, string[] Sectors,
    double[] Z, double[] FinalDemand, double[] GrossOutput, double[] ValueAdded)
{
    /// <summary>
    /// Net changes in inventories by supplying row (N, summed over destinations), where the table splits final use by
    /// category; included in <see cref="FinalDemand"/>. Upstreamness uses it for Antràs et al.'s inventory adjustment.
    /// </summary>
    public double[]? Inventories { get; init; }

    /// <summary>Rows (and columns) of Z: countries × sectors.</summary>
    public int N => Countries.Length * Sectors.Length;

    /// <summary>The table from its flows, with <see cref="ValueAdded"/> derived as x − column sums of Z.</summary>
    public static IoTable Create(string source, string release, int year, string[] countries, string[] sectors, double[] z, double[] finalDemand, double[] grossOutput)
    {
        var n = countries.Length * sectors.Length;
        if (z.Length != n * n || finalDemand.Length != n * countries.Length || grossOutput.Length != n)
        {
            throw new ArgumentException($"An input–output table of {countries.Length} countries × {sectors.Length} sectors needs Z of {n}², final demand of {n} × {countries.Length} and gross output of {n} values.");
        }

        var va = (double[])grossOutput.Clone();
        for (var i = 0; i < n; i++)
        {
            var row = i * n;
            for (var j = 0; j < n; j++)
            {
                va[j] -= z[row + j];
            }
        }

        return new IoTable(source, release, year, countries, sectors, z, finalDemand, grossOutput, va);
    }

    /// <summary>The row of a country × sector, or −1.</summary>
    public int Index(string country, string sector)
    {
        var c = Array.IndexOf(Countries, country);
        var s = Array.IndexOf(Sectors, sector);
        return c < 0 || s < 0 ? -1 : c * Sectors.Length + s;
    }

    /// <summary>Total final use of each row (over all destinations and categories): the f of x = Z·1 + f.</summary>
    public double[] FinalDemandTotal()
    {
        var m = Countries.Length;
        var f = new double[N];
        for (var i = 0; i < f.Length; i++)
        {
            var sum = 0.0;
            for (var d = 0; d < m; d++)
            {
                sum += FinalDemand[i * m + d];
            }

            f[i] = sum;
        }

        return f;
    }

    /// <summary>
    /// The rows where intermediate plus final use differs from gross output by more than the tolerance
    /// |Z·1 + f − x| ≤ max(<paramref name="relative"/> · x, <paramref name="perCell"/> · (k + 1)), k the row's non-zero
    /// cells in Z and final demand. The defaults (0.5%, 0.5) allow for the integer rounding of the stored cells (each off
    /// by up to half a unit) plus a half-percent for the table's own balancing; see docs/methods-io.md.
    /// </summary>
    public IReadOnlyList<IdentityViolation> CheckIdentity(double relative = 0.005, double perCell = 0.5)
    {
        var n = N;
        var m = Countries.Length;
        var violations = new List<IdentityViolation>();
        for (var i = 0; i < n; i++)
        {
            double intermediate = 0, final = 0;
            var cells = 1;
            for (var j = 0; j < n; j++)
            {
                var v = Z[i * n + j];
                intermediate += v;
                cells += v != 0 ? 1 : 0;
            }

            for (var d = 0; d < m; d++)
            {
                var v = FinalDemand[i * m + d];
                final += v;
                cells += v != 0 ? 1 : 0;
            }

            var difference = intermediate + final - GrossOutput[i];
            var tolerance = Math.Max(relative * Math.Abs(GrossOutput[i]), perCell * cells);
            if (Math.Abs(difference) > tolerance)
            {
                violations.Add(new IdentityViolation(Countries[i / Sectors.Length], Sectors[i % Sectors.Length], intermediate, final, GrossOutput[i], difference, tolerance));
            }
        }

        return violations;
    }
}

/// <summary>A row where intermediate + final use ≠ gross output beyond the tolerance: Difference = Intermediate + Final − GrossOutput.</summary>
public sealed record IdentityViolation(string Country, string Sector, double Intermediate, double Final, double GrossOutput, double Difference, double Tolerance);
