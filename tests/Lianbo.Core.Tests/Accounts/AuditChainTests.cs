using Lianbo.Core.Accounts;
using Lianbo.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Lianbo.Core.Tests.Accounts;

public class AuditChainTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Appenders_in_parallel_keep_one_unbroken_chain(string provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await (await store.MigratedContextAsync()).DisposeAsync();

        // Four writers, each with its own context and connection, each saving ten entries one by one.
        await Task.WhenAll(Enumerable.Range(0, 4).Select(writer => Task.Run(async () =>
        {
            await using var db = store.CreateContext();
            var audit = new AuditLog(db, TimeProvider.System);
            for (var i = 0; i < 10; i++)
            {
                audit.Record(Viewer.CommandLine, "test.append", "Writer", $"{writer}-{i}", after: new { writer, i, text = "链博" });
                await db.SaveChangesAsync(Ct);
            }
        }, Ct)));

        await using var check = store.CreateContext();
        var verification = await AuditChain.VerifyAsync(check, ct: Ct);
        var sequences = await check.AuditEntries.OrderBy(e => e.Sequence).Select(e => e.Sequence).ToListAsync(Ct);
        Assert.Null(verification.Problem);
        Assert.Equal(40, verification.Verified);
        Assert.Equal(Enumerable.Range(1, 40).Select(n => (long?)n), sequences);
        Assert.Equal(40, verification.Head!.Sequence);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Entries_from_before_the_chain_are_sealed_once_in_order_and_stay_append_only(string provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await using var db = store.CreateContext();
        var migrations = db.Database.GetMigrations().ToList();
        var chain = migrations.FindIndex(m => m.EndsWith("_SecurityHardening", StringComparison.Ordinal));
        await db.GetService<IMigrator>().MigrateAsync(migrations[chain - 1], Ct);
        var at = new DateTimeOffset(2026, 11, 20, 8, 30, 15, 123, TimeSpan.Zero).AddTicks(4567);
        foreach (var action in new[] { "legacy.first", "legacy.second", "legacy.third" })
        {
            await InsertLegacyAsync(db, at, action);
        }

        var applied = await DatabaseProvider.MigrateAsync(db, Ct);
        var sealedEntries = await db.AuditEntries.AsNoTracking().OrderBy(e => e.Id).ToListAsync(Ct);
        var afterSealing = await AuditChain.VerifyAsync(db, ct: Ct);
        new AuditLog(db, TimeProvider.System).Record(Viewer.CommandLine, "after.chain", "Test", "1");
        await db.SaveChangesAsync(Ct);
        var afterAppend = await AuditChain.VerifyAsync(db, ct: Ct);

        Assert.Equal(migrations.Skip(chain), applied);
        Assert.Equal(["legacy.first", "legacy.second", "legacy.third"], sealedEntries.Select(e => e.Action));
        Assert.Equal([1L, 2L, 3L], sealedEntries.Select(e => e.Sequence!.Value));
        Assert.Null(sealedEntries[0].PreviousHash);
        Assert.Equal(sealedEntries[1].Hash, sealedEntries[2].PreviousHash);
        Assert.Equal((3, (AuditProblem?)null), (afterSealing.Verified, afterSealing.Problem));
        Assert.Equal((4, (AuditProblem?)null), (afterAppend.Verified, afterAppend.Problem));

        // The triggers let only an entry without a hash be sealed, and only its chain columns; everything else is refused.
        var sealedAgain = await Record.ExceptionAsync(() => db.Database.ExecuteSqlRawAsync("""UPDATE "AuditEntries" SET "Hash" = 'x' WHERE "Sequence" = 1""", Ct));
        await InsertLegacyAsync(db, at, "outside.chain");
        var edited = await Record.ExceptionAsync(() => db.Database.ExecuteSqlRawAsync("""UPDATE "AuditEntries" SET "Action" = 'forged' WHERE "Sequence" IS NULL""", Ct));
        var outside = await AuditChain.VerifyAsync(db, ct: Ct);
        var sealing = await db.Database.ExecuteSqlRawAsync("""UPDATE "AuditEntries" SET "Sequence" = 99, "Hash" = 'y' WHERE "Sequence" IS NULL""", Ct);
        Assert.Contains("append-only", sealedAgain?.Message, StringComparison.Ordinal);
        Assert.Contains("append-only", edited?.Message, StringComparison.Ordinal);
        Assert.Equal(AuditBreak.Unsealed, outside.Problem?.Kind);
        Assert.Equal(1, sealing);
    }

    [Fact]
    public void The_canonical_form_is_the_documented_one()
    {
        var entry = new AuditEntry
        {
            Sequence = 7, At = new DateTimeOffset(2026, 11, 26, 17, 5, 9, 250, TimeSpan.FromHours(8)).AddTicks(9999), ActorId = null, ActorRole = "organiser",
            Action = "user.set-roles", EntityType = "LianboUser", EntityId = "u1", Before = null, After = """{"name":"链博"}""", PreviousHash = "ab",
        };

        Assert.Equal("lianbo-audit-v1\n1:7,24:2026-11-26T09:05:09.250Z,-9:organiser,14:user.set-roles,10:LianboUser,2:u1,-17:{\"name\":\"链博\"},2:ab,", AuditChain.Canonical(entry));
        // As `printf '%s' "$canonical" | sha256sum` gives it.
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(AuditChain.Canonical(entry)))), AuditChain.ComputeHash(entry));
    }

    // As the store held entries before the chain: no sequence nor hashes (the columns do not exist yet, or stay empty).
    private static async Task InsertLegacyAsync(LianboDbContext db, DateTimeOffset at, string action)
    {
        object when = db is SqliteLianboDbContext ? new DateTimeOffsetToBinaryConverter().ConvertToProvider(at)! : at;
        await db.Database.ExecuteSqlRawAsync(
            """INSERT INTO "AuditEntries" ("At", "ActorId", "ActorRole", "Action", "EntityType", "EntityId", "Before", "After") VALUES ({0}, 'u1', 'organiser', {1}, 'Test', 'e1', NULL, '{{"x":1}}')""",
            [when, action], Ct);
    }
}
