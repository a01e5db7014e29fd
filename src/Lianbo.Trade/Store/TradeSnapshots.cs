using System.Diagnostics;
using System.Globalization;
using DuckDB.NET.Data;

namespace Lianbo.Trade.Store;

/// <summary>What a store plays on a cluster of web nodes (see <see cref="TradeStore"/> and docs/operator.md).</summary>
public enum TradeRole
{
    /// <summary>One node: reads and writes its own file, publishes nothing (today's install, no disk spent on copies).</summary>
    Single,

    /// <summary>Reads and writes its own file like <see cref="Single"/>, and publishes a snapshot after every committed write.</summary>
    Writer,

    /// <summary>Reads the newest published snapshot, read-only; writes nothing.</summary>
    Reader,
}

/// <summary>A snapshot the writer published: its generation, file, size and how long the copy took.</summary>
public sealed record TradeSnapshot(long Generation, string File, long Bytes, TimeSpan Elapsed);

/// <summary>
/// The published copies of a writer's store, in <c>trade-snapshots/</c> beside it: <c>trade-GENERATION.duckdb</c>, never changed
/// once written, and the pointer <c>current</c>, one line naming the newest. DuckDB lets one process write a file or many read it,
/// never both at once, so reader nodes cannot open the writer's file while it imports; they open the snapshot the pointer names.
/// A snapshot is written under a <c>.partial</c> name and renamed, and the pointer is replaced by a rename, so a reader sees the
/// old snapshot or the new one, whole. The newest <see cref="Kept"/> are kept: a reader still on an older one holds it open, and
/// on Linux a deleted file lives until its last reader closes it.
/// </summary>
internal sealed class TradeSnapshots(string directory)
{
    public const string DirectoryName = "trade-snapshots";
    public const string PointerName = "current";
    public const int Kept = 3;

    private const string Prefix = "trade-";
    private const string Extension = ".duckdb";

    public string Directory { get; } = directory;

    private string Pointer => Path.Combine(Directory, PointerName);

    /// <summary>The file of the newest snapshot, as the pointer names it; null before the first is published.</summary>
    public string? Current()
    {
        try
        {
            var name = File.ReadAllText(Pointer).Trim();
            return name.Length > 0 ? Path.Combine(Directory, name) : null;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>
    /// Copies the store that <paramref name="connection"/> opens to a new snapshot and points readers at it. DuckDB's
    /// <c>COPY FROM DATABASE</c> reads one transaction's view of the store, so writes that commit meanwhile are not half
    /// in the copy (a byte copy of the file would need every writer stopped), and writes the copy compactly, without the
    /// blocks that replaced years left free in the writer's file.
    /// </summary>
    public async Task<TradeSnapshot> PublishAsync(DuckDBConnection connection, CancellationToken ct)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var clock = Stopwatch.StartNew();
        var generation = Generations().Select(g => g.Generation).DefaultIfEmpty(0).Max() + 1;
        var name = string.Create(CultureInfo.InvariantCulture, $"{Prefix}{generation:D6}{Extension}");
        var file = Path.Combine(Directory, name);
        var partial = file + ".partial";
        File.Delete(partial);
        File.Delete(partial + ".wal");
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT current_database()";
            var source = (string)(await command.ExecuteScalarAsync(ct))!;
            // With optimistic writes the copy goes to the snapshot's file as it is made instead of waiting in memory for the
            // commit: measured on a 108 MB store, 6.8 s and 380 MB of memory instead of 17 s and 820 MB. Imports turn them off
            // again (TradeStore.ImportAsync); one that starts during a copy may have them, which costs only file size if it is refused.
            await TradeStore.ExecuteAsync(connection, "SET enable_optimistic_write = true", ct);
            await TradeStore.ExecuteAsync(connection, $"ATTACH {TradeStore.Literal(partial)} AS lianbo_snapshot", ct);
            try
            {
                await TradeStore.ExecuteAsync(connection, $"COPY FROM DATABASE \"{source}\" TO lianbo_snapshot", ct);
            }
            finally
            {
                // Detaching checkpoints the copy: the file is then whole without a write-ahead log beside it.
                await TradeStore.ExecuteAsync(connection, "DETACH lianbo_snapshot", CancellationToken.None);
                await TradeStore.ExecuteAsync(connection, "SET enable_optimistic_write = false", CancellationToken.None);
            }
        }

        File.Move(partial, file);
        var pointer = Pointer + ".partial";
        await File.WriteAllTextAsync(pointer, name + "\n", ct);
        File.Move(pointer, Pointer, overwrite: true);
        foreach (var old in Generations().OrderByDescending(g => g.Generation).Skip(Kept))
        {
            File.Delete(old.File);
        }

        return new TradeSnapshot(generation, file, new FileInfo(file).Length, clock.Elapsed);
    }

    private IEnumerable<(long Generation, string File)> Generations()
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            yield break;
        }

        foreach (var file in System.IO.Directory.EnumerateFiles(Directory, Prefix + "*" + Extension))
        {
            var number = Path.GetFileNameWithoutExtension(file)[Prefix.Length..];
            if (long.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var generation))
            {
                yield return (generation, file);
            }
        }
    }
}

/// <summary>A reader node was asked for trade data before the writer published its first snapshot.</summary>
public sealed class TradeSnapshotMissingException(string message) : InvalidOperationException(message);
