using System.Net;
using System.Text.RegularExpressions;
using Lianbo.Core.Accounts;
using Lianbo.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static Lianbo.Web.Tests.Accounts.AccountPagesTests;

namespace Lianbo.Web.Tests.Accounts;

/// <summary>
/// The soft lock-out per account and client address is kept in the platform store: it holds across web nodes on one
/// database and across a restart. (Its behaviour on one node is in <see cref="AccountPagesTests"/>.)
/// </summary>
public sealed class SignInLockoutTests
{
    private const string Attacker = "203.0.113.40";
    private const string Locked = "try again in 15 minutes";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Failures_spread_over_two_web_nodes_lock_the_address_out_on_both()
    {
        await using var first = await LianboApp.StartAsync(DatabaseProvider.Postgres);
        await using var second = first.Restarted();
        var victim = await first.CreateUserAsync(Roles.Participant, "Rho Cathodes");
        var organiser = await SignedInAsync(second, await first.CreateUserAsync(Roles.Organiser));
        HttpClient[] nodes = [AccountPagesTests.Browser(first, address: Attacker), AccountPagesTests.Browser(second, address: Attacker)];

        // Turn about, so that each node sees only half of the failures.
        var answers = new List<string>();
        for (var attempt = 0; attempt < FailedSignIns; attempt++)
        {
            answers.Add(await (await nodes[attempt % 2].SignInAsync(victim.Email, "guess " + attempt)).HtmlAsync());
        }

        var onFirst = await (await nodes[0].SignInAsync(victim.Email, TestAccounts.Password)).HtmlAsync();
        var onSecond = await (await nodes[1].SignInAsync(victim.Email, TestAccounts.Password)).HtmlAsync();
        var fromHome = await AccountPagesTests.Browser(second, address: "198.51.100.40").SignInAsync(victim.Email, TestAccounts.Password);
        var users = WebUtility.HtmlDecode(await organiser.GetStringAsync("/users", Ct)).ReplaceLineEndings(" ");

        Assert.All(answers[..^1], a => Assert.Contains("The e-mail address or the password is wrong.", a, StringComparison.Ordinal));
        Assert.Contains(Locked, answers[^1], StringComparison.Ordinal);
        Assert.Contains(Locked, onFirst, StringComparison.Ordinal);
        Assert.Contains(Locked, onSecond, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, fromHome.StatusCode);
        Assert.Matches($"data-user=\"{Regex.Escape(victim.Email)}\">(?:(?!</tr>).)*Locked", users);
    }

    [Fact]
    public async Task Failures_at_the_same_time_on_two_nodes_are_all_counted_and_one_of_them_locks()
    {
        await using var first = await LianboApp.StartAsync(DatabaseProvider.Postgres);
        await using var second = first.Restarted();
        SignInThrottle[] nodes = [first.Services.GetRequiredService<SignInThrottle>(), second.Services.GetRequiredService<SignInThrottle>()];
        var address = IPAddress.Parse(Attacker);

        var locked = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() => nodes[i % 2].RecordFailureAsync("victim@example.test", address, Ct), Ct)));
        var counted = await first.WithServicesAsync(s => s.GetRequiredService<LianboDbContext>().SignInFailures.Select(f => f.Failures).SingleAsync(Ct));

        Assert.Equal(40, counted);
        Assert.Single(locked, l => l);
    }

    [Fact]
    public async Task A_restart_does_not_forget_a_lock_out()
    {
        await using var app = await LianboApp.StartAsync();
        var victim = await app.CreateUserAsync(Roles.Participant, "Sigma Foils");
        var attacker = AccountPagesTests.Browser(app, address: Attacker);
        for (var attempt = 0; attempt < FailedSignIns; attempt++)
        {
            await attacker.SignInAsync(victim.Email, "guess " + attempt);
        }

        await using var restarted = app.Restarted();
        var again = await (await AccountPagesTests.Browser(restarted, address: Attacker).SignInAsync(victim.Email, TestAccounts.Password)).HtmlAsync();
        var fromHome = await AccountPagesTests.Browser(restarted, address: "198.51.100.41").SignInAsync(victim.Email, TestAccounts.Password);

        Assert.Contains(Locked, again, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, fromHome.StatusCode);
    }

    [Fact]
    public async Task A_lock_out_ends_after_its_minutes_and_rows_past_their_time_are_deleted()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = await LianboApp.StartAsync(clock: clock);
        var victim = await app.CreateUserAsync(Roles.Participant, "Tau Binders");
        var attacker = AccountPagesTests.Browser(app, address: Attacker);
        for (var attempt = 0; attempt < FailedSignIns; attempt++)
        {
            await attacker.SignInAsync(victim.Email, "guess " + attempt);
        }

        await AccountPagesTests.Browser(app, address: "198.51.100.42").SignInAsync("someone@example.test", "mistyped");
        var rowsBefore = await RowsAsync(app);

        clock.Advance(TimeSpan.FromMinutes(15));
        // A failure later on deletes the rows whose window or lock-out has passed, and counts itself.
        await AccountPagesTests.Browser(app, address: "198.51.100.43").SignInAsync("someone.else@example.test", "mistyped");
        var rowsAfter = await RowsAsync(app);
        var again = await attacker.SignInAsync(victim.Email, TestAccounts.Password);

        Assert.Equal(2, rowsBefore);
        Assert.Equal(1, rowsAfter);
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
    }

    private static Task<int> RowsAsync(LianboApp app) =>
        app.WithServicesAsync(s => s.GetRequiredService<LianboDbContext>().SignInFailures.CountAsync(Ct));
}
