using Lianbo.Core.Data;
using Lianbo.Core.Accounts;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Lianbo.Core.Tests.Data;

/// <summary>
/// Npgsql's automatic preparation after a failed statement (npgsql/npgsql#6391): without
/// <see cref="PostgresPreparedStatements"/> the next use of the statement on the same pooled connection fails with
/// "Received unexpected backend message DataRow".
/// </summary>
public class PostgresPreparedStatementsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_statement_that_failed_while_being_prepared_runs_again_on_the_same_connection(bool inTransaction)
    {
        await using var store = await TestStore.CreateAsync(DatabaseProvider.Postgres);
        (await store.MigratedContextAsync()).Dispose();
        // One connection in the pool, and every statement prepared at its first use: the failure and the next use meet.
        var options = new LianboOptions
        {
            DataDirectory = store.Directory,
            Database = new DatabaseOptions
            {
                Provider = DatabaseProvider.Postgres,
                ConnectionString = new NpgsqlConnectionStringBuilder(store.Options.Database.ConnectionString)
                {
                    MaxAutoPrepare = 10, AutoPrepareMinUsages = 1, MaxPoolSize = 1, ApplicationName = "prepared-" + inTransaction,
                }.ToString(),
            },
        };

        for (var round = 0; round < 3; round++)
        {
            await using (var db = DatabaseProvider.CreateContext(options))
            {
                await using var transaction = inTransaction ? await db.Database.BeginTransactionAsync(Ct) : null;
                // PostgreSQL refuses a NUL in text, after the statement (an insert that returns the new id) was sent to be prepared.
                db.AuditEntries.Add(Entry($"bad\0{round}"));
                await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync(Ct));
                if (transaction is not null)
                {
                    await transaction.RollbackAsync(Ct);
                }
            }

            await using (var db = DatabaseProvider.CreateContext(options))
            {
                db.AuditEntries.Add(Entry($"good {round}"));
                await db.SaveChangesAsync(Ct);
            }
        }

        await using var check = DatabaseProvider.CreateContext(options);
        Assert.Equal(["good 0", "good 1", "good 2"], await check.AuditEntries.Select(e => e.EntityId).OrderBy(e => e).ToListAsync(Ct));
    }

    private static AuditEntry Entry(string entityId) => new()
    {
        At = DateTimeOffset.UtcNow, ActorRole = "admin", Action = "test", EntityType = "test", EntityId = entityId,
    };
}
