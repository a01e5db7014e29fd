using MathNet.Numerics.LinearAlgebra;

namespace Lianbo.Trade.InputOutput;

/// <summary>
/// Borin &amp; Mancini (2019), "Measuring what matters in global value chains and value-added trade", World Bank
/// Policy Research WP 8804: the source-based decomposition of gross exports, from the exporting country's
/// perspective, by exporting sector and importer. Every term is an N×G row-major array: row = exporting
/// country-sector i of country s, column = importer r (zero where r = s). Notation: v value-added coefficients,
/// B the global Leontief inverse, L_ss = (I − A_ss)⁻¹ the local one, B⁽ˢ⁾ the inverse of A with s's intermediate
/// exports removed (A_sj = 0 for j ≠ s), e_sr = Z_sr·1 + Y_sr the bilateral exports.
/// <para>
/// Gross = DVA + DDC + FVA + FDC holds exactly (v·B = 1′, whatever the table's row discrepancy), by sector and
/// importer. DVA = VAX1 + VAX2 + VAX3 + VAX4 + REF1 + REF2 holds when the table's rows balance (x = Z·1 + F·1);
/// WIOD's rounding leaves a residual of that order.
/// </para>
/// </summary>
public sealed class ExportDecomposition
{
    internal ExportDecomposition(int countries, int sectors)
    {
        Countries = countries;
        Sectors = sectors;
        var size = countries * sectors * countries;
        Gross = new double[size];
        Vax1 = new double[size];
        Vax2 = new double[size];
        Vax3 = new double[size];
        Vax4 = new double[size];
        Ref1 = new double[size];
        Ref2 = new double[size];
        Dva = new double[size];
        Ddc = new double[size];
        FvaFinal = new double[size];
        FvaIntermediate = new double[size];
        Fdc = new double[size];
    }

    public int Countries { get; }
    public int Sectors { get; }

    /// <summary>Gross exports e_sr = Z_sr·1 + Y_sr.</summary>
    public double[] Gross { get; }

    /// <summary>VAX1, DAVAX in final goods: (v_s L_ss) ∘ Y_sr, absorbed by the importer's final demand.</summary>
    public double[] Vax1 { get; }

    /// <summary>VAX2, DAVAX in intermediates: (v_s L_ss) ∘ A_sr L_rr Y_rr, absorbed by the importer's final demand
    /// through the importer's domestic production only.</summary>
    public double[] Vax2 { get; }

    /// <summary>VAX3: (v_s L_ss) ∘ A_sr L_rr Σ_{j≠r,s} Y_rj, in the importer's final-goods exports to third countries.</summary>
    public double[] Vax3 { get; }

    /// <summary>VAX4: (v_s L_ss) ∘ A_sr L_rr Σ_{j≠r} A_rj Σ_{l≠s} (B·Y)_jl, in the importer's intermediate exports,
    /// absorbed by any country but the exporter.</summary>
    public double[] Vax4 { get; }

    /// <summary>REF1, reflection in final goods: (v_s L_ss) ∘ A_sr L_rr Y_rs, returning home in the importer's final goods.</summary>
    public double[] Ref1 { get; }

    /// <summary>REF2, reflection in intermediates: (v_s L_ss) ∘ A_sr L_rr Σ_{j≠r} A_rj (B·Y)_js, returning home and
    /// absorbed there after further processing abroad.</summary>
    public double[] Ref2 { get; }

    /// <summary>DVA, domestic value added counted the first time it leaves the exporter: (v_s L_ss) ∘ e_sr.</summary>
    public double[] Dva { get; }

    /// <summary>DDC, domestic double counting: (v_s (B_ss − L_ss)) ∘ e_sr, domestic value added already exported once.</summary>
    public double[] Ddc { get; }

    /// <summary>FVA in final-goods exports: (Σ_{t≠s} v_t B⁽ˢ⁾_ts) ∘ Y_sr.</summary>
    public double[] FvaFinal { get; }

    /// <summary>FVA in intermediate exports: (Σ_{t≠s} v_t B⁽ˢ⁾_ts) ∘ Z_sr·1.</summary>
    public double[] FvaIntermediate { get; }

    /// <summary>FDC, foreign double counting: (Σ_{t≠s} v_t (B_ts − B⁽ˢ⁾_ts)) ∘ e_sr.</summary>
    public double[] Fdc { get; }

    /// <summary>DAVAX = VAX1 + VAX2, domestic value added directly absorbed by the importer.</summary>
    public double[] Davax => Add(Vax1, Vax2);

    /// <summary>FVA = FVA in final + FVA in intermediate exports.</summary>
    public double[] Fva => Add(FvaFinal, FvaIntermediate);

    /// <summary>A term summed over importers and sectors: one value per exporting country (G).</summary>
    public double[] ByExporter(double[] term)
    {
        var result = new double[Countries];
        for (var i = 0; i < Countries * Sectors; i++)
        {
            for (var r = 0; r < Countries; r++)
            {
                result[i / Sectors] += term[(i * Countries) + r];
            }
        }

        return result;
    }

    /// <summary>A term summed over importers: one value per exporting country-sector (N).</summary>
    public double[] ByExportingSector(double[] term)
    {
        var result = new double[Countries * Sectors];
        for (var i = 0; i < result.Length; i++)
        {
            for (var r = 0; r < Countries; r++)
            {
                result[i] += term[(i * Countries) + r];
            }
        }

        return result;
    }

    /// <summary>A term summed over sectors: exporter × importer (G×G, row-major).</summary>
    public double[] Bilateral(double[] term)
    {
        var result = new double[Countries * Countries];
        for (var i = 0; i < Countries * Sectors; i++)
        {
            for (var r = 0; r < Countries; r++)
            {
                result[((i / Sectors) * Countries) + r] += term[(i * Countries) + r];
            }
        }

        return result;
    }

    /// <summary>
    /// Borin &amp; Mancini's backward GVC participation per exporter: (DDC + FVA + FDC) / gross exports, the part of
    /// exports that crossed a border before (foreign content and domestic value added already exported once).
    /// </summary>
    public double[] BackwardParticipation() =>
        Share(Add(Add(Ddc, FvaFinal), Add(FvaIntermediate, Fdc)));

    /// <summary>
    /// Borin &amp; Mancini's forward GVC participation per exporter: (DVA − DAVAX) / gross exports, the domestic value
    /// added that crosses at least one more border after the importer (VAX3 + VAX4 + REF1 + REF2 on a balanced table).
    /// </summary>
    public double[] ForwardParticipation() => Share(Subtract(Dva, Davax));

    /// <summary>GVC-related trade share per exporter: 1 − DAVAX / gross exports = backward + forward.</summary>
    public double[] Participation() => Share(Subtract(Gross, Davax));

    private double[] Share(double[] term)
    {
        var numerator = ByExporter(term);
        var gross = ByExporter(Gross);
        return [.. numerator.Select((x, s) => gross[s] == 0 ? 0 : x / gross[s])];
    }

    private static double[] Add(double[] a, double[] b) => [.. a.Select((x, k) => x + b[k])];

    private static double[] Subtract(double[] a, double[] b) => [.. a.Select((x, k) => x - b[k])];
}

/// <summary>The Borin &amp; Mancini (2019) source-based decomposition of gross exports (see <see cref="ExportDecomposition"/>).</summary>
public static class ValueAddedDecomposition
{
    /// <summary>
    /// Decomposes every country's gross exports by exporting sector and importer. B⁽ˢ⁾ is not inverted per country:
    /// with A⁽ˢ⁾ = A − E_s·A_s,off (E_s selects s's rows) Woodbury gives Σ_{t≠s} v_t B⁽ˢ⁾_ts = g_s (I + H_s)⁻¹, where
    /// g_s = Σ_{t≠s} v_t B_ts and H_s = Σ_{j≠s} A_sj B_js (S×S), so the whole table costs a few N²·G products.
    /// </summary>
    public static ExportDecomposition Decompose(int countries, int sectors, double[] z, double[] finalDemand, double[] grossOutput, double[] leontief)
    {
        var (g, s) = (countries, sectors);
        var n = ValueAdded.Check(g, s, z, finalDemand, grossOutput, leontief);
        var v = ValueAdded.Coefficients(z, grossOutput);
        var a = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                a[(i * n) + j] = grossOutput[j] == 0 ? 0 : z[(i * n) + j] / grossOutput[j];
            }
        }

        // Local inverses L_cc = (I − A_cc)⁻¹.
        var local = new Matrix<double>[g];
        for (var c = 0; c < g; c++)
        {
            var block = Matrix<double>.Build.Dense(s, s, (k, m) => (k == m ? 1 : 0) - a[(((c * s) + k) * n) + (c * s) + m]);
            local[c] = block.Inverse();
        }

        // B·Y (N×G) and C = A_off·B·Y: row i of country r, Σ_{j∉r} a_ij (B·Y)_j,l (intermediate exports by where they end).
        var by = ValueAdded.Multiply(leontief, n, finalDemand, g);
        // A·(B·Y) by the blocked product, less each row's own country's part (a small block-diagonal product).
        var cOff = ValueAdded.Multiply(a, n, by, g);
        Parallel.For(0, n, i =>
        {
            var r = i / s;
            for (var j = r * s; j < (r + 1) * s; j++)
            {
                var aij = a[(i * n) + j];
                if (aij == 0)
                {
                    continue;
                }

                for (var l = 0; l < g; l++)
                {
                    cOff[(i * g) + l] -= aij * by[(j * g) + l];
                }
            }
        });

        // M_r = L_rr·Y_r· and K_r = L_rr·C_r· (S×G each), with their sums over destinations.
        var mr = new Matrix<double>[g];
        var kr = new Matrix<double>[g];
        for (var r = 0; r < g; r++)
        {
            mr[r] = local[r] * Matrix<double>.Build.Dense(s, g, (k, l) => finalDemand[(((r * s) + k) * g) + l]);
            kr[r] = local[r] * Matrix<double>.Build.Dense(s, g, (k, l) => cOff[(((r * s) + k) * g) + l]);
        }

        var mTotals = mr.Select(m => m.RowSums()).ToArray();
        var kTotals = kr.Select(m => m.RowSums()).ToArray();
        var result = new ExportDecomposition(g, s);
        // Each exporter writes its own rows of the result.
        Parallel.For(0, g, e =>
        {
            var (alpha, ddc, beta, fdc) = Coefficients(e, g, s, n, v, a, leontief, local[e]);
            for (var r = 0; r < g; r++)
            {
                if (r == e)
                {
                    continue;
                }

                var (mTotal, kTotal) = (mTotals[r], kTotals[r]);
                for (var k = 0; k < s; k++)
                {
                    var i = (e * s) + k;
                    double home = 0, third = 0, back = 0, onward = 0, backLater = 0, intermediate = 0;
                    for (var m = 0; m < s; m++)
                    {
                        var col = (r * s) + m;
                        var aim = a[(i * n) + col];
                        intermediate += z[(i * n) + col];
                        home += aim * mr[r][m, r];
                        back += aim * mr[r][m, e];
                        third += aim * (mTotal[m] - mr[r][m, r] - mr[r][m, e]);
                        backLater += aim * kr[r][m, e];
                        onward += aim * (kTotal[m] - kr[r][m, e]);
                    }

                    var final = finalDemand[(i * g) + r];
                    var gross = intermediate + final;
                    var at = (i * g) + r;
                    result.Gross[at] = gross;
                    result.Vax1[at] = alpha[k] * final;
                    result.Vax2[at] = alpha[k] * home;
                    result.Vax3[at] = alpha[k] * third;
                    result.Vax4[at] = alpha[k] * onward;
                    result.Ref1[at] = alpha[k] * back;
                    result.Ref2[at] = alpha[k] * backLater;
                    result.Dva[at] = alpha[k] * gross;
                    result.Ddc[at] = ddc[k] * gross;
                    result.FvaFinal[at] = beta[k] * final;
                    result.FvaIntermediate[at] = beta[k] * intermediate;
                    result.Fdc[at] = fdc[k] * gross;
                }
            }
        });

        return result;
    }

    // Per exporting sector of country e: α = v_e L_ee (DVA), v_e B_ee − α (DDC), β = Σ_{t≠e} v_t B⁽ᵉ⁾_te (FVA),
    // Σ_{t≠e} v_t B_te − β (FDC). The four add up to (v·B)_e = 1 for every sector.
    private static (double[] Alpha, double[] Ddc, double[] Beta, double[] Fdc) Coefficients(int e, int g, int s, int n, double[] v, double[] a, double[] b, Matrix<double> local)
    {
        var vLocal = Vector<double>.Build.Dense(s, k => v[(e * s) + k]) * local;
        var domestic = new double[s];
        var foreign = new double[s];
        var h = Matrix<double>.Build.Dense(s, s);
        for (var k = 0; k < s; k++)
        {
            var col = (e * s) + k;
            for (var t = 0; t < n; t++)
            {
                var term = v[t] * b[(t * n) + col];
                if (t / s == e)
                {
                    domestic[k] += term;
                }
                else
                {
                    foreign[k] += term;
                }
            }
        }

        // H = Σ_{j≠e} A_ej B_je.
        for (var k = 0; k < s; k++)
        {
            var row = (e * s) + k;
            for (var j = 0; j < n; j++)
            {
                var aj = a[(row * n) + j];
                if (aj == 0 || j / s == e)
                {
                    continue;
                }

                for (var m = 0; m < s; m++)
                {
                    h[k, m] += aj * b[(j * n) + (e * s) + m];
                }
            }
        }

        var beta = Vector<double>.Build.Dense(foreign) * (Matrix<double>.Build.DenseIdentity(s) + h).Inverse();
        var alpha = vLocal.ToArray();
        return (alpha, [.. domestic.Select((x, k) => x - alpha[k])], beta.ToArray(), [.. foreign.Select((x, k) => x - beta[k])]);
    }
}
