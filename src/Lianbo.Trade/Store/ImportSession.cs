using System.Diagnostics;
using System.Globalization;
using DuckDB.NET.Data;
using Lianbo.Trade.Import;

namespace Lianbo.Trade.Store;

/// <summary>
/// One import transaction (see <see cref="TradeStore.ImportAsync"/>). Importers stage a file's rows into a table with
/// the store's columns, have them checked, then commit them as one dataset per year.
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
    /// </summary>
    public async Task<string> StageAsync(string select, string file, long estimatedRows, IProgress<ImportProgress>? progress, CancellationToken ct)
    {
        var table = NewTableName();
        // Row order does not matter in the store; letting DuckDB drop it makes the parallel scan cheaper.
        // Line numbers of bad rows come from a second, ordered read (see ValidateAsync).
        await TradeStore.ExecuteAsync(connection, "SET preserve_insertion_order = false", ct);
        await using var command = connection.CreateCommand();
        command.CommandText = $"CREATE TABLE {table} AS SELECT year, exporter, importer, product, value, quantity FROM ({select})";
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
    /// Checks every staged row against the rules of the store and the file's country codes. The first bad row is
    /// reported with its line, found by <paramref name="numberedSelect"/>: the same rows as staged, in file order, with
    /// a <c>line</c> column (null when the importer checked lines itself, e.g. Pajek).
    /// </summary>
    public async Task ValidateAsync(string stage, string file, IReadOnlyList<CountryCode> codes, bool hasProducts, string? numberedSelect, CancellationToken ct)
    {
        var codeTable = await WriteCodesAsync(codes, ct);
        var bad = BadRow(codeTable, hasProducts);
        var count = await ScalarAsync<long>($"SELECT count(*) FROM {stage} s WHERE {bad}", ct);
        if (count == 0)
        {
            await TradeStore.ExecuteAsync(connection, $"DROP TABLE {codeTable}", ct);
            return;
        }

        // Ordered, so row_number() follows the file; only reached when the file is rejected anyway.
        await TradeStore.ExecuteAsync(connection, "SET preserve_insertion_order = true", ct);
        var source = numberedSelect is null ? $"SELECT NULL::BIGINT AS line, * FROM {stage}" : numberedSelect;
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT s.line, s.year, s.exporter, s.importer, s.product, s.value, s.quantity,
                   s.exporter IN (SELECT code FROM {codeTable}), s.importer IN (SELECT code FROM {codeTable})
            FROM ({source}) s WHERE {bad} ORDER BY s.line LIMIT 1
            """;
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            throw new TradeDataException(file, null, TradeText.Format("RowsRejected", count));
        }

        long? line = reader.IsDBNull(0) ? null : reader.GetInt64(0);
        int? Int(int i) => reader.IsDBNull(i) ? null : reader.GetInt32(i);
        double? Double(int i) => reader.IsDBNull(i) ? null : reader.GetDouble(i);
        var (year, exporter, importer, product, value, quantity) = (Int(1), Int(2), Int(3), Int(4), Double(5), Double(6));
        var problem =
            year is not (>= MinYear and <= MaxYear) ? TradeText.Format("BadYear", year?.ToString(CultureInfo.InvariantCulture) ?? "")
            : exporter is null || importer is null ? TradeText.Format("CountryMissing")
            : !reader.GetBoolean(7) ? TradeText.Format("UnknownCountry", exporter)
            : !reader.GetBoolean(8) ? TradeText.Format("UnknownCountry", importer)
            : exporter == importer ? TradeText.Format("SameCountry", Describe(exporter.Value))
            : value is not { } v ? TradeText.Format("ValueMissing")
            : !double.IsFinite(v) || v < 0 ? TradeText.Format("ValueInvalid", v.ToString(CultureInfo.InvariantCulture))
            : hasProducts && product is null ? TradeText.Format("ProductMissing")
            : product is < 0 or > 999999 ? TradeText.Format("ProductInvalid", product)
            : TradeText.Format("QuantityInvalid", quantity?.ToString(CultureInfo.InvariantCulture));
        throw new TradeDataException(file, line, problem);

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

        var codeTable = await WriteCodesAsync(codes, ct);
        foreach (var year in years)
        {
            // The usual case, one year per file (BACI), keeps the staged table; only mixed files are split.
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

    private static string BadRow(string codeTable, bool hasProducts) => string.Create(CultureInfo.InvariantCulture, $"""
        (s.year IS NULL OR s.year < {MinYear} OR s.year > {MaxYear}
         OR s.exporter IS NULL OR s.importer IS NULL
         OR s.exporter NOT IN (SELECT code FROM {codeTable}) OR s.importer NOT IN (SELECT code FROM {codeTable})
         OR s.exporter = s.importer
         OR s.value IS NULL OR NOT isfinite(s.value) OR s.value < 0
         OR {(hasProducts ? "s.product IS NULL OR " : "")}s.product < 0 OR s.product > 999999
         OR NOT isfinite(s.quantity) OR s.quantity < 0)
        """);

    private async Task<string> WriteCodesAsync(IReadOnlyList<CountryCode> codes, CancellationToken ct)
    {
        var table = "codes_" + Guid.NewGuid().ToString("N");
        await TradeStore.ExecuteAsync(connection, $"CREATE TABLE {table} (code INTEGER, country VARCHAR, name VARCHAR, mapping VARCHAR)", ct);
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
