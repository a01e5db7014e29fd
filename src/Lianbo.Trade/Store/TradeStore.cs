using DuckDB.NET.Data;

namespace Lianbo.Trade.Store;

/// <summary>
/// The embedded analytical store (a DuckDB file under the data directory). It is created on first use;
/// the trade importers and engines add their tables to it.
/// </summary>
public sealed class TradeStore(string path)
{
    public const string FileName = "trade.duckdb";

    public string Path { get; } = System.IO.Path.GetFullPath(path);

    public static TradeStore InDirectory(string dataDirectory) => new(System.IO.Path.Combine(dataDirectory, FileName));

    public DuckDBConnection Open()
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        var connection = new DuckDBConnection($"Data Source={Path}");
        connection.Open();
        return connection;
    }

    /// <summary>Creates the file and its catalogue table if they are not there yet.</summary>
    public async Task InitialiseAsync(CancellationToken ct = default)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            CREATE TABLE IF NOT EXISTS store_info (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL);
            INSERT OR IGNORE INTO store_info VALUES ('schema_version', '1');
            """;
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task<bool> IsHealthyAsync(CancellationToken ct = default)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT value FROM store_info WHERE key = 'schema_version'";
        return await command.ExecuteScalarAsync(ct) is string;
    }
}
