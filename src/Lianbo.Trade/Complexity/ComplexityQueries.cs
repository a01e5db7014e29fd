using System.Globalization;
using Lianbo.Trade.Store;

namespace Lianbo.Trade.Complexity;

/// <summary>Reads what complexity needs from the trade store: one year's exports by country and product at an HS level.</summary>
public static class ComplexityQueries
{
    /// <summary>The HS levels a product dimension can be cut at: chapters, headings, subheadings.</summary>
    public static readonly IReadOnlyList<int> Levels = [2, 4, 6];

    /// <summary>How many stored product numbers one code of <paramref name="digits"/> digits covers (HS 0106 is 10600–10699).</summary>
    public static int Scale(int digits) => digits switch
    {
        2 => 10_000,
        4 => 100,
        6 => 1,
        _ => throw new ArgumentOutOfRangeException(nameof(digits), TradeText.Format("HsLevelInvalid", digits)),
    };

    /// <summary>
    /// Exports x_cp of one stored year: each exporter's value summed over importers, by product cut to
    /// <paramref name="digits"/> digits. Countries are the store's (ISO alpha-3); a country's trade with itself
    /// (two source codes of one country) is left out, as in the country network.
    /// </summary>
    public static async Task<ExportMatrix> ExportMatrixAsync(TradeStore store, DatasetInfo dataset, int digits, CancellationToken ct = default)
    {
        var scale = Scale(digits);
        if (!dataset.HasProducts)
        {
            throw new InvalidOperationException(TradeText.Format("NoProducts", dataset.Key));
        }

        await using var connection = store.Open();
        var table = await TradeStore.TableOfAsync(connection, dataset.Key, ct) ?? throw new InvalidOperationException(TradeText.Format("NoDataset", dataset.Key));
        await using var command = connection.CreateCommand();
        command.CommandText = string.Create(CultureInfo.InvariantCulture, $"""
            SELECT ce.country, CAST(f.product // {scale} AS INTEGER) AS hs, sum(f.value)
            FROM {table} f
            JOIN country_codes ce ON ce.source = $source AND ce.revision = $revision AND ce.year = $year AND ce.code = f.exporter
            JOIN country_codes ci ON ci.source = $source AND ci.revision = $revision AND ci.year = $year AND ci.code = f.importer
            WHERE ce.country <> ci.country
            GROUP BY ce.country, hs
            """);
        TradeStore.AddKey(command, dataset.Key);
        var triples = new List<(string, string, double)>();
        var format = "D" + digits.ToString(CultureInfo.InvariantCulture);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            triples.Add((reader.GetString(0), reader.GetInt32(1).ToString(format, CultureInfo.InvariantCulture), reader.GetDouble(2)));
        }

        return ExportMatrix.FromTriples(triples);
    }
}
