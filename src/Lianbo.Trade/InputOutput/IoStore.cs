using System.Globalization;
using DuckDB.NET.Data;
using Lianbo.Trade.Store;

namespace Lianbo.Trade.InputOutput;

/// <summary>Names one stored input–output table: publisher, release and year (e.g. WIOD, 2013, 2011).</summary>
public sealed record IoKey(string Source, string Release, int Year)
{
    public static IoKey Of(IoTable table) => new(table.Source, table.Release, table.Year);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Source} {Release} {Year}");
}

/// <summary>The table formats the importer reads (docs/io-formats.md).</summary>
public enum IoFormat
{
    /// <summary>The WIOD 2013 release as shipped (a directory of long gzip CSVs, <see cref="WiodReader"/>).</summary>
    Wiod2013,

    /// <summary>A WIOD 2016 release year, the WIOT sheet saved as .xlsx or CSV (<see cref="Wiod2016Reader"/>).</summary>
    Wiod2016,

    /// <summary>An OECD ICIO year, 2021 or 2023 release, CSV (<see cref="IcioReader"/>).</summary>
    Icio,
}

/// <summary>One stored table as the catalogue lists it.</summary>
/// <param name="Violations">Rows where intermediate + final use ≠ gross output beyond the tolerance (stored beside it).</param>
public sealed record IoTableInfo(IoKey Key, int Countries, int Sectors, long Cells, double GrossOutput, int Violations, string FileName, DateTime ImportedAt);

/// <summary>
/// Input–output tables in the trade store (the same DuckDB file): catalogue <c>io_tables</c>, the non-zero cells of
/// every table in <c>io_cells</c> (kind 0 = Z, row × column; 1 = final use, row × destination country; 2 = gross
/// output; 3 = net changes in inventories), and the rows that break the accounting identity in <c>io_violations</c>.
/// A table is stored per (source, release, year) and replaced in one transaction, so a reader sees the old table or
/// the new one and a failed import leaves the store as it was. Violations are stored and reported, not refused: the
/// table is used as published (docs/methods-io.md §2).
/// </summary>
public sealed class IoStore(TradeStore store)
{
    private const int KindZ = 0, KindFinal = 1, KindOutput = 2, KindInventories = 3;

    public async Task<IReadOnlyList<IoTableInfo>> ListAsync(CancellationToken ct = default)
    {
        await using var connection = store.Open();
        await store.InitialiseAsync(connection, ct);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT source, release, year, countries, sectors, cells, gross_output, violations, file_name, imported_at
            FROM io_tables ORDER BY source, release, year DESC
            """;
        var list = new List<IoTableInfo>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            list.Add(new IoTableInfo(new IoKey(reader.GetString(0), reader.GetString(1), reader.GetInt32(2)),
                reader.GetString(3).Split(',').Length, reader.GetString(4).Split(',').Length, reader.GetInt64(5), reader.GetDouble(6),
                reader.GetInt32(7), reader.GetString(8), reader.GetDateTime(9)));
        }

        return list;
    }

    /// <summary>
    /// Reads one year of a table in the given format and stores it. A malformed file throws
    /// <see cref="TradeDataException"/> (file, line, column) before anything is written, so the store is unchanged.
    /// </summary>
    /// <param name="year">The year to read; for the one-year files of WIOD 2016 and ICIO, null takes it from the file (its name or sheet).</param>
    public async Task<(IoTableInfo Info, IReadOnlyList<IdentityViolation> Violations)> ImportAsync(IoFormat format, string path, int? year, CancellationToken ct = default)
    {
        var read = format switch
        {
            IoFormat.Wiod2013 => WiodReader.Read(path, year ?? throw new ArgumentNullException(nameof(year), "The WIOD 2013 release holds 17 years: name one.")),
            IoFormat.Wiod2016 => Wiod2016Reader.Read(path, year),
            IoFormat.Icio => IcioReader.Read(path, year),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
        };
        var info = await StoreAsync(read.Table, read.Violations, Path.GetFileName(Path.TrimEndingDirectorySeparator(path)), ct);
        return (info, read.Violations);
    }

    /// <summary>Stores a table and its identity violations, replacing the same (source, release, year), in one transaction.</summary>
    public async Task<IoTableInfo> StoreAsync(IoTable table, IReadOnlyList<IdentityViolation> violations, string fileName, CancellationToken ct = default)
    {
        var key = IoKey.Of(table);
        await using var connection = store.Open();
        await store.InitialiseAsync(connection, ct);
        await TradeStore.ExecuteAsync(connection, "BEGIN TRANSACTION", ct);
        try
        {
            foreach (var name in new[] { "io_tables", "io_cells", "io_violations" })
            {
                await using var delete = connection.CreateCommand();
                delete.CommandText = $"DELETE FROM {name} WHERE source = $source AND release = $release AND year = $year";
                AddKey(delete, key);
                await delete.ExecuteNonQueryAsync(ct);
            }

            long cells = 0;
            using (var appender = connection.CreateAppender("io_cells"))
            {
                void Append(int kind, int row, int column, double value)
                {
                    if (value != 0)
                    {
                        appender.CreateRow().AppendValue(key.Source).AppendValue(key.Release).AppendValue(key.Year)
                            .AppendValue((sbyte)kind).AppendValue(row).AppendValue(column).AppendValue(value).EndRow();
                        cells++;
                    }
                }

                var n = table.N;
                var m = table.Countries.Length;
                for (var i = 0; i < n; i++)
                {
                    ct.ThrowIfCancellationRequested();
                    for (var j = 0; j < n; j++)
                    {
                        Append(KindZ, i, j, table.Z[i * n + j]);
                    }

                    for (var d = 0; d < m; d++)
                    {
                        Append(KindFinal, i, d, table.FinalDemand[i * m + d]);
                    }

                    Append(KindOutput, i, 0, table.GrossOutput[i]);
                    if (table.Inventories is { } inventories)
                    {
                        Append(KindInventories, i, 0, inventories[i]);
                    }
                }
            }

            using (var appender = connection.CreateAppender("io_violations"))
            {
                foreach (var v in violations)
                {
                    appender.CreateRow().AppendValue(key.Source).AppendValue(key.Release).AppendValue(key.Year).AppendValue(v.Country).AppendValue(v.Sector)
                        .AppendValue(v.Intermediate).AppendValue(v.Final).AppendValue(v.GrossOutput).AppendValue(v.Difference).AppendValue(v.Tolerance).EndRow();
                }
            }

            var info = new IoTableInfo(key, table.Countries.Length, table.Sectors.Length, cells, table.GrossOutput.Sum(), violations.Count, fileName, DateTime.UtcNow);
            await using (var insert = connection.CreateCommand())
            {
                insert.CommandText = """
                    INSERT INTO io_tables VALUES ($source, $release, $year, $countries, $sectors, $inventories, $cells, $gross, $violations, $file, $at)
                    """;
                AddKey(insert, key);
                insert.Parameters.Add(new DuckDBParameter("countries", string.Join(',', table.Countries)));
                insert.Parameters.Add(new DuckDBParameter("sectors", string.Join(',', table.Sectors)));
                insert.Parameters.Add(new DuckDBParameter("inventories", table.Inventories is not null));
                insert.Parameters.Add(new DuckDBParameter("cells", cells));
                insert.Parameters.Add(new DuckDBParameter("gross", info.GrossOutput));
                insert.Parameters.Add(new DuckDBParameter("violations", violations.Count));
                insert.Parameters.Add(new DuckDBParameter("file", fileName));
                insert.Parameters.Add(new DuckDBParameter("at", info.ImportedAt));
                await insert.ExecuteNonQueryAsync(ct);
            }

            await TradeStore.ExecuteAsync(connection, "COMMIT", ct);
            store.NotifyChanged();
            return info;
        }
        catch
        {
            await TradeStore.ExecuteAsync(connection, "ROLLBACK", CancellationToken.None);
            throw;
        }
    }

    /// <summary>The stored table, or null when the store has none for the key.</summary>
    public async Task<IoTable?> LoadAsync(IoKey key, CancellationToken ct = default)
    {
        await using var connection = store.Open();
        await store.InitialiseAsync(connection, ct);
        string[] countries, sectors;
        bool hasInventories;
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT countries, sectors, inventories FROM io_tables WHERE source = $source AND release = $release AND year = $year";
            AddKey(command, key);
            await using var reader = await command.ExecuteReaderAsync(ct);
            if (!await reader.ReadAsync(ct))
            {
                return null;
            }

            (countries, sectors, hasInventories) = (reader.GetString(0).Split(','), reader.GetString(1).Split(','), reader.GetBoolean(2));
        }

        var n = countries.Length * sectors.Length;
        var m = countries.Length;
        var z = new double[n * n];
        var fd = new double[n * m];
        var x = new double[n];
        var inventories = hasInventories ? new double[n] : null;
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT kind, r, c, value FROM io_cells WHERE source = $source AND release = $release AND year = $year";
            AddKey(command, key);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var (kind, r, c, value) = (reader.GetFieldValue<sbyte>(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetDouble(3));
                switch (kind)
                {
                    case KindZ: z[r * n + c] = value; break;
                    case KindFinal: fd[r * m + c] = value; break;
                    case KindOutput: x[r] = value; break;
                    case KindInventories when inventories is not null: inventories[r] = value; break;
                }
            }
        }

        return IoTable.Create(key.Source, key.Release, key.Year, countries, sectors, z, fd, x) with { Inventories = inventories };
    }

    /// <summary>The identity violations stored with a table, largest difference first.</summary>
    public async Task<IReadOnlyList<IdentityViolation>> ViolationsAsync(IoKey key, CancellationToken ct = default)
    {
        await using var connection = store.Open();
        await store.InitialiseAsync(connection, ct);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT country, sector, intermediate, final, gross_output, difference, tolerance FROM io_violations
            WHERE source = $source AND release = $release AND year = $year ORDER BY abs(difference) DESC, country, sector
            """;
        AddKey(command, key);
        var list = new List<IdentityViolation>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            list.Add(new IdentityViolation(reader.GetString(0), reader.GetString(1), reader.GetDouble(2), reader.GetDouble(3), reader.GetDouble(4), reader.GetDouble(5), reader.GetDouble(6)));
        }

        return list;
    }

    private static void AddKey(DuckDBCommand command, IoKey key)
    {
        command.Parameters.Add(new DuckDBParameter("source", key.Source));
        command.Parameters.Add(new DuckDBParameter("release", key.Release));
        command.Parameters.Add(new DuckDBParameter("year", key.Year));
    }

    internal static Task CreateTablesAsync(DuckDBConnection connection, CancellationToken ct) => TradeStore.ExecuteAsync(connection, """
        CREATE TABLE IF NOT EXISTS io_tables (
            source VARCHAR NOT NULL, release VARCHAR NOT NULL, year INTEGER NOT NULL, countries VARCHAR NOT NULL, sectors VARCHAR NOT NULL,
            inventories BOOLEAN NOT NULL, cells BIGINT NOT NULL, gross_output DOUBLE NOT NULL, violations INTEGER NOT NULL,
            file_name VARCHAR NOT NULL, imported_at TIMESTAMP NOT NULL);
        CREATE TABLE IF NOT EXISTS io_cells (
            source VARCHAR NOT NULL, release VARCHAR NOT NULL, year INTEGER NOT NULL, kind TINYINT NOT NULL, r INTEGER NOT NULL, c INTEGER NOT NULL, value DOUBLE NOT NULL);
        CREATE TABLE IF NOT EXISTS io_violations (
            source VARCHAR NOT NULL, release VARCHAR NOT NULL, year INTEGER NOT NULL, country VARCHAR NOT NULL, sector VARCHAR NOT NULL,
            intermediate DOUBLE NOT NULL, final DOUBLE NOT NULL, gross_output DOUBLE NOT NULL, difference DOUBLE NOT NULL, tolerance DOUBLE NOT NULL);
        """, ct);
}
