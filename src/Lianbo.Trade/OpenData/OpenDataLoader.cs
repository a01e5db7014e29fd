using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using DuckDB.NET.Data;
using Lianbo.Trade.Import;
using Lianbo.Trade.Indices;
using Lianbo.Trade.Store;

namespace Lianbo.Trade.OpenData;

/// <summary>What a load of the open data did: whether anything changed, what was stored, what was left out, how long it took.</summary>
public sealed record OpenDataResult(bool Changed, int IndicatorValues, long TradeRows, int TradeYears, int IndicesBuilt, IReadOnlyList<string> Notes, TimeSpan Elapsed);

/// <summary>
/// Loads the open data the product ships (<c>data/open</c>, described by <see cref="OpenDataManifest"/>) into the trade
/// store: the indicator series as imported indicators (table <c>indicator_values</c>, one row per country and year, the
/// file named), the bilateral panel as a country-level trade dataset per year, and three indicators of trade rules
/// derived from the panel's Deep Trade Agreements columns; then builds the shipped indices. Idempotent by checksum: the
/// SHA-256 of every file is kept in <c>open_data_files</c>, and a load whose files all match does nothing. Every line of
/// every file is checked before anything is stored; a bad one is refused with its file and line number.
/// </summary>
public sealed class OpenDataLoader(TradeStore store, string? directory = null)
{
    public const string TradeCovered = "dta.trade_covered";
    public const string DeepPartners = "dta.deep_partners";
    public const string Provisions = "dta.provisions";

    public static readonly IReadOnlyList<string> RulesIndicators = [TradeCovered, DeepPartners, Provisions];

    /// <summary>The source named with every value of the rules indicators derived from the panel.</summary>
    public static string RulesSource(OpenTrade trade) => "World Bank Deep Trade Agreements, derived from " + trade.SourceText;

    public string Directory { get; } = directory ?? OpenDataManifest.ShippedDirectory;

    /// <summary>True when a file's checksum differs from the one stored at the last load (or nothing was loaded yet).</summary>
    public async Task<bool> IsPendingAsync(CancellationToken ct = default)
    {
        var manifest = OpenDataManifest.Load(Directory);
        var hashes = await HashesAsync(manifest, ct);
        await using var connection = store.Open();
        await store.InitialiseAsync(connection, ct);
        var stored = await StoredHashesAsync(connection, ct);
        return hashes.Any(h => stored.GetValueOrDefault(h.Key) != h.Value);
    }

    public async Task<OpenDataResult> LoadAsync(bool force = false, IProgress<string>? progress = null, CancellationToken ct = default)
    {
        var clock = Stopwatch.StartNew();
        var manifest = OpenDataManifest.Load(Directory);
        var hashes = await HashesAsync(manifest, ct);
        await using var open = store.Open();
        await store.InitialiseAsync(open, ct);
        if (!force && (await StoredHashesAsync(open, ct)) is var stored && hashes.All(h => stored.GetValueOrDefault(h.Key) == h.Value))
        {
            return new OpenDataResult(false, 0, 0, 0, 0, [], clock.Elapsed);
        }

        var notes = new List<string>();
        var iso = TradeIndicatorSource.IsoCountries();
        progress?.Report(TradeText.Format("OpenReadingSeries", manifest.Series.Count));
        var values = new List<(IndicatorValue Value, string File)>();
        foreach (var series in manifest.Series)
        {
            var (read, skipped) = ReadSeries(Path.Combine(Directory, series.File), series, iso, ct);
            values.AddRange(read.Select(v => (v, Path.GetFileName(series.File))));
            if (skipped.Count > 0)
            {
                notes.Add(TradeText.Format("OpenSkippedCodes", Path.GetFileName(series.File), skipped.Values.Sum(), string.Join(", ", skipped.Keys.Order(StringComparer.Ordinal))));
            }
        }

        var trade = manifest.Trade;
        var tradePath = Path.Combine(Directory, trade.File);
        progress?.Report(TradeText.Format("OpenDerivingRules", Path.GetFileName(trade.File)));
        var rules = await DeriveRulesAsync(open, tradePath, trade, iso, ct);
        values.AddRange(rules.Select(v => (v, Path.GetFileName(trade.File))));
        await new ExternalIndicators(store).StoreAsync(values, [.. manifest.Series.Select(s => Path.GetFileName(s.File)).Append(Path.GetFileName(trade.File))], ct);

        progress?.Report(TradeText.Format("OpenImportingTrade", Path.GetFileName(trade.File)));
        var (datasets, left) = await ImportTradeAsync(open, tradePath, trade, ct);
        notes.Add(TradeText.Format("OpenLeftOut", left, string.Join(", ", trade.NotCountries.Keys.Order(StringComparer.Ordinal))));

        progress?.Report(TradeText.Format("OpenBuildingIndices"));
        var built = await new IndexBuilder(store).BuildAsync(IndexBuilder.LoadDefinitions(), ct: ct);

        await using (var command = open.CreateCommand())
        {
            command.CommandText = "DELETE FROM open_data_files";
            await command.ExecuteNonQueryAsync(ct);
        }

        using (var appender = open.CreateAppender("open_data_files"))
        {
            foreach (var (name, sha) in hashes)
            {
                appender.CreateRow().AppendValue(name).AppendValue(sha).AppendValue(DateTime.UtcNow).EndRow();
            }
        }

        return new OpenDataResult(true, values.Count, datasets.Sum(d => d.Rows), datasets.Count, built.Count, notes, clock.Elapsed);
    }

    /// <summary>
    /// Reads one shipped indicator file: rows of series not mapped are skipped, rows of codes that are no ISO 3166-1
    /// country (World Bank aggregates such as WLD or AFE, Gapminder's USSR or KOS) are skipped and counted by code; a
    /// year or value that is not a number, or a country and year given twice for one indicator, refuses the file with its line.
    /// </summary>
    internal static (List<IndicatorValue> Values, Dictionary<string, int> Skipped) ReadSeries(string path, OpenSeries series, IReadOnlySet<string> iso, CancellationToken ct)
    {
        var file = Path.GetFileName(path);
        if (!File.Exists(path))
        {
            throw new TradeDataException(path, null, TradeText.Format("FileNotFound"));
        }

        using var stream = File.OpenRead(path);
        using var text = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? (Stream)new GZipStream(stream, CompressionMode.Decompress) : stream;
        using var reader = new StreamReader(text, new UTF8Encoding(false, throwOnInvalidBytes: true));
        var header = reader.ReadLine() is { } first ? CsvLine.Split(first.TrimStart('\uFEFF')) : throw new TradeDataException(file, 1, TradeText.Format("HeaderMissing"));
        int At(string column) => header.IndexOf(column) is var i and >= 0 ? i : throw new TradeDataException(file, 1, TradeText.Format("ColumnMissing", column, string.Join(",", header)));
        var (country, year, value, code) = (At(series.Country), At(series.Year), At(series.Value), series.Code is null ? -1 : At(series.Code));
        var values = new List<IndicatorValue>();
        var skipped = new Dictionary<string, int>(StringComparer.Ordinal);
        var seen = new Dictionary<(string, string, int), long>();
        long line = 1;
        while (reader.ReadLine() is { } row)
        {
            line++;
            if (line % 10_000 == 0)
            {
                ct.ThrowIfCancellationRequested();
            }

            if (row.Length == 0)
            {
                continue;
            }

            var f = CsvLine.Split(row);
            if (f.Count != header.Count)
            {
                throw new TradeDataException(file, line, TradeText.Format("ColumnCount", header.Count, f.Count));
            }

            if (!series.Indicators.TryGetValue(code < 0 ? "" : f[code], out var indicator))
            {
                continue;
            }

            var c = f[country].Trim().ToUpperInvariant();
            if (!int.TryParse(f[year], NumberStyles.None, CultureInfo.InvariantCulture, out var y) || y is < 1900 or > 2100)
            {
                throw new TradeDataException(file, line, TradeText.Format("BadYear", f[year]), series.Year);
            }

            if (!double.TryParse(f[value], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v))
            {
                throw new TradeDataException(file, line, TradeText.Format("IndicatorValue", f[value]), series.Value);
            }

            if (!iso.Contains(c))
            {
                skipped[c] = skipped.GetValueOrDefault(c) + 1;
                continue;
            }

            if (seen.TryGetValue((indicator, c, y), out var before))
            {
                throw new TradeDataException(file, line, TradeText.Format("IndicatorDuplicate", indicator, c, y, before));
            }

            seen[(indicator, c, y)] = line;
            values.Add(new IndicatorValue(indicator, c, y, v, series.Source));
        }

        return (values, skipped);
    }

    // The trade panel as DuckDB reads it, every field as text with its line number (1 is the header).
    private static string Panel(string path) =>
        $"(SELECT row_number() OVER () + 1 AS line, * FROM read_csv({TradeStore.Literal(path)}, header = true, all_varchar = true))";

    private static async Task<List<string>> ProvisionColumnsAsync(DuckDBConnection connection, string path, OpenTrade trade, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT column_name FROM (DESCRIBE SELECT * FROM read_csv({TradeStore.Literal(path)}, header = true, all_varchar = true))";
        var columns = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            columns.Add(reader.GetString(0));
        }

        foreach (var needed in new[] { trade.Exporter, trade.Importer, trade.Year, trade.Value, trade.Agreement })
        {
            if (!columns.Contains(needed))
            {
                throw new TradeDataException(Path.GetFileName(path), 1, TradeText.Format("ColumnMissing", needed, string.Join(",", columns)));
            }
        }

        return [.. columns.Where(c => c.Contains(trade.ProvisionsPrefix, StringComparison.Ordinal))];
    }

    private static string Quote(string column) => "\"" + column.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>
    /// Per ISO country and panel year, over its exports and imports with every partner that is a country:
    /// dta.trade_covered = 100 × trade with partners under an agreement in force / all trade (percent);
    /// dta.deep_partners = partners with an agreement in force covering at least <see cref="OpenTrade.DeepProvisions"/> of
    /// the file's provisions, in either direction, whether or not they traded that year;
    /// dta.provisions = the trade-weighted mean number of provisions covered (0 for trade without an agreement).
    /// </summary>
    private static async Task<List<IndicatorValue>> DeriveRulesAsync(DuckDBConnection connection, string path, OpenTrade trade, IReadOnlySet<string> iso, CancellationToken ct)
    {
        var file = Path.GetFileName(path);
        var provisions = await ProvisionColumnsAsync(connection, path, trade, ct);
        var numbers = new[] { trade.Year, trade.Value, trade.Agreement }.Concat(provisions).ToList();
        await using (var check = connection.CreateCommand())
        {
            // The first line whose year, value, agreement or a provision is not a number (or a provision not 0 or 1).
            check.CommandText = $"""
                SELECT line, {string.Join(", ", numbers.Select(Quote))} FROM {Panel(path)}
                WHERE TRY_CAST({Quote(trade.Year)} AS INTEGER) IS NULL OR TRY_CAST({Quote(trade.Value)} AS DOUBLE) IS NULL OR TRY_CAST({Quote(trade.Value)} AS DOUBLE) < 0
                   OR TRY_CAST({Quote(trade.Agreement)} AS BIGINT) IS NULL
                   {string.Concat(provisions.Select(p => $" OR {Quote(p)} NOT IN ('0', '1')"))}
                ORDER BY line LIMIT 1
                """;
            await using var reader = await check.ExecuteReaderAsync(ct);
            if (await reader.ReadAsync(ct))
            {
                var bad = Enumerable.Range(1, numbers.Count).First(i => reader.IsDBNull(i) || !double.TryParse(reader.GetString(i), NumberStyles.Float, CultureInfo.InvariantCulture, out var n)
                    || n < 0 || (i > 3 && n is not (0 or 1)));
                throw new TradeDataException(file, reader.GetInt64(0), TradeText.Format("NotANumber", reader.IsDBNull(bad) ? "" : reader.GetString(bad)), numbers[bad - 1]);
            }
        }

        var excluded = string.Join(", ", trade.NotCountries.Keys.Select(TradeStore.Literal));
        var provisionCount = provisions.Count == 0 ? "0" : string.Join(" + ", provisions.Select(p => $"CAST({Quote(p)} AS INTEGER)"));
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            WITH f AS (
                SELECT upper(trim({Quote(trade.Exporter)})) AS exporter, upper(trim({Quote(trade.Importer)})) AS importer, CAST({Quote(trade.Year)} AS INTEGER) AS year,
                       CAST({Quote(trade.Value)} AS DOUBLE) AS v, CAST({Quote(trade.Agreement)} AS BIGINT) <> 0 AS agreement, {provisionCount} AS provisions
                FROM {Panel(path)}),
            sides AS (
                SELECT exporter AS country, importer AS partner, year, v, agreement, provisions FROM f WHERE importer NOT IN ({excluded}) AND exporter <> importer
                UNION ALL
                SELECT importer, exporter, year, v, agreement, provisions FROM f WHERE exporter NOT IN ({excluded}) AND exporter <> importer)
            SELECT country, year,
                   100 * sum(CASE WHEN agreement THEN v ELSE 0 END) / sum(v),
                   count(DISTINCT CASE WHEN agreement AND provisions >= $deep THEN partner END),
                   sum(CASE WHEN agreement THEN v * provisions ELSE 0 END) / sum(v)
            FROM sides GROUP BY country, year HAVING sum(v) > 0 ORDER BY country, year
            """;
        command.Parameters.Add(new DuckDBParameter("deep", trade.DeepProvisions));
        var source = RulesSource(trade);
        var values = new List<IndicatorValue>();
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                var (country, year) = (reader.GetString(0), reader.GetInt32(1));
                if (iso.Contains(country))
                {
                    values.Add(new IndicatorValue(TradeCovered, country, year, reader.GetDouble(2), source));
                    values.Add(new IndicatorValue(DeepPartners, country, year, reader.GetInt64(3), source));
                    values.Add(new IndicatorValue(Provisions, country, year, reader.GetDouble(4), source));
                }
            }
        }

        return values;
    }

    /// <summary>
    /// Stores the panel's flows as a country-level dataset per year through the generic CSV importer (whose checks and
    /// historical codes apply): flows of zero (the file lists them) and flows to or from a partner that is no country
    /// are left out. Returns the stored years and how many nonzero flows were left out.
    /// </summary>
    private async Task<(IReadOnlyList<DatasetInfo> Datasets, long LeftOut)> ImportTradeAsync(DuckDBConnection connection, string path, OpenTrade trade, CancellationToken ct)
    {
        var excluded = string.Join(", ", trade.NotCountries.Keys.Select(TradeStore.Literal));
        var folder = System.IO.Directory.CreateTempSubdirectory("lianbo-open-");
        try
        {
            // The name keeps the file's years (1964-2016): the importer takes the years a file's name declares.
            var flows = Path.Combine(folder.FullName, Path.GetFileName(path)[..^".gz".Length]);
            var rows = $"""
                SELECT upper(trim({Quote(trade.Exporter)})) AS exporter, upper(trim({Quote(trade.Importer)})) AS importer, CAST({Quote(trade.Year)} AS INTEGER) AS year,
                       CAST({Quote(trade.Value)} AS DOUBLE) AS value
                FROM {Panel(path)} WHERE CAST({Quote(trade.Value)} AS DOUBLE) > 0
                """;
            await TradeStore.ExecuteAsync(connection,
                $"COPY (SELECT exporter, importer, year, value FROM ({rows}) WHERE exporter NOT IN ({excluded}) AND importer NOT IN ({excluded}) ORDER BY year, exporter, importer) TO {TradeStore.Literal(flows)} (HEADER, DELIMITER ',')", ct);
            long leftOut;
            await using (var count = connection.CreateCommand())
            {
                count.CommandText = $"SELECT count(*) FROM ({rows}) WHERE exporter IN ({excluded}) OR importer IN ({excluded})";
                leftOut = Convert.ToInt64(await count.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
            }

            var options = new CsvImportOptions(CsvColumnMapping.Parse("year=year,exporter=exporter,importer=importer,value=value"),
                Source: trade.Source, Revision: trade.Revision, Unit: trade.Unit);
            return (await CsvImporter.ImportAsync(store, flows, options, ct: ct), leftOut);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private async Task<Dictionary<string, string>> HashesAsync(OpenDataManifest manifest, CancellationToken ct)
    {
        var hashes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in manifest.Files)
        {
            var path = Path.Combine(Directory, name);
            if (!File.Exists(path))
            {
                throw new TradeDataException(path, null, TradeText.Format("FileNotFound"));
            }

            await using var stream = File.OpenRead(path);
            hashes[name] = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, ct));
        }

        return hashes;
    }

    private static async Task<Dictionary<string, string>> StoredHashesAsync(DuckDBConnection connection, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name, sha256 FROM open_data_files";
        var stored = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            stored[reader.GetString(0)] = reader.GetString(1);
        }

        return stored;
    }

    internal static Task CreateTablesAsync(DuckDBConnection connection, CancellationToken ct) =>
        TradeStore.ExecuteAsync(connection, "CREATE TABLE IF NOT EXISTS open_data_files (name VARCHAR NOT NULL, sha256 VARCHAR NOT NULL, loaded_at TIMESTAMP NOT NULL)", ct);
}
