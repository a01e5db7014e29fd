using System.Globalization;
using DuckDB.NET.Data;

namespace Lianbo.Trade.Store;

/// <summary>
/// The embedded analytical store (a DuckDB file under the data directory). It is created on first use.
/// Each stored year of a source is one table of flows (<c>flows_…</c>) named in the catalogue <c>datasets</c>,
/// with the country mapping that was applied to it in <c>country_codes</c>. A year is replaced by creating the
/// new table and swapping the catalogue rows in one transaction, so readers see either the old year or the new one.
/// A store made with <see cref="KeepOpen"/> (the web app's, one per process) holds the database open until it is disposed:
/// every use then gets a cheap connection to the open database instead of opening and closing the file.
/// On several nodes one store is the <see cref="TradeRole.Writer"/>, which publishes a snapshot after every committed write
/// (<see cref="TradeSnapshots"/>), and the others are <see cref="TradeRole.Reader"/>s, which read the newest snapshot.
/// </summary>
public sealed class TradeStore(string path, TradeRole role = TradeRole.Single) : IAsyncDisposable
{
    public const string FileName = "trade.duckdb";

    /// <summary>How often at most a reader looks whether a newer snapshot was published: one small file read per interval.</summary>
    public static readonly TimeSpan SnapshotCheckInterval = TimeSpan.FromSeconds(1);

    private readonly Lock _gate = new();
    private bool _keepOpen;
    private DuckDBConnection? _anchor;
    private volatile bool _initialised;
    // One set-up at a time in this process.
    private readonly SemaphoreSlim _settingUp = new(1, 1);
    // A reader's snapshot, and when it last looked for a newer one (Environment.TickCount64; null: look at the next use).
    private string? _snapshot;
    private long? _checkedAt;
    // A writer's publishing: one copy at a time; a write that commits during a copy asks for one more after it.
    private Task _publishing = Task.CompletedTask;
    private bool _publishRunning;
    private long _publishRequests;

    public string Path { get; } = System.IO.Path.GetFullPath(path);

    public TradeRole Role => role;

    /// <summary>Where a writer publishes snapshots and readers find them: <c>trade-snapshots/</c> beside the store file.</summary>
    public string SnapshotDirectory => Snapshots.Directory;

    private TradeSnapshots Snapshots { get; } = new(System.IO.Path.Combine(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!, TradeSnapshots.DirectoryName));

    /// <summary>Where <see cref="ExportParquetAsync"/> writes by default: <c>parquet/</c> beside the store file.</summary>
    public string ParquetDirectory => System.IO.Path.Combine(System.IO.Path.GetDirectoryName(Path)!, "parquet");

    public static TradeStore InDirectory(string dataDirectory, TradeRole role = TradeRole.Single) =>
        new(System.IO.Path.Combine(dataDirectory, FileName), role);

    /// <summary>
    /// Keeps the database open from the first use until this store is disposed (DuckDB.NET shares one open database between
    /// the connections of a process to the same file, and closes it with the last one). The catalogue's set-up then runs once.
    /// While it is open, another process cannot write to the file: the command line's trade commands go through the server then.
    /// </summary>
    public TradeStore KeepOpen()
    {
        _keepOpen = true;
        return this;
    }

    /// <summary>
    /// Raised after every committed write (an import, an index build, indicators, an input–output table), on the writer's
    /// thread: what keeps answers computed from the store (the web app's cache) drops them here.
    /// </summary>
    public event Action? Changed;

    /// <summary>Raised on a writer after each snapshot it published, on a pool thread.</summary>
    public event Action<TradeSnapshot>? Published;

    /// <summary>Raised on a writer when a snapshot could not be published (a full disk); readers keep the previous one.</summary>
    public event Action<Exception>? PublishFailed;

    internal void NotifyChanged()
    {
        Changed?.Invoke();
        if (role == TradeRole.Writer)
        {
            RequestPublish();
        }
    }

    /// <summary>
    /// A writer publishes a snapshot of the store as it is now, and returns when it is published (or the copy it waits for failed).
    /// Every committed write asks for one by itself; this is for a writer's start, which may follow writes made while no writer published.
    /// </summary>
    public async Task PublishAsync()
    {
        if (role != TradeRole.Writer)
        {
            throw new InvalidOperationException($"Only a writer publishes trade snapshots; this store is {role}.");
        }

        await RequestPublish();
    }

    /// <summary>Waits for the snapshots a writer was asked for; what the command line does before it exits.</summary>
    public Task PublishedAsync()
    {
        lock (_gate)
        {
            return _publishing;
        }
    }

    private Task RequestPublish()
    {
        lock (_gate)
        {
            _publishRequests++;
            if (!_publishRunning)
            {
                _publishRunning = true;
                _publishing = Task.Run(PublishRequestedAsync);
            }

            return _publishing;
        }
    }

    // Copies until no write committed during the last copy: writes that come in a burst (the open data's index builds) cost one or two copies.
    private async Task PublishRequestedAsync()
    {
        while (true)
        {
            long requests;
            lock (_gate)
            {
                requests = _publishRequests;
            }

            try
            {
                await using var connection = Open();
                var snapshot = await Snapshots.PublishAsync(connection, CancellationToken.None);
                Published?.Invoke(snapshot);
            }
            catch (Exception e) when (e is DuckDBException or IOException or UnauthorizedAccessException)
            {
                PublishFailed?.Invoke(e);
            }

            lock (_gate)
            {
                if (_publishRequests == requests)
                {
                    _publishRunning = false;
                    return;
                }
            }
        }
    }

    /// <summary>A reader's current snapshot file (null before the writer published one); for a writer or a single node, null.</summary>
    public string? CurrentSnapshot => role == TradeRole.Reader ? Snapshots.Current() : null;

    public DuckDBConnection Open()
    {
        if (role == TradeRole.Reader)
        {
            return OpenSnapshot();
        }

        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        if (_keepOpen && _anchor is null)
        {
            lock (_gate)
            {
                if (_anchor is null)
                {
                    var anchor = new DuckDBConnection($"Data Source={Path}");
                    anchor.Open();
                    _anchor = anchor;
                }
            }
        }

        var connection = new DuckDBConnection($"Data Source={Path}");
        connection.Open();
        return connection;
    }

    /// <summary>
    /// A reader's connection to the newest snapshot, opened read-only. At most every <see cref="SnapshotCheckInterval"/> it reads
    /// the pointer; when it names a newer snapshot, new connections open that one (those under way finish on the old one, which
    /// stays open until they close) and <see cref="Changed"/> tells the caches that their answers are of the old data.
    /// </summary>
    private DuckDBConnection OpenSnapshot()
    {
        var (file, changed) = SnapshotToUse();
        try
        {
            return OpenReadOnly(file, changed);
        }
        catch (DuckDBException) when (!File.Exists(file))
        {
            // The writer published several times since the pointer was read and deleted this one: the pointer names a newer one now.
            lock (_gate)
            {
                _checkedAt = null;
            }

            (file, changed) = SnapshotToUse();
            return OpenReadOnly(file, changed);
        }
    }

    /// <summary>
    /// A reader looks now whether the writer published a newer snapshot, and if so moves to it (raising <see cref="Changed"/>).
    /// The web app calls it every <see cref="SnapshotCheckInterval"/>: answers it keeps in memory are served without opening
    /// the store, so without it a reader that answers only from its cache would never look.
    /// </summary>
    public void CheckSnapshot()
    {
        if (role == TradeRole.Reader && Snapshots.Current() is { } current && current != Volatile.Read(ref _snapshot))
        {
            lock (_gate)
            {
                _checkedAt = null;
            }

            using var connection = OpenSnapshot();
        }
    }

    private (string File, bool Changed) SnapshotToUse()
    {
        var now = Environment.TickCount64;
        lock (_gate)
        {
            if (_snapshot is not null && _checkedAt is { } checkedAt && now - checkedAt < (long)SnapshotCheckInterval.TotalMilliseconds)
            {
                return (_snapshot, false);
            }

            var current = Snapshots.Current() ?? throw new TradeSnapshotMissingException(TradeText.Format("NoSnapshot", Snapshots.Directory));
            _checkedAt = now;
            var changed = current != _snapshot;
            _snapshot = current;
            return (current, changed);
        }
    }

    private DuckDBConnection OpenReadOnly(string file, bool changed)
    {
        var connectionString = $"Data Source={file};ACCESS_MODE=READ_ONLY";
        if (changed && _keepOpen)
        {
            // The new snapshot's anchor first, so that the database stays open between the requests; then the old one lets go.
            var anchor = new DuckDBConnection(connectionString);
            anchor.Open();
            DuckDBConnection? old;
            lock (_gate)
            {
                (old, _anchor) = (_anchor, anchor);
            }

            old?.Dispose();
        }

        var connection = new DuckDBConnection(connectionString);
        connection.Open();
        if (changed)
        {
            Changed?.Invoke();
        }

        return connection;
    }

    public async ValueTask DisposeAsync()
    {
        await PublishedAsync();
        await CloseAsync();
    }

    /// <summary>Lets go of the database a <see cref="KeepOpen"/> store holds (the next use opens it again).</summary>
    public async ValueTask CloseAsync()
    {
        DuckDBConnection? anchor;
        lock (_gate)
        {
            (anchor, _anchor, _initialised) = (_anchor, null, false);
        }

        if (anchor is not null)
        {
            await anchor.DisposeAsync();
        }
    }

    /// <summary>Creates the file and its catalogue tables if they are not there yet.</summary>
    public async Task InitialiseAsync(CancellationToken ct = default)
    {
        await using var connection = Open();
        await InitialiseAsync(connection, ct);
    }

    public async Task<bool> IsHealthyAsync(CancellationToken ct = default)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT value FROM store_info WHERE key = 'schema_version'";
        return await command.ExecuteScalarAsync(ct) is string;
    }

    /// <summary>Every stored year, newest first, then by source and revision.</summary>
    public async Task<IReadOnlyList<DatasetInfo>> ListDatasetsAsync(CancellationToken ct = default)
    {
        await using var connection = Open();
        await InitialiseAsync(connection, ct);
        return await ReadDatasetsAsync(connection, "", [], ct);
    }

    /// <summary>The country mapping applied to one stored year, by source code.</summary>
    public async Task<IReadOnlyList<CountryCode>> CountryCodesAsync(DatasetKey key, CancellationToken ct = default)
    {
        await using var connection = Open();
        await InitialiseAsync(connection, ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT code, country, name, mapping FROM country_codes WHERE source = $source AND revision = $revision AND year = $year ORDER BY code";
        AddKey(command, key);
        var codes = new List<CountryCode>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            codes.Add(new CountryCode(reader.GetInt32(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetString(3)));
        }

        return codes;
    }

    /// <summary>
    /// Writes one stored year as Parquet, the exchange format for other engines (Spark, Trino, pandas):
    /// one row per flow with the ISO codes the store uses, the source's own codes beside them, and the HS code
    /// as six-digit text. Returns the file written (by default <c>parquet/SOURCE/REVISION/YEAR.parquet</c>).
    /// </summary>
    public async Task<string> ExportParquetAsync(DatasetKey key, string? file = null, CancellationToken ct = default)
    {
        await using var connection = Open();
        await InitialiseAsync(connection, ct);
        var table = await TableOfAsync(connection, key, ct) ?? throw new InvalidOperationException(TradeText.Format("NoDataset", key));
        file = System.IO.Path.GetFullPath(file ?? System.IO.Path.Combine(ParquetDirectory, Sanitise(key.Source), Sanitise(key.Revision), $"{key.Year}.parquet"));
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(file)!);
        // Written beside the target and renamed, so a reader never sees half a file.
        var partial = file + ".partial";
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = $"""
                COPY (
                    SELECT f.year, ce.country AS exporter, ci.country AS importer, f.exporter AS exporter_code, f.importer AS importer_code,
                           lpad(CAST(f.product AS VARCHAR), 6, '0') AS product, f.value, f.quantity
                    FROM {table} f
                    JOIN country_codes ce ON ce.source = $source AND ce.revision = $revision AND ce.year = $year AND ce.code = f.exporter
                    JOIN country_codes ci ON ci.source = $source AND ci.revision = $revision AND ci.year = $year AND ci.code = f.importer
                ) TO {Literal(partial)} (FORMAT parquet)
                """;
            AddKey(command, key);
            await command.ExecuteNonQueryAsync(ct);
        }

        File.Move(partial, file, overwrite: true);
        return file;
    }

    /// <summary>
    /// Runs an import in one transaction: everything the work stages and commits becomes visible together,
    /// and any exception (a bad row, Ctrl+C) leaves the store exactly as it was.
    /// </summary>
    internal async Task<IReadOnlyList<DatasetInfo>> ImportAsync(Func<ImportSession, Task> work, CancellationToken ct)
    {
        if (role == TradeRole.Reader)
        {
            throw new InvalidOperationException(TradeText.Format("ReaderWrites", Snapshots.Directory));
        }

        await using var connection = Open();
        await InitialiseAsync(connection, ct);
        // DuckDB writes the blocks of a large insert to the file before the transaction commits ("optimistic writes")
        // and keeps them when it rolls back: the file does not shrink, CHECKPOINT or not (20 million rows rolled back
        // left a 1 MB store at 277 MB). Without them an import's rows stay in memory until COMMIT writes them, so a
        // refused file leaves the store as it was, also in size, and the staged table can become the stored year
        // without a copy. A setting of the database, not of this connection: the same for every import.
        await ExecuteAsync(connection, "SET enable_optimistic_write = false", ct);
        await ExecuteAsync(connection, "BEGIN TRANSACTION", ct);
        try
        {
            var session = new ImportSession(connection);
            await work(session);
            await ExecuteAsync(connection, "COMMIT", ct);
            NotifyChanged();
            var keys = session.Committed;
            var all = await ReadDatasetsAsync(connection, "", [], ct);
            return [.. all.Where(d => keys.Contains(d.Key))];
        }
        catch (Exception e)
        {
            // CancellationToken.None: the rollback must happen even when the import was cancelled. A rollback that
            // fails (the connection is gone) must not hide why the import stopped; nothing was committed either way.
            try
            {
                await ExecuteAsync(connection, "ROLLBACK", CancellationToken.None);
            }
            catch (DuckDBException rollback)
            {
                throw new AggregateException(e, rollback);
            }

            throw;
        }
    }

    internal static async Task<string?> TableOfAsync(DuckDBConnection connection, DatasetKey key, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT table_name FROM datasets WHERE source = $source AND revision = $revision AND year = $year";
        AddKey(command, key);
        return await command.ExecuteScalarAsync(ct) as string;
    }

    internal static async Task<IReadOnlyList<DatasetInfo>> ReadDatasetsAsync(DuckDBConnection connection, string where, IEnumerable<DuckDBParameter> parameters, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT source, revision, year, rows, total_value, unit, generated, has_products, file_name, release, imported_at
            FROM datasets {where}
            ORDER BY year DESC, generated, source, revision
            """;
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(parameter);
        }

        var list = new List<DatasetInfo>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            list.Add(new DatasetInfo(
                reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.GetInt64(3), reader.GetDouble(4), reader.GetString(5),
                reader.GetBoolean(6), reader.GetBoolean(7), reader.GetString(8), reader.IsDBNull(9) ? null : reader.GetString(9), reader.GetDateTime(10)));
        }

        return list;
    }

    internal static void AddKey(DuckDBCommand command, DatasetKey key)
    {
        command.Parameters.Add(new DuckDBParameter("source", key.Source));
        command.Parameters.Add(new DuckDBParameter("revision", key.Revision));
        command.Parameters.Add(new DuckDBParameter("year", key.Year));
    }

    internal static async Task ExecuteAsync(DuckDBConnection connection, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>A SQL string literal; DuckDB's table functions (read_csv, COPY … TO) take file names as literals.</summary>
    internal static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static string Sanitise(string name) =>
        string.Concat(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_'));

    /// <summary>
    /// Creates the catalogue tables (the store's own and those of indices, indicators, open data and input–output tables) unless this store,
    /// kept open, already did: concurrent first set-ups of one table conflict in DuckDB ("write-write conflict on create").
    /// </summary>
    internal async Task InitialiseAsync(DuckDBConnection connection, CancellationToken ct)
    {
        // A snapshot is a copy of an initialised store, and read-only.
        if (_initialised || role == TradeRole.Reader)
        {
            return;
        }

        await _settingUp.WaitAsync(ct);
        try
        {
            if (!_initialised)
            {
                await CreateCatalogueAsync(connection, ct);
                _initialised = _keepOpen;
            }
        }
        finally
        {
            _settingUp.Release();
        }
    }

    private static async Task CreateCatalogueAsync(DuckDBConnection connection, CancellationToken ct)
    {
        // No primary keys: DuckDB checks them eagerly, and a year is deleted and inserted again in one transaction.
        // The import code keeps (source, revision, year) unique.
        await ExecuteAsync(connection, string.Create(CultureInfo.InvariantCulture, $"""
            CREATE TABLE IF NOT EXISTS store_info (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL);
            INSERT OR IGNORE INTO store_info VALUES ('schema_version', '1');
            CREATE TABLE IF NOT EXISTS datasets (
                source VARCHAR NOT NULL, revision VARCHAR NOT NULL, year INTEGER NOT NULL, table_name VARCHAR NOT NULL,
                rows BIGINT NOT NULL, total_value DOUBLE NOT NULL, unit VARCHAR NOT NULL, generated BOOLEAN NOT NULL,
                has_products BOOLEAN NOT NULL, file_name VARCHAR NOT NULL, release VARCHAR, imported_at TIMESTAMP NOT NULL);
            CREATE TABLE IF NOT EXISTS country_codes (
                source VARCHAR NOT NULL, revision VARCHAR NOT NULL, year INTEGER NOT NULL,
                code INTEGER NOT NULL, country VARCHAR NOT NULL, name VARCHAR, mapping VARCHAR NOT NULL);
            """), ct);
        await Indices.IndexStore.CreateTablesAsync(connection, ct);
        await Indices.ExternalIndicators.CreateTablesAsync(connection, ct);
        await OpenData.OpenDataLoader.CreateTablesAsync(connection, ct);
        await InputOutput.IoStore.CreateTablesAsync(connection, ct);
    }
}
