using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Lianbo.Core.Data;

/// <summary>
/// Lets SQLite itself wait for a write lock another connection holds (its busy handler, in steps of a few milliseconds)
/// instead of answering "busy" at once: Microsoft.Data.Sqlite retries a busy statement only after putting the thread to
/// sleep for 150 ms, which under concurrent writers became most of a request's time. In WAL mode (set by
/// <see cref="DatabaseProvider.MigrateAsync"/>) only writers wait for each other; readers never wait.
/// </summary>
public sealed class SqliteBusyWait : DbConnectionInterceptor
{
    /// <summary>How long a statement waits for the lock before SQLite answers busy (and the driver's own retries begin).</summary>
    public const int Milliseconds = 10_000;

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Wait(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Wait(connection);
        return Task.CompletedTask;
    }

    // A call into SQLite on the open handle, no statement: pooled connections keep the handle, so this is nearly free.
    private static void Wait(DbConnection connection)
    {
        if (connection is SqliteConnection { Handle: { } handle })
        {
            SQLitePCL.raw.sqlite3_busy_timeout(handle, Milliseconds);
        }
    }
}
