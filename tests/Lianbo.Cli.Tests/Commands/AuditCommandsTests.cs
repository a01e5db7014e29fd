using Lianbo.Core.Accounts;
using Lianbo.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Lianbo.Cli.Tests.Commands;

/// <summary><c>lianbo audit verify</c> over a real chain, tampered with the way someone with the database's password could.</summary>
public sealed class AuditCommandsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_whole_chain_verifies_and_names_its_head(string provider)
    {
        await using var store = await ChainAsync(provider, 5);

        var result = await store.RunAsync("audit", "verify");
        var head = await HeadAsync(store);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"5 audit entries verified; head 5:{head}", result.Out, StringComparison.Ordinal);
        Assert.Equal(0, (await store.RunAsync("audit", "verify", "--expect-head", $"5:{head}")).ExitCode);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task An_edited_entry_is_reported_at_its_sequence(string provider)
    {
        await using var store = await ChainAsync(provider, 5);
        await TamperAsync(store, """UPDATE "AuditEntries" SET "After" = '{"roles":["organiser"]}' WHERE "Sequence" = 3""");

        var result = await store.RunAsync("audit", "verify");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("2 audit entries verified", result.Out, StringComparison.Ordinal);
        Assert.StartsWith("Broken at sequence 3: hash mismatch", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_removed_middle_entry_is_reported_as_a_missing_sequence(string provider)
    {
        await using var store = await ChainAsync(provider, 5);
        await TamperAsync(store, """DELETE FROM "AuditEntries" WHERE "Sequence" = 3""");

        var result = await store.RunAsync("audit", "verify");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("Broken at sequence 3: missing sequence", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_rewritten_entry_with_a_new_hash_breaks_the_next_link(string provider)
    {
        await using var store = await ChainAsync(provider, 5);
        await using (var db = store.Open())
        {
            var entry = await db.AuditEntries.AsNoTracking().SingleAsync(e => e.Sequence == 2, Ct);
            entry.Action = "forged";
            await TamperAsync(store, $"""UPDATE "AuditEntries" SET "Action" = 'forged', "Hash" = '{AuditChain.ComputeHash(entry)}' WHERE "Sequence" = 2""");
        }

        var result = await store.RunAsync("audit", "verify");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("Broken at sequence 3: previous-hash mismatch", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_removed_tail_is_found_with_the_noted_head(string provider)
    {
        await using var store = await ChainAsync(provider, 5);
        var head = $"5:{await HeadAsync(store)}";
        await TamperAsync(store, """DELETE FROM "AuditEntries" WHERE "Sequence" >= 4""");

        var without = await store.RunAsync("audit", "verify");
        var with = await store.RunAsync("audit", "verify", "--expect-head", head);

        // The shorter chain is whole in itself: only the head noted before shows what is gone.
        Assert.Equal(0, without.ExitCode);
        Assert.Equal(1, with.ExitCode);
        Assert.Contains("3 audit entries verified", with.Out, StringComparison.Ordinal);
        Assert.StartsWith("Broken at sequence 4: missing sequence, the chain ends before the expected head 5", with.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_option_exits_2()
    {
        await using var store = await ChainAsync("sqlite", 1);

        var malformed = await store.RunAsync("audit", "verify", "--expect-head", "five:abc");
        var unknown = await store.RunAsync("audit", "verify", "--everything");

        Assert.Equal((CliApp.UserError, CliApp.UserError), (malformed.ExitCode, unknown.ExitCode));
        Assert.Contains("is not SEQUENCE:HASH", malformed.Error, StringComparison.Ordinal);
        Assert.Contains("--everything", unknown.Error, StringComparison.Ordinal);
    }

    // A migrated store with a chain of that many entries, written as the application writes them.
    private static async Task<CliStore> ChainAsync(string provider, int entries)
    {
        var store = await CliStore.CreateAsync(provider);
        await using var db = store.Open();
        await DatabaseProvider.MigrateAsync(db, Ct);
        var audit = new AuditLog(db, TimeProvider.System);
        for (var i = 1; i <= entries; i++)
        {
            audit.Record(Viewer.CommandLine, "user.set-roles", nameof(LianboUser), "user-" + i, new { roles = new[] { "participant" } }, new { roles = new[] { "analyst" } });
            await db.SaveChangesAsync(Ct);
        }

        return store;
    }

    private static async Task<string> HeadAsync(CliStore store)
    {
        await using var db = store.Open();
        return (await db.AuditEntries.OrderByDescending(e => e.Sequence).FirstAsync(Ct)).Hash!;
    }

    // As someone with the database's password would: the append-only triggers dropped first.
    private static async Task TamperAsync(CliStore store, string sql)
    {
        await using var db = store.Open();
        var dropTriggers = db is SqliteLianboDbContext
            ? """DROP TRIGGER "AuditEntries_no_update"; DROP TRIGGER "AuditEntries_no_delete";"""
            : """DROP TRIGGER "AuditEntries_seal_only" ON "AuditEntries"; DROP TRIGGER "AuditEntries_append_only" ON "AuditEntries";""";
        await db.Database.ExecuteSqlRawAsync(dropTriggers, Ct);
        await db.Database.ExecuteSqlRawAsync(sql.Replace("{", "{{", StringComparison.Ordinal).Replace("}", "}}", StringComparison.Ordinal), Ct);
    }
}
