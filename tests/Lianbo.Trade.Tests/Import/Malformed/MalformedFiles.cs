using DuckDB.NET.Data;

namespace Lianbo.Trade.Tests.Import;

/// <summary>
/// One malformed file of the corpus beside this source (one folder per case, the file under the name its importer
/// expects), and what refusing it must say: the file as named, the line as a text editor counts it, the column.
/// This file is compiled into the trade, CLI and web tests, which each refuse every case their own way.
/// </summary>
/// <param name="Kind">baci, csv, pajek (as <c>lianbo trade import KIND</c> and <c>?kind=</c>) or indicators.</param>
/// <param name="Shown">How the error names the file when it is not the file's name (a zip's entry).</param>
public sealed record MalformedFile(string Case, string Kind, string Name, long? Line, string? Field, string Problem, string? Shown = null)
{
    public string Path => System.IO.Path.Combine(AppContext.BaseDirectory, "malformed", Case, Name);

    /// <summary>How the error begins, after the file's folder: "flows.csv, line 3, column exporter: ".</summary>
    public string Start => (Shown ?? Name) + (Line, Field) switch
    {
        ({ } line, { } column) => $", line {line}, column {column}: ",
        ({ } line, null) => $", line {line}: ",
        _ => ": ",
    };

    public override string ToString() => Case;
}

public static class MalformedFiles
{
    private const string Baci = "BACI_HS92_Y2021_V202301.csv";

    public static readonly MalformedFile[] All =
    [
        new("baci-stray-year", "baci", Baci, 4, "t", "the year 2020 is not the year of the file (2021, as its name says)"),
        new("baci-duplicate", "baci", Baci, 7, null, "the same flow (t 2021, i 4, j 24, k 481890) is already on line 3"),
        new("baci-value-1e300", "baci", Baci, 3, "v", "1E+300 is larger than any trade flow can be"),
        new("baci-value-nan", "baci", Baci, 4, "v", "the value NaN is negative or not a number"),
        new("baci-value-infinity", "baci", Baci, 5, "v", "the value Infinity is negative or not a number"),
        new("baci-value-negative", "baci", Baci, 6, "v", "the value -3 is negative or not a number"),
        new("baci-header-only", "baci", Baci, null, null, "the file has a header but no rows"),
        new("baci-latin1", "baci", Baci, 3, null, "the line is not UTF-8 text (byte 0xE9)"),
        new("baci-truncated", "baci", Baci, 7, null, "expected 6 columns, found 4"),
        new("baci-open-quote", "baci", Baci, 4, "v", "the quotation mark that opens field 5 is not closed on this line"),
        new("baci-stray-quote", "baci", Baci, 5, "v", "field 5 has a quotation mark out of place"),
        new("baci-blank-line", "baci", Baci, 3, null, "the line is empty but rows follow it"),
        new("baci-not-text", "baci", Baci, 1, null, "the line holds a NUL byte: this is not a text file"),
        new("baci-unknown-country", "baci", Baci, 6, "j", "the country code 999 is not in the country dictionary"),
        new("baci-empty", "baci", Baci, 1, null, "the first line must be the header (the column names)"),
        new("baci-mixed-endings", "baci", Baci, 5, "v", "\"oops\" is not a number"),
        new("baci-zip-not-a-zip", "baci", "BACI_HS92_V202301.zip", null, null, "not a zip archive that can be read"),
        new("baci-zip-stray-year", "baci", "BACI_HS92_V202301.zip", 3, "t", "the year 2020 is not the year of the file (2021, as its name says)",
            Shown: "BACI_HS92_V202301.zip!" + Baci),
        new("csv-country-xxx", "csv", "flows.csv", 3, "exporter", "\"XXX\" is not an ISO 3166-1 alpha-3 country code"),
        new("csv-country-numeric", "csv", "flows.csv", 4, "importer", "\"156\" is not an ISO 3166-1 alpha-3 country code"),
        new("csv-country-formula", "csv", "flows.csv", 2, "exporter", "\"=HYPERLINK(\"http://example.com\",\"CHN\")\" is not an ISO 3166-1 alpha-3 country code"),
        new("csv-column-count", "csv", "flows.csv", 4, null, "expected 5 columns, found 4"),
        new("csv-header-only", "csv", "flows.csv", null, null, "the file has a header but no rows"),
        new("csv-stray-year", "csv", "flows-2021.csv", 5, "year", "the year 2020 is not the year of the file (2021, as its name says)"),
        new("csv-duplicate", "csv", "flows.csv", 6, null, "the same flow (year 2021, exporter CHN, importer USA, product 854231) is already on line 2"),
        new("csv-latin1", "csv", "flows.csv", 3, null, "the line is not UTF-8 text (byte 0xE9)"),
        new("csv-value-1e300", "csv", "flows.csv", 3, "value", "1E+300 is larger than any trade flow can be"),
        new("pajek-unknown-label", "pajek", "trade-2000.net", 3, null, "\"Germany\" is not an ISO 3166-1 alpha-3 country code"),
        new("pajek-bad-arc", "pajek", "trade-2000.net", 8, null, "an arc is \"FROM TO [WEIGHT]\" with FROM and TO between 1 and 3"),
        new("pajek-bad-weight", "pajek", "trade-2000.net", 7, null, "the value -4 is negative or not a number"),
        new("pajek-latin1", "pajek", "trade-2000.net", 3, null, "the line is not UTF-8 text (byte 0xD4)"),
        new("pajek-no-arcs", "pajek", "trade-2000.net", null, null, "the file has a header but no rows"),
        new("indicators-unknown-id", "indicators", "indicators.csv", 3, null, "\"wb.lpii\" is not an indicator that can be imported"),
        new("indicators-latin1", "indicators", "indicators.csv", 3, null, "the line is not UTF-8 text (byte 0xF4)"),
        new("indicators-header-only", "indicators", "indicators.csv", null, null, "the file has a header but no values"),
        new("indicators-bad-value", "indicators", "indicators.csv", 3, null, "the value \"1e400\" is not a number"),
        new("indicators-empty", "indicators", "indicators.csv", 1, null, "the first line must be the header (the column names)"),
        new("indicators-not-text", "indicators", "indicators.csv", 1, null, "the line holds a NUL byte: this is not a text file"),
    ];

    public static TheoryData<string> Cases => [.. All.Select(c => c.Case)];

    public static MalformedFile Get(string name) => All.Single(c => c.Case == name);

    /// <summary>
    /// Every table of the trade store (catalogue, flows, codes, indicators, indices) with its row count and a hash of
    /// all its rows: equal before and after a refused import when the store is row for row as it was.
    /// </summary>
    public static async Task<string> FingerprintAsync(string storePath, CancellationToken ct)
    {
        if (!File.Exists(storePath))
        {
            return "(no store)";
        }

        await using var connection = new DuckDBConnection($"Data Source={storePath}");
        await connection.OpenAsync(ct);
        var tables = new List<string>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT table_name FROM duckdb_tables() WHERE NOT temporary ORDER BY table_name";
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                tables.Add(reader.GetString(0));
            }
        }

        var lines = new List<string>();
        foreach (var table in tables)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT count(*), coalesce(sum(hash(t)), 0) FROM \"{table}\" t";
            await using var reader = await command.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            lines.Add($"{table}: {reader.GetInt64(0)} rows, {reader.GetValue(1)}");
        }

        return string.Join("\n", lines);
    }
}
