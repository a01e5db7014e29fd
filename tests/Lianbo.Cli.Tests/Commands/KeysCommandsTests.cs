using Lianbo.Web.Platform;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Lianbo.Cli.Tests.Commands;

public sealed class KeysCommandsTests
{
    [Fact]
    public async Task Rotating_makes_a_new_key_sign_while_the_old_one_still_reads_what_it_signed()
    {
        await using var store = await CliStore.CreateAsync();
        var sealedBefore = Protector(store).Protect("signed before the rotation");

        var rotated = await store.RunAsync("keys", "rotate");
        var list = await store.RunAsync("keys", "list");

        Assert.Equal(0, rotated.ExitCode);
        Assert.Contains("1 older keys still verify", rotated.Out, StringComparison.Ordinal);
        Assert.Equal(2, Lines(list.Out).Count(l => l.EndsWith("active", StringComparison.Ordinal)));
        Assert.Equal("signed before the rotation", Protector(store).Unprotect(sealedBefore));
    }

    [Fact]
    public async Task Revoking_every_key_voids_what_they_signed_and_a_new_key_signs()
    {
        await using var store = await CliStore.CreateAsync();
        var sealedBefore = Protector(store).Protect("a sign-in cookie");

        var revoked = await store.RunAsync("keys", "revoke", "--all", "--reason", "leaked in a backup");
        var list = await store.RunAsync("keys", "list");

        Assert.Equal(0, revoked.ExitCode);
        Assert.Contains("Every key revoked", revoked.Out, StringComparison.Ordinal);
        Assert.Contains(Lines(list.Out), l => l.EndsWith("revoked", StringComparison.Ordinal));
        Assert.Contains(Lines(list.Out), l => l.EndsWith("active", StringComparison.Ordinal) || l.EndsWith("not yet active", StringComparison.Ordinal));
        Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(() => Protector(store).Unprotect(sealedBefore));
        Assert.Equal("after", Protector(store).Unprotect(Protector(store).Protect("after")));
    }

    [Fact]
    public async Task Revoking_one_key_by_id_and_the_refusals()
    {
        await using var store = await CliStore.CreateAsync();
        Protector(store).Protect("makes the first key");
        var id = Lines((await store.RunAsync("keys", "list")).Out).Skip(1).Single().Split(' ')[0];

        var neither = await store.RunAsync("keys", "revoke");
        var both = await store.RunAsync("keys", "revoke", "--all", "--id", id);
        var unknown = await store.RunAsync("keys", "revoke", "--id", Guid.NewGuid().ToString());
        var one = await store.RunAsync("keys", "revoke", "--id", id);
        var chinese = await Cli.RunInCultureAsync("zh-CN", "keys", "revoke", "--data-dir", store.DataDirectory);

        Assert.Equal((CliApp.UserError, CliApp.UserError, CliApp.UserError, 0), (neither.ExitCode, both.ExitCode, unknown.ExitCode, one.ExitCode));
        Assert.Contains("give either --id KEY-ID or --all", neither.Error, StringComparison.Ordinal);
        Assert.Contains("there is no key", unknown.Error, StringComparison.Ordinal);
        Assert.Contains($"Key {id} revoked", one.Out, StringComparison.Ordinal);
        Assert.Contains("请指定 --id KEY-ID 或 --all 之一", chinese.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task The_commands_work_on_a_key_ring_kept_in_the_database(string provider)
    {
        await using var store = await CliStore.CreateAsync(provider);
        var rotated = await store.RunAsync("keys", "rotate", "--set", "Lianbo:Keys:Store=database");
        var list = await store.RunAsync("keys", "list", "--set", "Lianbo:Keys:Store=database");
        var malformed = await store.RunAsync("keys", "list", "--set", "Lianbo:Keys:Store");

        Assert.True(rotated.ExitCode == 0, rotated.Error);
        Assert.Equal(1, malformed.ExitCode);
        Assert.Contains("--set Lianbo:Keys:Store: give KEY=VALUE", malformed.Error, StringComparison.Ordinal);
        Assert.Single(Lines(list.Out), l => l.EndsWith("active", StringComparison.Ordinal));
        await using var db = store.Open();
        Assert.Single(db.DataProtectionKeys);
        Assert.False(Directory.Exists(Path.Combine(store.DataDirectory, "keys")));
    }

    // The web app's own Data Protection set-up over this store's state directory.
    private static IDataProtector Protector(CliStore store)
    {
        var services = new ServiceCollection().AddLogging();
        services.AddLianboDataProtection(new ConfigurationBuilder().AddInMemoryCollection([new("Lianbo:DataDirectory", store.DataDirectory)]).Build());
        return services.BuildServiceProvider().GetRequiredService<IDataProtectionProvider>().CreateProtector("test");
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
