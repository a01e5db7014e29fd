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
        var countryOf = new Dictionary<int, string>();
        await using (var codes = connection.CreateCommand())
        {
            codes.CommandText = "SELECT code, country FROM country_codes WHERE source = $source AND revision = $revision AND year = $year";
            TradeStore.AddKey(codes, dataset.Key);
            await using var reader = await codes.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                countryOf[reader.GetInt32(0)] = reader.GetString(1);
            }
        }

        // Summed by the stored exporter code, not by country: grouping the year's rows on integers costs DuckDB far less
        // than joining every row with the mapping and grouping on text. The few codes that share a country (BACI 56
        // and 58) are added together here; their trade with each other is left out in SQL, as is any importer the
        // mapping does not know (as the join on both sides did).
        await using var command = connection.CreateCommand();
        command.CommandText = string.Create(CultureInfo.InvariantCulture, $"""
            WITH codes AS (SELECT code, country FROM country_codes WHERE source = $source AND revision = $revision AND year = $year)
            SELECT f.exporter, CAST(f.product // {scale} AS INTEGER) AS hs, sum(f.value)
            FROM {table} f
            WHERE f.importer IN (SELECT code FROM codes)
              AND (f.exporter, f.importer) NOT IN (SELECT (a.code, b.code) FROM codes a JOIN codes b ON a.country = b.country)
            GROUP BY ALL
            """);
        TradeStore.AddKey(command, dataset.Key);
        var sums = new List<(int Code, int Product, double Value)>();
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                var (code, value) = (reader.GetInt32(0), reader.GetDouble(2));
                if (value > 0 && countryOf.ContainsKey(code))
                {
                    sums.Add((code, reader.GetInt32(1), value));
                }
            }
        }

        return Matrix(sums, countryOf, digits);
    }

    // The dense matrix of the positive sums, as ExportMatrix.FromTriples makes it, keyed on numbers: products of one
    // level have one width, so their numeric order is the ordinal order of their codes.
    private static ExportMatrix Matrix(List<(int Code, int Product, double Value)> sums, Dictionary<int, string> countryOf, int digits)
    {
        var codes = sums.Select(s => s.Code).Distinct().ToList();
        var countries = codes.Select(c => countryOf[c]).Distinct().Order(StringComparer.Ordinal).ToArray();
        var numbers = sums.Select(s => s.Product).Distinct().Order().ToArray();
        var countryIndex = codes.ToDictionary(c => c, c => Array.BinarySearch(countries, countryOf[c], StringComparer.Ordinal));
        var productIndex = numbers.Select((n, i) => (n, i)).ToDictionary(p => p.n, p => p.i);
        var values = new double[countries.Length * numbers.Length];
        foreach (var (code, product, value) in sums)
        {
            values[countryIndex[code] * numbers.Length + productIndex[product]] += value;
        }

        var format = "D" + digits.ToString(CultureInfo.InvariantCulture);
        return new ExportMatrix(countries, [.. numbers.Select(n => n.ToString(format, CultureInfo.InvariantCulture))], values);
    }
}
