using System.Globalization;
using DuckDB.NET.Data;
using Lianbo.Trade.Store;

namespace Lianbo.Trade.Import;

/// <summary>Which column of a generic CSV holds what; product and quantity are optional, and so is year when given as a number.</summary>
public sealed record CsvColumnMapping(string? Year, string Exporter, string Importer, string? Product, string Value, string? Quantity = null)
{
    public const string Default = "year=year,exporter=exporter,importer=importer,product=product,value=value";

    /// <summary>Reads <c>year=Year,exporter=Reporter,importer=Partner,product=HS6,value=Value</c>; unnamed optional fields are absent.</summary>
    public static CsvColumnMapping Parse(string text)
    {
        var pairs = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || eq == part.Length - 1 || !Fields.Contains(part[..eq].Trim(), StringComparer.OrdinalIgnoreCase))
            {
                throw new FormatException(TradeText.Format("MappingInvalid", part, string.Join(", ", Fields)));
            }

            pairs[part[..eq].Trim()] = part[(eq + 1)..].Trim();
        }

        string Required(string field) => pairs.GetValueOrDefault(field) ?? throw new FormatException(TradeText.Format("MappingMissing", field));
        return new CsvColumnMapping(pairs.GetValueOrDefault("year"), Required("exporter"), Required("importer"), pairs.GetValueOrDefault("product"),
            Required("value"), pairs.GetValueOrDefault("quantity"));
    }

    private static readonly string[] Fields = ["year", "exporter", "importer", "product", "value", "quantity"];
}

/// <summary>Options for a generic CSV import.</summary>
/// <param name="Year">The year of every row, for files without a year column.</param>
public sealed record CsvImportOptions(CsvColumnMapping Columns, int? Year = null, string Source = "CSV", string Revision = "none", string Unit = "as in the file", char Delimiter = ',');

/// <summary>
/// Imports a generic CSV (a header line, then one flow per line) through a column mapping. Exporters and importers
/// are country codes as text (ISO alpha-3 expected, kept as given in upper case); products are HS codes, leading
/// zeros or not. Rows are checked before anything is stored and the first bad one is reported with its line.
/// </summary>
public static class CsvImporter
{
    public static Task<IReadOnlyList<DatasetInfo>> ImportAsync(
        TradeStore store, string path, CsvImportOptions options, IProgress<ImportProgress>? progress = null, CancellationToken ct = default)
    {
        if (!File.Exists(path))
        {
            throw new TradeDataException(path, null, TradeText.Format("FileNotFound"));
        }

        var columns = options.Columns;
        if (columns.Year is null && options.Year is null)
        {
            throw new TradeDataException(path, null, TradeText.Format("YearUnknown"));
        }

        var header = CsvLine.Split(CsvLine.FirstLine(path).Replace(options.Delimiter, ',')).Select(h => h.Trim()).ToList();
        foreach (var column in new[] { columns.Year, columns.Exporter, columns.Importer, columns.Product, columns.Value, columns.Quantity }.OfType<string>())
        {
            if (!header.Contains(column, StringComparer.Ordinal))
            {
                throw new TradeDataException(path, 1, TradeText.Format("ColumnMissing", column, string.Join(",", header)));
            }
        }

        var source = new DatasetSource(options.Source, options.Revision, Path.GetFileName(path), null, options.Unit, Generated: false, HasProducts: columns.Product is not null);
        return store.ImportAsync(session => ImportAsync(session, path, options, source, progress, ct), ct);
    }

    private static async Task ImportAsync(ImportSession session, string path, CsvImportOptions options, DatasetSource source, IProgress<ImportProgress>? progress, CancellationToken ct)
    {
        var columns = options.Columns;
        static string Id(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        string Text(string? column) => column is null ? "NULL::VARCHAR" : $"trim({Id(column)})";

        // Read as text with line numbers first: a generic file's values are checked here, where each row's line is known.
        var raw = "raw_" + Guid.NewGuid().ToString("N");
        await TradeStore.ExecuteAsync(session.Connection, "SET preserve_insertion_order = true", ct);
        try
        {
            await TradeStore.ExecuteAsync(session.Connection, $"""
                CREATE TABLE {raw} AS
                SELECT row_number() OVER () + 1 AS line,
                       {(columns.Year is null ? string.Create(CultureInfo.InvariantCulture, $"'{options.Year}'") : Text(columns.Year))} AS year,
                       upper({Text(columns.Exporter)}) AS exporter, upper({Text(columns.Importer)}) AS importer,
                       {Text(columns.Product)} AS product, {Text(columns.Value)} AS value, {Text(columns.Quantity)} AS quantity
                FROM read_csv({TradeStore.Literal(path)}, header = true, all_varchar = true, delim = {TradeStore.Literal(options.Delimiter.ToString())}, quote = '"')
                """, ct);
        }
        catch (DuckDBException e) when (CsvErrors.Translate(e, path, path) is { } error)
        {
            throw error;
        }

        await using (var command = session.Connection.CreateCommand())
        {
            command.CommandText = $"""
                SELECT line, year, exporter, importer, product, value, quantity FROM {raw}
                WHERE TRY_CAST(year AS INTEGER) IS NULL OR coalesce(exporter, '') = '' OR coalesce(importer, '') = ''
                   OR TRY_CAST(value AS DOUBLE) IS NULL
                   OR (product IS NOT NULL AND TRY_CAST(product AS INTEGER) IS NULL) {(columns.Product is null ? "" : "OR product IS NULL")}
                   OR (quantity IS NOT NULL AND quantity NOT IN ('', 'NA') AND TRY_CAST(quantity AS DOUBLE) IS NULL)
                ORDER BY line LIMIT 1
                """;
            await using var reader = await command.ExecuteReaderAsync(ct);
            if (await reader.ReadAsync(ct))
            {
                string? Field(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
                var (year, exporter, importer, product, value, quantity) = (Field(1), Field(2), Field(3), Field(4), Field(5), Field(6));
                var problem =
                    !int.TryParse(year, NumberStyles.Integer, CultureInfo.InvariantCulture, out _) ? TradeText.Format("BadYear", year)
                    : string.IsNullOrEmpty(exporter) || string.IsNullOrEmpty(importer) ? TradeText.Format("CountryMissing")
                    : !double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _) ? TradeText.Format("NotANumber", columns.Value, value)
                    : product is null ? TradeText.Format("ProductMissing")
                    : !int.TryParse(product, NumberStyles.None, CultureInfo.InvariantCulture, out _) ? TradeText.Format("ProductInvalid", product)
                    : TradeText.Format("NotANumber", columns.Quantity, quantity);
                throw new TradeDataException(path, reader.GetInt64(0), problem);
            }
        }

        // Codes are numbered in label order; the labels themselves are what the store shows.
        var labels = new List<string>();
        await using (var command = session.Connection.CreateCommand())
        {
            command.CommandText = $"SELECT exporter FROM {raw} UNION SELECT importer FROM {raw} ORDER BY 1";
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                labels.Add(reader.GetString(0));
            }
        }

        var codes = labels.Select((label, i) => new CountryCode(i + 1, label, null, "as given")).ToList();
        var codeValues = string.Join(", ", codes.Select(c => string.Create(CultureInfo.InvariantCulture, $"({TradeStore.Literal(c.Country)}, {c.Code})")));
        var numbered = $"""
            SELECT r.line, CAST(r.year AS INTEGER) AS year, ce.code AS exporter, ci.code AS importer, CAST(r.product AS INTEGER) AS product,
                   CAST(r.value AS DOUBLE) AS value, TRY_CAST(r.quantity AS DOUBLE) AS quantity
            FROM {raw} r
            JOIN (VALUES {codeValues}) ce(label, code) ON ce.label = r.exporter
            JOIN (VALUES {codeValues}) ci(label, code) ON ci.label = r.importer
            """;
        var stage = await session.StageAsync(numbered, path, await session.ScalarAsync<long>($"SELECT count(*) FROM {raw}", ct), progress, ct);
        await session.ValidateAsync(stage, path, codes, source.HasProducts, numbered, ct);
        await TradeStore.ExecuteAsync(session.Connection, $"DROP TABLE {raw}", ct);
        await session.CommitAsync(stage, source, codes, ct);
    }
}
