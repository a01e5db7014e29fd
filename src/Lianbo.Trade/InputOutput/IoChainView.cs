namespace Lianbo.Trade.InputOutput;

/// <summary>One stage of a chain and the table's industries the stage map links to it, in the table's order.</summary>
public sealed record IoChainStage(string Stage, IReadOnlyList<string> Sectors);

/// <summary>
/// A chain seen through one input–output table: the industries its stages are mapped to, summed over every country of
/// the table (money in the table's unit, USD millions for WIOD). An industry feeding several stages counts once.
/// </summary>
/// <param name="Sectors">The linked industries, each once, in the table's order.</param>
/// <param name="GrossOutput">World gross output of those industries: the table's own gross-output column, summed.</param>
/// <param name="ValueAdded">World value added of those industries (the table's value added: gross output minus intermediate inputs).</param>
/// <param name="ChinaOutputShare">China's (CHN) share of <see cref="GrossOutput"/>; null when the table has no CHN or the output is zero.</param>
/// <param name="ChinaValueAddedShare">China's share of <see cref="ValueAdded"/>; null likewise.</param>
/// <param name="TopCountries">The five countries with the most value added in those industries (ties by code), with their share of the world's.</param>
/// <param name="Upstreamness">Upstreamness of the rows (country × linked industry) weighted by their gross output; rows without output are left out; null when none has output.</param>
/// <param name="Stages">Each mapped stage with its industries, in the order the stage map first names them.</param>
public sealed record IoChainSummary(
    string Chain, string Source, string Release, int Year, IReadOnlyList<string> Sectors,
    double GrossOutput, double ValueAdded, double? ChinaOutputShare, double? ChinaValueAddedShare,
    IReadOnlyList<IoCountryShare> TopCountries, double? Upstreamness, IReadOnlyList<IoChainStage> Stages);

/// <summary>What the annual report shows of a chain on an input–output table (docs/methods-io.md §7).</summary>
public static class IoChainView
{
    /// <summary>How many countries <see cref="IoChainSummary.TopCountries"/> lists.</summary>
    public const int TopCount = 5;

    private const string China = "CHN";

    /// <summary>
    /// The chain's industries through <see cref="IoAnalysis.StageMap"/>, summed over every country; null when no industry
    /// of the table is linked to the chain (a chain the map leaves out, or a table without a map). The sums are those of
    /// <see cref="IoAnalysis.Industry"/>'s rows over the linked industries.
    /// </summary>
    public static IoChainSummary? Of(IoAnalysis analysis, string chainId)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        var table = analysis.Table;
        var links = analysis.StageMap.Where(l => l.Chain == chainId && Array.IndexOf(table.Sectors, l.Sector) >= 0).ToList();
        if (links.Count == 0)
        {
            return null;
        }

        int Position(string sector) => Array.IndexOf(table.Sectors, sector);
        var sectors = links.Select(l => l.Sector).Distinct().OrderBy(Position).ToList();
        var stages = links.GroupBy(l => l.Stage)
            .Select(g => new IoChainStage(g.Key, [.. g.Select(l => l.Sector).Distinct().OrderBy(Position)]))
            .ToList();

        var countries = table.Countries.Length;
        var size = table.Sectors.Length;
        var output = new double[countries];
        var valueAdded = new double[countries];
        double weighted = 0, weights = 0;
        var upstreamness = analysis.Upstreamness;
        foreach (var s in sectors.Select(Position))
        {
            for (var c = 0; c < countries; c++)
            {
                var row = c * size + s;
                output[c] += table.GrossOutput[row];
                valueAdded[c] += table.ValueAdded[row];
                // Upstreamness is NaN where a row has no output to place; such rows weigh nothing anyway.
                if (table.GrossOutput[row] > 0 && !double.IsNaN(upstreamness[row]))
                {
                    weighted += table.GrossOutput[row] * upstreamness[row];
                    weights += table.GrossOutput[row];
                }
            }
        }

        var (worldOutput, worldValueAdded) = (output.Sum(), valueAdded.Sum());
        var china = Array.IndexOf(table.Countries, China);
        double? Share(double[] values, double world) => china < 0 || world == 0 ? null : values[china] / world;
        var top = Enumerable.Range(0, countries)
            .Select(c => new IoCountryShare(table.Countries[c], valueAdded[c], worldValueAdded == 0 ? 0 : valueAdded[c] / worldValueAdded))
            .OrderByDescending(x => x.Value).ThenBy(x => x.Country, StringComparer.Ordinal)
            .Take(TopCount)
            .ToList();

        return new IoChainSummary(chainId, table.Source, table.Release, table.Year, sectors, worldOutput, worldValueAdded,
            Share(output, worldOutput), Share(valueAdded, worldValueAdded), top, weights > 0 ? weighted / weights : null, stages);
    }
}
