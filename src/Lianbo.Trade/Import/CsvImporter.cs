using System.Globalization;
using System.Text.RegularExpressions;
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
/// <param name="Year">
/// The year of every row: for files without a year column, the year they are for; for files with one, the year every
/// row must have (a row of another year is refused with its line).
/// </param>
public sealed record CsvImportOptions(CsvColumnMapping Columns, int? Year = null, string Source = "CSV", string Revision = "none", string Unit = "as in the file", char Delimiter = ',');

/// <summary>
/// Imports a generic CSV (a header line, then one flow per line) through a column mapping. Exporters and importers
/// are ISO 3166-1 alpha-3 codes, or historical ones (see <see cref="CountryLabels"/>); products are HS codes, leading
/// zeros or not. Rows are checked before anything is stored and the first bad one is reported with its line and column.
/// The years a file holds are the ones it declares, when it does: <see cref="CsvImportOptions.Year"/>, else a year in its
/// name (two years in the name are a range, as in trade-2019-2021.csv). Each year the file holds replaces that year in
/// the store, so a row of an undeclared year (one stray 2020 row in a file for 2021) is refused rather than stored as
/// all of 2020.
/// </summary>
public static partial class CsvImporter
{
    [GeneratedRegex(@"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)")]
    private static partial Regex YearInName();

    public static async Task<IReadOnlyList<DatasetInfo>> ImportAsync(
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

        using var file = CsvFile.Open(path, path, options.Delimiter, ct);
        var at = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var column in new[] { columns.Year, columns.Exporter, columns.Importer, columns.Product, columns.Value, columns.Quantity }.OfType<string>())
        {
            var index = Enumerable.Range(0, file.Header.Count).Where(i => file.Header[i] == column).ToList();
            if (index.Count != 1)
            {
                throw new TradeDataException(path, 1, TradeText.Format(index.Count == 0 ? "ColumnMissing" : "ColumnTwice", column, string.Join(",", file.Header)));
            }

            at[column] = index[0];
        }

        var source = new DatasetSource(options.Source, options.Revision, Path.GetFileName(path), null, options.Unit, Generated: false, HasProducts: columns.Product is not null);
        var rules = new RowRules(source.HasProducts, Declared(path, options),
            new StagedColumns(columns.Year ?? "--year", columns.Exporter, columns.Importer, columns.Product, columns.Value, columns.Quantity));
        return await store.ImportAsync(session => ImportAsync(session, file, path, options, at, source, rules, progress, ct), ct);
    }

    private static DeclaredYears? Declared(string path, CsvImportOptions options)
    {
        if (options.Year is { } year)
        {
            return new DeclaredYears(year, year, TradeText.Format("DeclaredByOption"));
        }

        var named = YearInName().Matches(Path.GetFileName(path)).Select(m => int.Parse(m.Value, CultureInfo.InvariantCulture)).ToList();
        return named.Count is 1 or 2 ? new DeclaredYears(named.Min(), named.Max(), TradeText.Format("DeclaredByName")) : null;
    }

    private static async Task ImportAsync(
        ImportSession session, CsvFile file, string path, CsvImportOptions options, Dictionary<string, int> at, DatasetSource source, RowRules rules,
        IProgress<ImportProgress>? progress, CancellationToken ct)
    {
        var columns = options.Columns;
        // The file's columns are read as c0, c1, … so nothing of its header goes into the SQL.
        string Text(string? column) => column is null ? "NULL::VARCHAR" : string.Create(CultureInfo.InvariantCulture, $"trim(c{at[column]})");

        // Read as text with line numbers first: a generic file's values are checked here, where each row's line is known.
        var raw = "raw_" + Guid.NewGuid().ToString("N");
        await TradeStore.ExecuteAsync(session.Connection, "SET preserve_insertion_order = true", ct);
        try
        {
            await TradeStore.ExecuteAsync(session.Connection, $"""
                CREATE TEMP TABLE {raw} AS
                SELECT row_number() OVER () + 1 AS line,
                       {(columns.Year is null ? string.Create(CultureInfo.InvariantCulture, $"'{options.Year}'") : Text(columns.Year))} AS year,
                       {Text(columns.Exporter)} AS exporter, {Text(columns.Importer)} AS importer,
                       {Text(columns.Product)} AS product, {Text(columns.Value)} AS value, {Text(columns.Quantity)} AS quantity
                FROM read_csv({TradeStore.Literal(file.Path)}, {file.ReadOptions(options.Delimiter, file.Header.Select((_, i) => (string.Create(CultureInfo.InvariantCulture, $"c{i}"), "VARCHAR")))})
                """, ct);
        }
        catch (DuckDBException e)
        {
            throw CsvErrors.Translate(e, file.Path, path);
        }

        await RefuseBadTextAsync(session, raw, path, rules, ct);
        var (codes, labels) = await CountriesAsync(session, raw, path, rules, ct);
        var labelValues = string.Join(", ", labels.Select(l => string.Create(CultureInfo.InvariantCulture, $"({TradeStore.Literal(l.Key)}, {l.Value})")));
        var numbered = $"""
            SELECT r.line, CAST(r.year AS INTEGER) AS year, ce.code AS exporter, ci.code AS importer, CAST(r.product AS INTEGER) AS product,
                   CAST(r.value AS DOUBLE) AS value, TRY_CAST(r.quantity AS DOUBLE) AS quantity
            FROM {raw} r
            JOIN (VALUES {labelValues}) ce(label, code) ON ce.label = r.exporter
            JOIN (VALUES {labelValues}) ci(label, code) ON ci.label = r.importer
            """;
        var stage = await session.StageAsync(numbered, path, file.Rows, progress, ct);
        await session.ValidateAsync(stage, path, codes, rules, numbered, ct);
        await session.RefuseDuplicatesAsync(stage, path, rules, numbered, code => codes[code - 1].Country, ct);
        await TradeStore.ExecuteAsync(session.Connection, $"DROP TABLE {raw}", ct);
        await session.CommitAsync(stage, source, codes, ct);
    }

    // The first row whose fields are not even of the right kind (a year that is not a number, a value that is text).
    private static async Task RefuseBadTextAsync(ImportSession session, string raw, string path, RowRules rules, CancellationToken ct)
    {
        var c = rules.Columns;
        await using var command = session.Connection.CreateCommand();
        command.CommandText = $"""
            SELECT line, year, exporter, importer, product, value, quantity FROM {raw}
            WHERE TRY_CAST(year AS INTEGER) IS NULL OR coalesce(exporter, '') = '' OR coalesce(importer, '') = ''
               OR TRY_CAST(value AS DOUBLE) IS NULL
               OR (product IS NOT NULL AND TRY_CAST(product AS INTEGER) IS NULL) {(c.Product is null ? "" : "OR product IS NULL")}
               OR (quantity IS NOT NULL AND quantity NOT IN ('', 'NA') AND TRY_CAST(quantity AS DOUBLE) IS NULL)
            ORDER BY line LIMIT 1
            """;
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            return;
        }

        string? Field(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
        var (year, exporter, importer, product, value, quantity) = (Field(1), Field(2), Field(3), Field(4), Field(5), Field(6));
        var (field, problem) =
            !int.TryParse(year, NumberStyles.Integer, CultureInfo.InvariantCulture, out _) ? (c.Year, TradeText.Format("BadYear", year))
            : string.IsNullOrEmpty(exporter) ? (c.Exporter, TradeText.Format("CountryMissing"))
            : string.IsNullOrEmpty(importer) ? (c.Importer, TradeText.Format("CountryMissing"))
            : !double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _) ? (c.Value, TradeText.Format("NotANumber", value))
            : product is null ? (c.Product, TradeText.Format("ProductMissing"))
            : !int.TryParse(product, NumberStyles.None, CultureInfo.InvariantCulture, out _) ? (c.Product, TradeText.Format("ProductInvalid", product))
            : (c.Quantity, TradeText.Format("NotANumber", quantity));
        throw new TradeDataException(path, reader.GetInt64(0), problem, field);
    }

    // Every exporter and importer must be a country code the store takes (see CountryLabels), in any case; the first line
    // with one that is not is refused, quoting it as given. Countries are numbered in code order, from 1.
    private static async Task<(List<CountryCode> Codes, Dictionary<string, int> Labels)> CountriesAsync(
        ImportSession session, string raw, string path, RowRules rules, CancellationToken ct)
    {
        var firstSeen = new List<(string Label, long Line, string Column)>();
        foreach (var (column, name) in new[] { ("exporter", rules.Columns.Exporter), ("importer", rules.Columns.Importer) })
        {
            await using var command = session.Connection.CreateCommand();
            command.CommandText = $"SELECT {column}, min(line) FROM {raw} GROUP BY 1";
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                firstSeen.Add((reader.GetString(0), reader.GetInt64(1), name));
            }
        }

        var resolved = firstSeen.Select(s => s.Label).Distinct(StringComparer.Ordinal)
            .ToDictionary(l => l, l => CountryLabels.Resolve(l, "as given"), StringComparer.Ordinal);
        if (firstSeen.Where(s => resolved[s.Label] is null).OrderBy(s => s.Line).FirstOrDefault() is { Label: not null } unknown)
        {
            throw new TradeDataException(path, unknown.Line, TradeText.Format("CountryUnknown", unknown.Label), unknown.Column);
        }

        var codes = resolved.Values.OfType<CountryLabels.Resolved>().GroupBy(r => r.Country, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select((g, i) => new CountryCode(i + 1, g.Key, null, g.OrderBy(r => r.Mapping, StringComparer.Ordinal).First().Mapping)).ToList();
        var byCountry = codes.ToDictionary(c => c.Country, c => c.Code, StringComparer.Ordinal);
        return (codes, resolved.ToDictionary(r => r.Key, r => byCountry[r.Value!.Country], StringComparer.Ordinal));
    }
}
