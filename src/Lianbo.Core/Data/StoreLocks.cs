using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;

namespace Lianbo.Core.Data;

/// <summary>
/// Serialises a check and the write that depends on it (a count under a limit, a date that slots are computed
/// from) across connections, web nodes and the CLI. On PostgreSQL an advisory lock held to the end of the current
/// transaction; on SQLite the write transaction already does it (Microsoft.Data.Sqlite begins IMMEDIATE, so the
/// second writer waits before it reads). Call inside a transaction.
/// </summary>
public static class StoreLocks
{
    /// <summary>Only one holder of <paramref name="key"/> at a time; waits for shared holders to finish.</summary>
    public static Task ExclusiveAsync(LianboDbContext db, string key, CancellationToken ct = default) =>
        LockAsync(db, shared: false, key, ct);

    /// <summary>Any number of shared holders together, none beside an exclusive one.</summary>
    public static Task SharedAsync(LianboDbContext db, string key, CancellationToken ct = default) =>
        LockAsync(db, shared: true, key, ct);

    /// <summary>The number PostgreSQL's advisory lock functions take for <paramref name="key"/>.</summary>
    public static long Id(string key) => BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes(key)), 0);

    private static async Task LockAsync(LianboDbContext db, bool shared, string key, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("A store lock lasts as long as its transaction; begin one first.");
        }

        if (db is PostgresLianboDbContext)
        {
            var id = Id(key);
            _ = shared
                ? await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock_shared({id})", ct)
                : await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({id})", ct);
        }
    }
}
