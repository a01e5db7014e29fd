using Lianbo.Core.Accounts;
using Microsoft.EntityFrameworkCore;

namespace Lianbo.Cli.Tests.Commands;

public sealed class UsersCommandsTests
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task The_first_organiser_is_created_with_the_password_given_on_standard_input(string provider)
    {
        await using var store = await CliStore.CreateAsync(provider);

        var created = await store.RunWithInputAsync("a long enough secret\n", "users", "create-organiser", "--email", "chief@expo.example", "--name", "Chief Organiser", "--password-stdin");

        Assert.Equal(0, created.ExitCode);
        Assert.Contains("Organiser chief@expo.example created", created.Out, StringComparison.Ordinal);
        await using var db = store.Open();
        var user = await db.Users.SingleAsync(u => u.Email == "chief@expo.example", TestContext.Current.CancellationToken);
        var roles = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where ur.UserId == user.Id select r.Name).ToListAsync(TestContext.Current.CancellationToken);
        Assert.True(user.EmailConfirmed);
        Assert.Equal([Roles.Organiser], roles);
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == "user.create-organiser" && e.EntityId == user.Id, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Without_a_password_or_with_a_weak_one_nothing_is_created()
    {
        await using var store = await CliStore.CreateAsync();

        var none = await store.RunAsync("users", "create-organiser", "--email", "a@expo.example", "--name", "A");
        var weak = await store.RunWithInputAsync("short\n", "users", "create-organiser", "--email", "b@expo.example", "--name", "B", "--password-stdin");

        Assert.Equal((CliApp.UserError, CliApp.UserError), (none.ExitCode, weak.ExitCode));
        Assert.Contains("There is no default password", none.Error, StringComparison.Ordinal);
        Assert.StartsWith("password: the password needs at least 10 characters", weak.Error, StringComparison.Ordinal);
        await using var db = store.Open();
        Assert.Equal(0, await db.Users.CountAsync(TestContext.Current.CancellationToken));
    }
}
