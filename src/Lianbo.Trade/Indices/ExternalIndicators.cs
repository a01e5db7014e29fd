using System.Globalization;
using System.Text.RegularExpressions;
using DuckDB.NET.Data;
using Lianbo.Trade.Import;
using Lianbo.Trade.Store;

namespace Lianbo.Trade.Indices;

/// <summary>What the store holds of one imported indicator.</summary>
public sealed record IndicatorSummary(string Indicator, long Values, int Countries, int FirstYear, int LastYear, string Sources);

/// <summary>
/// Indicators from outside the trade data (World Bank LPI, UNCTAD LSCI, tariffs, R&amp;D, credit, …), imported from
/// CSV files with the columns <c>country,year,indicator,value,source</c> (any order, other columns ignored) into the
/// trade store's table <c>indicator_values</c>. Every line is checked before anything is written: a file with one bad
/// line is refused with that line's number, and the store keeps what it had. A value for an (indicator, country, year)
/// already stored is replaced. Only the indicators the catalogue (<c>data/indices/indicators.csv</c>) marks as imported
/// are taken: an id the indices do not use would be stored and never read. The file must be UTF-8: one that is not
/// may be Latin-1 or Windows-1252 (Excel on Western Windows) or GB18030 (Excel on Chinese Windows), which the bytes
/// cannot tell apart, and a wrong guess would store garbled source names without a word; its first such line is named.
/// </summary>
public sealed partial class ExternalIndicators(TradeStore store) : IIndicatorSource
{
    private static readonly string[] Columns = ["country", "year", "indicator", "value", "source"];

    [GeneratedRegex("^[a-z0-9][a-z0-9_.-]{0,63}$")]
    private static partial Regex IndicatorId();

    /// <summary>The ids the catalogue marks as imported (origin "imported"), in its order.</summary>
    internal static IReadOnlyList<string> Importable { get; } = [.. IndicatorCatalogue.All.Where(e => e.Origin == "imported").Select(e => e.Id)];

    public async Task<IReadOnlyList<IndicatorSummary>> ImportAsync(string path, CancellationToken ct = default)
    {
        var values = Read(path, TradeIndicatorSource.IsoCountries(), ct);
        var file = Path.GetFileName(path);
        await StoreAsync([.. values.Select(v => (v, file))], [], ct);
        var imported = values.Select(v => v.Indicator).ToHashSet(StringComparer.Ordinal);
        return [.. (await ListAsync(ct)).Where(s => imported.Contains(s.Indicator))];
    }

    /// <summary>
    /// Stores values in one transaction, each with the file it came from: first every value stored from one of
    /// <paramref name="replaceFiles"/> is removed (a shipped file loaded again leaves nothing of its older version),
    /// then a value for an (indicator, country, year) already stored is replaced.
    /// </summary>
    internal async Task StoreAsync(IReadOnlyList<(IndicatorValue Value, string File)> values, IReadOnlyCollection<string> replaceFiles, CancellationToken ct)
    {
        await using var connection = store.Open();
        await store.InitialiseAsync(connection, ct);
        await TradeStore.ExecuteAsync(connection, "BEGIN TRANSACTION", ct);
        try
        {
            var staged = "indicators_" + Guid.NewGuid().ToString("N");
            await TradeStore.ExecuteAsync(connection, $"CREATE TEMP TABLE {staged} (indicator VARCHAR, country VARCHAR, year INTEGER, value DOUBLE, source VARCHAR, file_name VARCHAR)", ct);
            using (var appender = connection.CreateAppender(staged))
            {
                foreach (var (v, file) in values)
                {
                    appender.CreateRow().AppendValue(v.Indicator).AppendValue(v.Country).AppendValue(v.Year).AppendValue(v.Value).AppendValue(v.Source).AppendValue(file).EndRow();
                }
            }

            var replaced = replaceFiles.Count == 0 ? "" : $"DELETE FROM indicator_values WHERE file_name IN ({string.Join(", ", replaceFiles.Select(TradeStore.Literal))});";
            await TradeStore.ExecuteAsync(connection, $"""
                {replaced}
                DELETE FROM indicator_values i USING {staged} s WHERE i.indicator = s.indicator AND i.country = s.country AND i.year = s.year;
                INSERT INTO indicator_values SELECT indicator, country, year, value, source, file_name, now()::TIMESTAMP FROM {staged};
                DROP TABLE {staged};
                """, ct);
            await TradeStore.ExecuteAsync(connection, "COMMIT", ct);
            store.NotifyChanged();
        }
        catch
        {
            await TradeStore.ExecuteAsync(connection, "ROLLBACK", CancellationToken.None);
            throw;
        }
    }

    /// <summary>Reads and checks a whole file; the first bad line is reported with its number (1 is the header).</summary>
    internal static List<IndicatorValue> Read(string path, IReadOnlySet<string> countries, CancellationToken ct = default)
    {
        var file = Path.GetFileName(path);
        if (!File.Exists(path))
        {
            throw new TradeDataException(path, null, TradeText.Format("FileNotFound"));
        }

        var lines = TextLines.ReadUtf8(path, file, ct);
        if (lines.Count == 0)
        {
            throw new TradeDataException(file, 1, TradeText.Format("HeaderMissing"));
        }

        var header = CsvLine.Split(lines[0]).Select(h => h.Trim().ToLowerInvariant()).ToList();
        if (Columns.FirstOrDefault(c => !header.Contains(c)) is { } missing)
        {
            throw new TradeDataException(file, 1, TradeText.Format("ColumnMissing", missing, lines[0]));
        }

        var at = Columns.Select(c => header.IndexOf(c)).ToArray();
        var values = new List<IndicatorValue>();
        var seen = new Dictionary<(string, string, int), int>();
        for (var n = 1; n < lines.Count; n++)
        {
            if (lines[n].Trim().Length == 0)
            {
                continue;
            }

            var line = n + 1;
            var f = CsvLine.Split(lines[n]);
            if (f.Count != header.Count)
            {
                throw new TradeDataException(file, line, TradeText.Format("ColumnCount", header.Count, f.Count));
            }

            var (country, yearText, indicator, valueText, source) = (f[at[0]].Trim().ToUpperInvariant(), f[at[1]].Trim(), f[at[2]].Trim(), f[at[3]].Trim(), f[at[4]].Trim());
            var year = 0;
            var value = 0.0;
            var problem =
                !countries.Contains(country) ? TradeText.Format("IndicatorCountry", country)
                : !int.TryParse(yearText, NumberStyles.None, CultureInfo.InvariantCulture, out year) || year is < 1900 or > 2100 ? TradeText.Format("BadYear", yearText)
                : !IndicatorId().IsMatch(indicator) ? TradeText.Format("IndicatorId", indicator)
                : indicator.StartsWith("trade.", StringComparison.Ordinal) || indicator == TradeIndicatorSource.Gdp ? TradeText.Format("IndicatorReserved", indicator)
                : !Importable.Contains(indicator) ? TradeText.Format("IndicatorUnknown", indicator, string.Join(", ", Importable))
                : !double.TryParse(valueText, NumberStyles.Float, CultureInfo.InvariantCulture, out value) || !double.IsFinite(value) ? TradeText.Format("IndicatorValue", valueText)
                : source.Length == 0 ? TradeText.Format("IndicatorSource")
                : seen.TryGetValue((indicator, country, year), out var first) ? TradeText.Format("IndicatorDuplicate", indicator, country, year, first)
                : null;
            if (problem is not null)
            {
                throw new TradeDataException(file, line, problem);
            }

            seen[(indicator, country, year)] = line;
            values.Add(new IndicatorValue(indicator, country, year, value, source));
        }

        if (values.Count == 0)
        {
            throw new TradeDataException(file, null, TradeText.Format("IndicatorNoRows"));
        }

        return values;
    }

    public async Task<IReadOnlyList<IndicatorValue>> ReadAsync(IReadOnlySet<string> indicators, CancellationToken ct = default)
    {
        await using var connection = store.Open();
        await store.InitialiseAsync(connection, ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT indicator, country, year, value, source FROM indicator_values";
        var values = new List<IndicatorValue>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            if (indicators.Contains(reader.GetString(0)))
            {
                values.Add(new IndicatorValue(reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.GetDouble(3), reader.GetString(4)));
            }
        }

        return values;
    }

    public async Task<IReadOnlyList<IndicatorSummary>> ListAsync(CancellationToken ct = default)
    {
        await using var connection = store.Open();
        await store.InitialiseAsync(connection, ct);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT indicator, count(*), count(DISTINCT country), min(year), max(year), string_agg(DISTINCT source, '; ' ORDER BY source)
            FROM indicator_values GROUP BY indicator ORDER BY indicator
            """;
        var list = new List<IndicatorSummary>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            list.Add(new IndicatorSummary(reader.GetString(0), reader.GetInt64(1), (int)reader.GetInt64(2), reader.GetInt32(3), reader.GetInt32(4), reader.GetString(5)));
        }

        return list;
    }

    internal static Task CreateTablesAsync(DuckDBConnection connection, CancellationToken ct) =>
        TradeStore.ExecuteAsync(connection, """
            CREATE TABLE IF NOT EXISTS indicator_values (
                indicator VARCHAR NOT NULL, country VARCHAR NOT NULL, year INTEGER NOT NULL, value DOUBLE NOT NULL,
                source VARCHAR NOT NULL, file_name VARCHAR NOT NULL, imported_at TIMESTAMP NOT NULL)
            """, ct);
}
