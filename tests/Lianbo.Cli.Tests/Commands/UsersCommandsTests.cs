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

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task An_organiser_gives_a_user_a_first_token_shown_once_and_recorded(string provider)
    {
        await using var store = await CliStore.CreateAsync(provider);
        await store.RunWithInputAsync("a long enough secret\n", "users", "create-organiser", "--email", "li@expo.example", "--name", "Li Na", "--password-stdin");

        var made = await store.RunAsync("users", "token", "--email", "LI@expo.example", "--name", "erp sync", "--scope", "ReadWrite", "--days", "7");
        var unknown = await store.RunAsync("users", "token", "--email", "nobody@expo.example", "--name", "x");
        var tooLong = await store.RunAsync("users", "token", "--email", "li@expo.example", "--name", "x", "--days", "999");

        Assert.Equal(0, made.ExitCode);
        var lines = made.Out.TrimEnd().Split('\n');
        Assert.Contains("Token \"erp sync\" for LI@expo.example (ReadWrite, expires ", lines[^2], StringComparison.Ordinal);
        var token = lines[^1].Trim();
        Assert.StartsWith(ApiTokens.TokenPrefix, token, StringComparison.Ordinal);
        await using var db = store.Open();
        var user = await db.Users.SingleAsync(u => u.Email == "li@expo.example", TestContext.Current.CancellationToken);
        var stored = await db.ApiTokens.SingleAsync(TestContext.Current.CancellationToken);
        Assert.Equal((user.Id, "erp sync", TokenScope.ReadWrite, TokenOrigin.Cli), (stored.UserId, stored.Name, stored.Scope, stored.CreatedFrom));
        Assert.Equal(7, (stored.ExpiresAt - stored.CreatedAt).TotalDays, precision: 3);
        // Only its hash is kept: the output was the one chance to copy it.
        Assert.DoesNotContain(token, stored.Hash + stored.Prefix, StringComparison.Ordinal);
        var audit = await db.AuditEntries.SingleAsync(e => e.Action == "token.create", TestContext.Current.CancellationToken);
        Assert.Equal((stored.Id.ToString(), "cli"), (audit.EntityId, audit.ActorId));
        Assert.Contains(user.Id, audit.After, StringComparison.Ordinal);
        Assert.DoesNotContain(token, audit.After, StringComparison.Ordinal);
        Assert.Equal((CliApp.UserError, CliApp.UserError), (unknown.ExitCode, tooLong.ExitCode));
        Assert.StartsWith("email: no account has the e-mail address nobody@expo.example", unknown.Error, StringComparison.Ordinal);
        Assert.StartsWith("days:", tooLong.Error, StringComparison.Ordinal);
        Assert.Equal(1, await db.ApiTokens.CountAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_token_made_with_the_email_as_argument_works_against_the_served_api()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = await CliStore.CreateAsync();
        await store.RunWithInputAsync("a long enough secret\n", "users", "create-organiser", "--email", "li@expo.example", "--name", "Li Na", "--password-stdin");

        var made = await store.RunAsync("users", "token", "li@expo.example", "--name", "crm", "--expires", "30");
        var twice = await store.RunAsync("users", "token", "li@expo.example", "--email", "li@expo.example", "--name", "crm");
        var none = await store.RunAsync("users", "token", "--name", "crm");
        var token = made.Out.TrimEnd().Split('\n')[^1].Trim();

        var port = ChildLianbo.FreePort();
        await using var serve = ChildLianbo.Start(
            ["serve", "--data-dir", store.DataDirectory, "--set", "Lianbo:LoadDemoOnFreshStore=false", "--set", "Lianbo:LoadOpenData=false"],
            new Dictionary<string, string> { ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}" });
        Assert.True(await serve.AnswersAsync($"http://127.0.0.1:{port}/healthz", "Healthy", TimeSpan.FromMinutes(3)), serve.Output);
        using var http = new HttpClient();
        using var me = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{port}/api/me");
        me.Headers.Authorization = new("Bearer", token);
        var answer = await http.SendAsync(me, ct);
        var anonymous = await http.GetAsync($"http://127.0.0.1:{port}/api/me", ct);

        Assert.Equal(0, made.ExitCode);
        Assert.Contains("Token \"crm\" for li@expo.example (Read, expires ", made.Out, StringComparison.Ordinal);
        Assert.Equal(System.Net.HttpStatusCode.OK, answer.StatusCode);
        Assert.Contains("\"li@expo.example\"", await answer.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, anonymous.StatusCode);
        await using var db = store.Open();
        var stored = await db.ApiTokens.SingleAsync(ct);
        Assert.Equal(30, (stored.ExpiresAt - stored.CreatedAt).TotalDays, precision: 3);
        Assert.Equal((1, 1), (twice.ExitCode, none.ExitCode)); // a usage error, as the parser reports one
        Assert.Contains("Give the user's e-mail address once", twice.Error + twice.Out, StringComparison.Ordinal);
        Assert.Contains("Give the user's e-mail address once", none.Error + none.Out, StringComparison.Ordinal);
    }
}
