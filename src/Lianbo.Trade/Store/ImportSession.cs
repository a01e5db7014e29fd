using System.Diagnostics;
using System.Globalization;
using DuckDB.NET.Data;
using DuckDB.NET.Native;
using Lianbo.Trade.Import;

namespace Lianbo.Trade.Store;

/// <summary>
/// One import transaction (see <see cref="TradeStore.ImportAsync"/>). Importers stage a file's rows into a table with
/// the store's columns, have them checked, then commit them as one dataset per year: a staged table that holds one
/// year becomes that year's table, one with several is split. Staged rows reach the store's file only when the
/// transaction commits (the store runs imports without DuckDB's optimistic writes, see TradeStore.ImportAsync), so a
/// refused file leaves it as it was, also in size.
/// Staged columns: year INTEGER, exporter INTEGER, importer INTEGER (the source's codes), product INTEGER (HS code
/// as a number, so a lost leading zero does not matter; NULL without products), value DOUBLE, quantity DOUBLE.
/// </summary>
internal sealed class ImportSession(DuckDBConnection connection)
{
    public const string Columns = "year INTEGER, exporter INTEGER, importer INTEGER, product INTEGER, value DOUBLE, quantity DOUBLE";

    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(250);

    public HashSet<DatasetKey> Committed { get; } = [];

    public DuckDBConnection Connection => connection;

    /// <summary>
    /// Creates a staging table from a query with the staged columns, reporting progress while DuckDB reads.
    /// <paramref name="estimatedRows"/> turns DuckDB's share-done into a row count while the scan runs.
    /// With <paramref name="check"/> (a condition on the query's row <c>s</c>, e.g. <see cref="BadRow"/>), every row is
    /// checked as it is staged and any bad one stops the scan with <see cref="BadRowError"/>: checking in the pass
    /// that reads the file costs much less than reading the staged table again. The stopped scan does not say which line
    /// it was; the importer finds it with <see cref="FirstBadRowAsync"/>.
    /// </summary>
    public async Task<string> StageAsync(string select, string file, long estimatedRows, IProgress<ImportProgress>? progress, CancellationToken ct, string? check = null)
    {
        var table = NewTableName();
        // Row order does not matter in the store; letting DuckDB drop it makes the parallel scan cheaper.
        // Line numbers of bad rows come from a second, ordered read (see FirstBadRowAsync).
        await TradeStore.ExecuteAsync(connection, "SET preserve_insertion_order = false", ct);
        await using var command = connection.CreateCommand();
        var quantity = check is null ? "s.quantity" : $"CASE WHEN {check} THEN error('{BadRowError}') ELSE s.quantity END";
        command.CommandText = $"CREATE TABLE {table} AS SELECT s.year, s.exporter, s.importer, s.product, s.value, {quantity} AS quantity FROM ({select}) s";
        var clock = Stopwatch.StartNew();
        var run = Task.Run(() => command.ExecuteNonQuery(), CancellationToken.None);
        await using (ct.Register(command.Cancel))
        {
            while (!run.IsCompleted)
            {
                await Task.WhenAny(run, Task.Delay(ProgressInterval, CancellationToken.None));
                if (!run.IsCompleted && progress is not null)
                {
                    var done = connection.GetQueryProgress().Percentage;
                    if (done >= 0)
                    {
                        var rows = (long)(done / 100 * estimatedRows);
                        progress.Report(new ImportProgress(file, rows, rows / clock.Elapsed.TotalSeconds, done / 100, Finished: false));
                    }
                }
            }

            try
            {
                await run;
            }
            catch (DuckDBException) when (ct.IsCancellationRequested)
            {
                throw new OperationCanceledException(ct);
            }
        }

        var count = await ScalarAsync<long>($"SELECT count(*) FROM {table}", ct);
        if (count == 0)
        {
            throw new TradeDataException(file, null, TradeText.Format("NoRows"));
        }

        progress?.Report(new ImportProgress(file, count, count / Math.Max(clock.Elapsed.TotalSeconds, 1e-9), 1, Finished: true));
        return table;
    }

    /// <summary>An empty staging table, for importers that append rows themselves.</summary>
    public async Task<string> CreateStageAsync(CancellationToken ct)
    {
        var table = NewTableName();
        await TradeStore.ExecuteAsync(connection, $"CREATE TABLE {table} ({Columns})", ct);
        return table;
    }

    /// <summary>
    /// Checks every staged row against the rules of the store, the file's country codes and its declared years. The
    /// first bad row is reported with its line, found by <paramref name="numberedSelect"/>: the same rows as staged, in
    /// file order, with a <c>line</c> column (null when the importer checked lines itself, e.g. Pajek).
    /// </summary>
    public async Task ValidateAsync(string stage, string file, IReadOnlyList<CountryCode> codes, RowRules rules, string? numberedSelect, CancellationToken ct)
    {
        var codeTable = await WriteCodesAsync(connection, codes, ct);
        var count = await ScalarAsync<long>($"SELECT count(*) FROM {stage} s WHERE {BadRow(codeTable, rules)}", ct);
        if (count == 0)
        {
            await TradeStore.ExecuteAsync(connection, $"DROP TABLE {codeTable}", ct);
            return;
        }

        var source = numberedSelect ?? $"SELECT NULL::BIGINT AS line, * FROM {stage}";
        throw await FirstBadRowAsync(connection, source, file, codes, codeTable, rules, null, count, ct);
    }

    /// <summary>
    /// Refuses a file that gives the same flow (year, exporter, importer, product) on two lines: stored, both would be
    /// counted. Reports the second line and names the first, found by <paramref name="numberedSelect"/> as in
    /// <see cref="ValidateAsync"/>; costs one GROUP BY over the staged rows when there is none. <paramref name="country"/>
    /// shows a staged country code as the file gives it.
    /// </summary>
    public async Task RefuseDuplicatesAsync(string stage, string file, RowRules rules, string numberedSelect, Func<int, string> country, CancellationToken ct)
    {
        var key = await FlowKeyAsync(stage, ct);
        var duplicated = key is null ? $"GROUP BY ALL HAVING count(*) > 1 LIMIT 1"
            : await ScalarOrNullAsync($"SELECT {key} AS flow FROM {stage} GROUP BY flow HAVING count(*) > 1 LIMIT 1", ct) is { } found
                ? string.Create(CultureInfo.InvariantCulture, $"WHERE {key} = {found} LIMIT 1")
                : null;
        if (duplicated is null)
        {
            return;
        }

        (int Year, int Exporter, int Importer, int? Product)? flow = null;
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = $"SELECT year, exporter, importer, product FROM {stage} {duplicated}";
            await using var reader = await command.ExecuteReaderAsync(ct);
            if (await reader.ReadAsync(ct))
            {
                flow = (reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2), reader.IsDBNull(3) ? null : reader.GetInt32(3));
            }
        }

        if (flow is not { } f)
        {
            return;
        }

        await TradeStore.ExecuteAsync(connection, "SET preserve_insertion_order = true", ct);
        var lines = new List<long>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = string.Create(CultureInfo.InvariantCulture, $"""
                SELECT s.line FROM ({numberedSelect}) s
                WHERE s.year = {f.Year} AND s.exporter = {f.Exporter} AND s.importer = {f.Importer}
                  AND s.product IS NOT DISTINCT FROM {(f.Product is { } p ? p.ToString(CultureInfo.InvariantCulture) : "NULL")}
                ORDER BY s.line LIMIT 2
                """);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                lines.Add(reader.GetInt64(0));
            }
        }

        var c = rules.Columns;
        var flowText = string.Create(CultureInfo.InvariantCulture, $"{c.Year} {f.Year}, {c.Exporter} {country(f.Exporter)}, {c.Importer} {country(f.Importer)}")
            + (f.Product is { } product && c.Product is { } column ? string.Create(CultureInfo.InvariantCulture, $", {column} {product}") : "");
        throw new TradeDataException(file, lines.Count == 2 ? lines[1] : null, TradeText.Format("DuplicateFlow", flowText, lines.Count == 2 ? lines[0] : "?"));
    }

    /// <summary>
    /// A flow's year, exporter, importer and product as one BIGINT, each column offset by its smallest staged value and
    /// given the bits its staged range needs (the product one more, for a missing product): one 8-byte key to group by
    /// costs DuckDB far less than four columns, and it is one to one over the staged rows. Null when the ranges need
    /// more than 62 bits or a year or country is missing (not after the checks); the four columns are then grouped.
    /// </summary>
    private async Task<string?> FlowKeyAsync(string stage, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT count(*) = count(year) AND count(*) = count(exporter) AND count(*) = count(importer),
                   min(year), max(year), min(exporter), max(exporter), min(importer), max(importer), coalesce(min(product), 0), coalesce(max(product), 0)
            FROM {stage}
            """;
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct) || !reader.GetBoolean(0))
        {
            return null;
        }

        long Min(int i) => reader.GetInt32(i);
        static int Bits(long values) => values <= 1 ? 0 : 64 - System.Numerics.BitOperations.LeadingZeroCount((ulong)(values - 1));
        var (year, exporter, importer, product) = (Min(1), Min(3), Min(5), Min(7));
        var exporterBits = Bits(Min(4) - exporter + 1);
        var importerBits = Bits(Min(6) - importer + 1);
        var productBits = Bits(Min(8) - product + 2);
        if (Bits(Min(2) - year + 1) + exporterBits + importerBits + productBits > 62)
        {
            return null;
        }

        return string.Create(CultureInfo.InvariantCulture, $"""
            (((((((year::BIGINT - {year}) << {exporterBits}) | (exporter::BIGINT - {exporter})) << {importerBits}) | (importer::BIGINT - {importer})) << {productBits})
             | coalesce(product::BIGINT - {product} + 1, 0))
            """);
    }

    private async Task<long?> ScalarOrNullAsync(string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(ct) is long value ? value : null;
    }

    /// <summary>Raised by a staging scan that checks its rows (<see cref="StageAsync"/>) at a bad row it meets.</summary>
    /// <remarks>Goes into SQL as a literal: no quotes.</remarks>
    public const string BadRowError = "lianbo: a row breaks the rules of the store";

    /// <summary>Whether a staging scan stopped because a row failed its check (not because the SQL was wrong).</summary>
    public static bool IsBadRow(DuckDBException e) =>
        e.ErrorType == DuckDBErrorType.InvalidInput && e.Message.Contains(BadRowError, StringComparison.Ordinal);

    /// <summary>
    /// The first bad row of <paramref name="numberedSelect"/> (the staged columns with <c>line</c>, in file order) as
    /// the error to report. <paramref name="codeTable"/> holds the codes on this connection (see <see cref="WriteCodesAsync"/>).
    /// <paramref name="text"/> is a column the source read as text, with the condition under which it is not a number;
    /// it is checked before the other rules, as the column's value is then unknown. Only called when the file is
    /// rejected anyway, so reading it again in order costs nothing on a good import.
    /// </summary>
    public static async Task<TradeDataException> FirstBadRowAsync(
        DuckDBConnection connection, string numberedSelect, string file, IReadOnlyList<CountryCode> codes, string codeTable, RowRules rules,
        (string Column, string IsBad)? text, long? count, CancellationToken ct)
    {
        var bad = BadRow(codeTable, rules);
        var (textColumn, textIsBad) = text is { } t ? ($"s.{t.Column}", t.IsBad) : ("NULL::VARCHAR", "false");
        // Ordered, so row_number() follows the file.
        await TradeStore.ExecuteAsync(connection, "SET preserve_insertion_order = true", ct);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT s.line, s.year, s.exporter, s.importer, s.product, s.value, s.quantity,
                   s.exporter IN (SELECT code FROM {codeTable}), s.importer IN (SELECT code FROM {codeTable}),
                   coalesce({textIsBad}, false), {textColumn}
            FROM ({numberedSelect}) s WHERE {textIsBad} OR {bad} ORDER BY s.line LIMIT 1
            """;
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            return new TradeDataException(file, null, TradeText.Format("RowsRejected", count ?? 1));
        }

        long? line = reader.IsDBNull(0) ? null : reader.GetInt64(0);
        int? Int(int i) => reader.IsDBNull(i) ? null : reader.GetInt32(i);
        double? Double(int i) => reader.IsDBNull(i) ? null : reader.GetDouble(i);
        static string Number(double d) => double.IsInfinity(d) ? (d > 0 ? "Infinity" : "-Infinity") : d.ToString(CultureInfo.InvariantCulture);
        var (year, exporter, importer, product, value, quantity) = (Int(1), Int(2), Int(3), Int(4), Double(5), Double(6));
        var c = rules.Columns;
        var (field, problem) =
            reader.GetBoolean(9) ? (text!.Value.Column, TradeText.Format("NotANumber", reader.GetString(10)))
            : year is not (>= MinYear and <= MaxYear) ? (c.Year, TradeText.Format("BadYear", year?.ToString(CultureInfo.InvariantCulture) ?? ""))
            : rules.Years is { } declared && !declared.Contains(year.Value) ? (c.Year, TradeText.Format("YearNotDeclared", year, declared, declared.How))
            : exporter is null ? (c.Exporter, TradeText.Format("CountryMissing"))
            : importer is null ? (c.Importer, TradeText.Format("CountryMissing"))
            : !reader.GetBoolean(7) ? (c.Exporter, TradeText.Format("UnknownCountry", exporter))
            : !reader.GetBoolean(8) ? (c.Importer, TradeText.Format("UnknownCountry", importer))
            : exporter == importer ? (c.Importer, TradeText.Format("SameCountry", Describe(exporter.Value)))
            : value is not { } v ? (c.Value, TradeText.Format("ValueMissing"))
            : !double.IsFinite(v) || v < 0 ? (c.Value, TradeText.Format("ValueInvalid", Number(v)))
            : v > MaxValue ? (c.Value, TradeText.Format("ValueTooLarge", Number(v), Number(MaxValue)))
            : rules.HasProducts && product is null ? (c.Product, TradeText.Format("ProductMissing"))
            : product is < 0 or > 999999 ? (c.Product, TradeText.Format("ProductInvalid", product))
            : quantity is { } q && double.IsFinite(q) && q > MaxValue ? (c.Quantity, TradeText.Format("ValueTooLarge", Number(q), Number(MaxValue)))
            : (c.Quantity, TradeText.Format("QuantityInvalid", quantity is { } n ? Number(n) : null));
        return new TradeDataException(file, line, problem, line is null ? null : field);

        // The source's code with the country it stands for: "4 = AFG".
        string Describe(int code) => codes.FirstOrDefault(c => c.Code == code) is { } known ? $"{code} = {known.Country}" : code.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Makes the staged rows the stored data of each year they hold, replacing what the store had for the same
    /// source, revision and year, with the country mapping used for that year.
    /// </summary>
    public async Task CommitAsync(string stage, DatasetSource source, IReadOnlyList<CountryCode> codes, CancellationToken ct)
    {
        var years = new List<int>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = $"SELECT DISTINCT year FROM {stage} ORDER BY year";
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                years.Add(reader.GetInt32(0));
            }
        }

        var codeTable = await WriteCodesAsync(connection, codes, ct);
        foreach (var year in years)
        {
            // One year (a BACI file): the staged table is the stored one, copying it would only cost a pass.
            var table = stage;
            if (years.Count > 1)
            {
                table = NewTableName();
                await TradeStore.ExecuteAsync(connection, string.Create(CultureInfo.InvariantCulture, $"CREATE TABLE {table} AS SELECT * FROM {stage} WHERE year = {year}"), ct);
            }

            var key = new DatasetKey(source.Source, source.Revision, year);
            if (await TradeStore.TableOfAsync(connection, key, ct) is { } old)
            {
                await TradeStore.ExecuteAsync(connection, $"DROP TABLE {old}", ct);
            }

            await using var command = connection.CreateCommand();
            command.CommandText = $"""
                DELETE FROM datasets WHERE source = $source AND revision = $revision AND year = $year;
                DELETE FROM country_codes WHERE source = $source AND revision = $revision AND year = $year;
                INSERT INTO datasets
                    SELECT $source, $revision, $year, '{table}', count(*), coalesce(sum(value), 0), $unit, $generated, $has_products, $file_name, $release, now()::TIMESTAMP
                    FROM {table};
                INSERT INTO country_codes
                    SELECT $source, $revision, $year, c.code, c.country, c.name, c.mapping FROM {codeTable} c
                    WHERE c.code IN (SELECT exporter FROM {table} UNION SELECT importer FROM {table});
                """;
            TradeStore.AddKey(command, key);
            command.Parameters.Add(new DuckDBParameter("unit", source.Unit));
            command.Parameters.Add(new DuckDBParameter("generated", source.Generated));
            command.Parameters.Add(new DuckDBParameter("has_products", source.HasProducts));
            command.Parameters.Add(new DuckDBParameter("file_name", source.FileName));
            command.Parameters.Add(new DuckDBParameter("release", (object?)source.Release ?? DBNull.Value));
            await command.ExecuteNonQueryAsync(ct);
            Committed.Add(key);
        }

        await TradeStore.ExecuteAsync(connection, years.Count > 1 ? $"DROP TABLE {stage}; DROP TABLE {codeTable}" : $"DROP TABLE {codeTable}", ct);
    }

    public async Task<T> ScalarAsync<T>(string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (T)Convert.ChangeType((await command.ExecuteScalarAsync(ct))!, typeof(T), CultureInfo.InvariantCulture);
    }

    private const int MinYear = 1900;
    private const int MaxYear = 2100;

    /// <summary>
    /// The largest value or quantity a flow may have, in any unit: world trade is about 2.5e13 US dollars a year, so a
    /// single flow above this is a mistake (and 1e300 would make every sum over it infinite).
    /// </summary>
    public const double MaxValue = 1e15;

    /// <summary>The store's rules and the file's declared years as a condition that holds for a bad row <c>s</c> with the staged columns.</summary>
    public static string BadRow(string codeTable, RowRules rules) => string.Create(CultureInfo.InvariantCulture, $"""
        (s.year IS NULL OR s.year < {MinYear} OR s.year > {MaxYear}
         {(rules.Years is { } y ? $"OR s.year < {y.From} OR s.year > {y.To}" : "")}
         OR s.exporter IS NULL OR s.importer IS NULL
         OR s.exporter NOT IN (SELECT code FROM {codeTable}) OR s.importer NOT IN (SELECT code FROM {codeTable})
         OR s.exporter = s.importer
         OR s.value IS NULL OR NOT isfinite(s.value) OR s.value < 0 OR s.value > {MaxValue:R}
         OR {(rules.HasProducts ? "s.product IS NULL OR " : "")}s.product < 0 OR s.product > 999999
         OR NOT isfinite(s.quantity) OR s.quantity < 0 OR s.quantity > {MaxValue:R})
        """);

    /// <summary>A table of the country codes on <paramref name="connection"/>, for <see cref="BadRow"/> and the stored mapping.</summary>
    public static async Task<string> WriteCodesAsync(DuckDBConnection connection, IReadOnlyList<CountryCode> codes, CancellationToken ct)
    {
        var table = "codes_" + Guid.NewGuid().ToString("N");
        await TradeStore.ExecuteAsync(connection, $"CREATE TEMP TABLE {table} (code INTEGER, country VARCHAR, name VARCHAR, mapping VARCHAR)", ct);
        using (var appender = connection.CreateAppender(table))
        {
            foreach (var code in codes)
            {
                appender.CreateRow().AppendValue(code.Code).AppendValue(code.Country).AppendValue(code.Name).AppendValue(code.Mapping).EndRow();
            }
        }

        return table;
    }

    private static string NewTableName() => "flows_" + Guid.NewGuid().ToString("N");
}

/// <summary>The years a file says it holds, and how it says so (its name, an option, its first row).</summary>
public sealed record DeclaredYears(int From, int To, string How)
{
    public bool Contains(int year) => year >= From && year <= To;

    public override string ToString() => From == To ? From.ToString(CultureInfo.InvariantCulture) : string.Create(CultureInfo.InvariantCulture, $"{From}–{To}");
}

/// <summary>What the file calls the staged columns, for errors that name them (BACI's t, i, j, k, v, q).</summary>
internal sealed record StagedColumns(string Year, string Exporter, string Importer, string? Product, string Value, string? Quantity)
{
    public static readonly StagedColumns Baci = new("t", "i", "j", "k", "v", "q");
}

/// <summary>What the rows of one file must be besides the store's fixed rules.</summary>
internal sealed record RowRules(bool HasProducts, DeclaredYears? Years, StagedColumns Columns);
