using System.Data.Common;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lianbo.Core.Accounts;
using Lianbo.Core.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Lianbo.Web.Tests.Accounts;

public class AccountApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Tokens_stop_working_when_revoked_or_expired_and_read_tokens_cannot_write()
    {
        await using var app = await LianboApp.StartAsync();
        var user = await app.CreateUserAsync(Roles.Participant, "Gamma Grid");
        var client = app.ClientFor(user);

        var created = await (await client.PostAsJsonAsync("/api/me/tokens", new { name = "reader", scope = "Read", days = 30 }, Ct))
            .Content.ReadFromJsonAsync<JsonElement>(Ct);
        var readToken = created.GetProperty("token").GetString()!;
        var reader = app.CreateClient();
        reader.DefaultRequestHeaders.Authorization = new("Bearer", readToken);

        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/api/me", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.PostAsJsonAsync("/api/me/tokens", new { name = "x" }, Ct)).StatusCode);
        // Only the hash is stored: the token text is nowhere in the table.
        Assert.False(await app.WithServicesAsync(s => s.GetRequiredService<LianboDbContext>().ApiTokens.AnyAsync(t => t.Hash == readToken || t.Prefix == readToken, Ct)));

        var id = created.GetProperty("info").GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await client.DeleteAsync($"/api/me/tokens/{id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await reader.GetAsync("/api/me", Ct)).StatusCode);

        await app.WithServicesAsync(async s =>
        {
            var db = s.GetRequiredService<LianboDbContext>();
            var token = await db.ApiTokens.SingleAsync(t => t.Id == user.TokenId, Ct);
            token.ExpiresAt = DateTimeOffset.UtcNow.AddMinutes(-1);
            return await db.SaveChangesAsync(Ct);
        });
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/me", Ct)).StatusCode);
    }

    [Fact]
    public async Task Identity_no_longer_locks_an_account_however_often_a_password_is_wrong()
    {
        await using var app = await LianboApp.StartAsync();
        var user = await app.CreateUserAsync(Roles.Participant, "Delta Farms");

        var (enabled, last) = await app.WithServicesAsync(async s =>
        {
            var signIn = s.GetRequiredService<SignInManager<LianboUser>>();
            var account = (await signIn.UserManager.FindByIdAsync(user.Id))!;
            for (var i = 0; i < 20; i++)
            {
                await signIn.CheckPasswordSignInAsync(account, "wrong password " + i, lockoutOnFailure: true);
            }

            return (await signIn.UserManager.GetLockoutEnabledAsync(account), await signIn.CheckPasswordSignInAsync(account, TestAccounts.Password, lockoutOnFailure: true));
        });

        // Anyone could lock any account that way; the sign-in pages lock per account and client address instead.
        Assert.False(enabled);
        Assert.True(last.Succeeded);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Tokens_are_made_and_the_account_deleted_only_with_a_fresh_read_write_token_made_in_a_session(string provider)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = await LianboApp.StartAsync(provider, clock: clock);
        var user = await app.CreateUserAsync(Roles.Participant, "Lambda Optics");
        var session = app.ClientFor(user);

        // A fresh token from the tokens page (as TestAccounts makes them) may make a token…
        var made = await session.PostAsJsonAsync("/api/me/tokens", new { name = "script", scope = "ReadWrite", days = 30 }, Ct);
        Assert.Equal(HttpStatusCode.OK, made.StatusCode);
        var byToken = app.CreateClient();
        byToken.DefaultRequestHeaders.Authorization = new("Bearer", (await made.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("token").GetString());
        var reader = app.ClientFor(await app.CreateUserAsync(Roles.Participant, "Mu Pumps", scope: TokenScope.Read));
        var byCli = app.CreateClient();
        byCli.DefaultRequestHeaders.Authorization = new("Bearer", await app.WithServicesAsync(async s =>
            (await s.GetRequiredService<UserAdmin>().CreateTokenAsync(Viewer.CommandLine, user.Email, "ci", TokenScope.ReadWrite, 30, Ct)).Value!.Token));

        // …but a token made by a token, by the command line, or a read-only one may not, even fresh.
        var refusals = new[]
        {
            (await byToken.PostAsJsonAsync("/api/me/tokens", new { name = "chain" }, Ct), "this one was made by another token or by the command line"),
            (await byToken.DeleteAsync("/api/me", Ct), "this one was made by another token or by the command line"),
            (await byCli.PostAsJsonAsync("/api/me/tokens", new { name = "chain" }, Ct), "this one was made by another token or by the command line"),
            (await reader.PostAsJsonAsync("/api/me/tokens", new { name = "chain" }, Ct), "this token may only read"),
        };
        clock.Advance(TimeSpan.FromMinutes(11));
        var stale = new[] { await session.PostAsJsonAsync("/api/me/tokens", new { name = "late" }, Ct), await session.DeleteAsync("/api/me", Ct) };

        foreach (var (response, reason) in refusals.Concat(stale.Select(r => (r, "This token was made more than 10 minutes ago"))))
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains(reason, (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        Assert.NotNull(await app.WithServicesAsync(s => s.GetRequiredService<UserManager<LianboUser>>().FindByIdAsync(user.Id)));
        // Still readable with the stale token; and a token fresh from the page deletes the account.
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync("/api/me", Ct)).StatusCode);
        var fresh = app.CreateClient();
        fresh.DefaultRequestHeaders.Authorization = new("Bearer", await app.WithServicesAsync(async s =>
            (await s.GetRequiredService<ApiTokens>().CreateAsync(user.Id, "page", TokenScope.ReadWrite, 1, TokenOrigin.Session, Ct)).Value!.Token));
        Assert.Equal(HttpStatusCode.NoContent, (await fresh.DeleteAsync("/api/me", Ct)).StatusCode);
    }

    [Fact]
    public async Task The_refusal_of_a_stale_token_is_in_Chinese_for_a_Chinese_caller()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = await LianboApp.StartAsync(clock: clock);
        var client = app.ClientFor(await app.CreateUserAsync(Roles.Participant, "Nu Valves"));
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("zh-CN");
        clock.Advance(TimeSpan.FromMinutes(11));

        var refused = await client.PostAsJsonAsync("/api/me/tokens", new { name = "late" }, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.StartsWith("此令牌创建于 10 分钟之前", (await refused.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Contact_details_are_seen_only_after_a_meeting_is_accepted()
    {
        await using var app = await LianboApp.StartAsync();
        var seller = await app.CreateUserAsync(Roles.Participant, "Epsilon Lithium", isPublic: true);
        var buyer = await app.CreateUserAsync(Roles.Participant, "Zeta Autos", isPublic: true);
        var url = $"/api/organisations/{seller.OrganisationId}";

        var anonymous = await app.ClientFor(null).GetFromJsonAsync<JsonElement>(url, Ct);
        var before = await app.ClientFor(buyer).GetFromJsonAsync<JsonElement>(url, Ct);
        await app.WithServicesAsync(async s =>
        {
            await s.GetRequiredService<Organisations>().GrantContactAsync(buyer.OrganisationId!.Value, seller.OrganisationId!.Value, "meeting accepted", Ct);
            return 0;
        });
        var after = await app.ClientFor(buyer).GetFromJsonAsync<JsonElement>(url, Ct);
        var stranger = await app.ClientFor(await app.CreateUserAsync(Roles.Participant, "Eta Trading")).GetFromJsonAsync<JsonElement>(url, Ct);

        Assert.Equal("Epsilon Lithium", anonymous.GetProperty("nameEn").GetString());
        Assert.Equal(JsonValueKind.Null, anonymous.GetProperty("contact").ValueKind);
        Assert.Equal(JsonValueKind.Null, before.GetProperty("contact").ValueKind);
        Assert.Equal(seller.Email, after.GetProperty("contact").GetProperty("email").GetString());
        Assert.Equal(JsonValueKind.Null, stranger.GetProperty("contact").ValueKind);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task The_export_holds_everything_stored_about_the_user(string provider)
    {
        await using var app = await LianboApp.StartAsync(provider);
        var user = await app.CreateUserAsync(Roles.Participant, "Theta Pharma");
        var client = app.ClientFor(user);
        await client.PutAsJsonAsync($"/api/organisations/{user.OrganisationId}", new { nameEn = "Theta Pharma", nameZh = "西塔制药", countryIso3 = "DEU", type = "Enterprise", isPublic = true, contactEmail = user.Email }, Ct);
        await client.PostAsJsonAsync($"/api/organisations/{user.OrganisationId}/invitations", new { email = "colleague@example.test" }, Ct);

        var export = await client.GetFromJsonAsync<JsonElement>("/api/me/export", Ct);

        var account = export.GetProperty("account");
        Assert.Equal((user.Email, user.DisplayName), (account.GetProperty("email").GetString(), account.GetProperty("displayName").GetString()));
        Assert.Equal(["participant"], account.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal("西塔制药", export.GetProperty("organisation").GetProperty("nameZh").GetString());
        Assert.Equal(Core.Accounts.Accounts.PrivacyNoticeVersion, export.GetProperty("consents")[0].GetProperty("version").GetString());
        Assert.Equal(["test"], export.GetProperty("apiTokens").EnumerateArray().Select(t => t.GetProperty("name").GetString()));
        Assert.Equal("colleague@example.test", export.GetProperty("invitationsSent")[0].GetProperty("email").GetString());
        Assert.Equal(["organisation.update", "organisation.invite"], export.GetProperty("auditEntries").EnumerateArray().Select(e => e.GetProperty("action").GetString()));
        Assert.DoesNotContain("passwordHash", export.GetRawText(), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Deleting_an_account_leaves_its_personal_data_in_no_table(string provider)
    {
        await using var app = await LianboApp.StartAsync(provider);
        var user = await app.CreateUserAsync(Roles.Participant, "Iota Robotics", isPublic: true);
        var client = app.ClientFor(user);
        await client.PostAsJsonAsync($"/api/organisations/{user.OrganisationId}/invitations", new { email = "friend@example.test" }, Ct);
        Assert.NotEmpty(await FindAsync(app, user));

        var deleted = await client.DeleteAsync("/api/me", Ct);

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Empty(await FindAsync(app, user));
        // The organisation and the audit record stay, without the person.
        Assert.Equal(HttpStatusCode.OK, (await app.ClientFor(null).GetAsync($"/api/organisations/{user.OrganisationId}", Ct)).StatusCode);
        Assert.True(await app.WithServicesAsync(s => s.GetRequiredService<LianboDbContext>().AuditEntries.AnyAsync(e => e.Action == "organisation.invite", Ct)));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task The_database_refuses_to_change_or_remove_audit_entries(string provider)
    {
        await using var app = await LianboApp.StartAsync(provider);
        var organiser = await app.CreateUserAsync(Roles.Organiser);
        await app.ClientFor(organiser).PostAsJsonAsync("/api/country-groups", new { code = "AUDITED", nameEn = "Audited", nameZh = "审计", members = new[] { "FRA" } }, Ct);

        var update = await Record.ExceptionAsync(() => app.WithServicesAsync(s =>
            s.GetRequiredService<LianboDbContext>().Database.ExecuteSqlRawAsync("""UPDATE "AuditEntries" SET "Action" = 'forged'""", Ct)));
        var delete = await Record.ExceptionAsync(() => app.WithServicesAsync(s =>
            s.GetRequiredService<LianboDbContext>().Database.ExecuteSqlRawAsync("""DELETE FROM "AuditEntries" """, Ct)));

        Assert.IsAssignableFrom<DbException>(update);
        Assert.IsAssignableFrom<DbException>(delete);
        Assert.Contains("append-only", update!.Message, StringComparison.Ordinal);
        var csv = await app.ClientFor(organiser).GetStringAsync("/api/audit.csv", Ct);
        Assert.Contains("country-group.create", csv, StringComparison.Ordinal);
        Assert.StartsWith("Id,At,ActorId,ActorRole,Action", csv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Too_many_token_requests_get_a_429_ProblemDetails_with_Retry_After()
    {
        await using var app = await LianboApp.StartAsync(settings: new Dictionary<string, string> { ["Lianbo:RateLimits:TokenPerMinute"] = "2" });
        var client = app.ClientFor(await app.CreateUserAsync(Roles.Participant, "Kappa Foods"));

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? last = null;
        for (var i = 0; i < 3; i++)
        {
            last = await client.PostAsJsonAsync("/api/me/tokens", new { name = "t" + i }, Ct);
            statuses.Add(last.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal("application/problem+json", last!.Content.Headers.ContentType?.MediaType);
        Assert.True(last.Headers.RetryAfter?.Delta > TimeSpan.Zero);
    }

    [Fact]
    public async Task Pages_carry_the_security_headers()
    {
        await using var app = await LianboApp.StartAsync();

        var response = await app.CreateClient().GetAsync("/countries", Ct);

        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
    }

    // Every text column of every table, searched for the person's e-mail, name and phone number.
    private static Task<List<string>> FindAsync(LianboApp app, TestUser user) => app.WithServicesAsync(async s =>
    {
        var db = s.GetRequiredService<LianboDbContext>();
        var found = new List<string>();
        foreach (var entity in db.Model.GetEntityTypes())
        {
            var table = entity.GetTableName();
            foreach (var column in entity.GetProperties().Where(p => p.ClrType == typeof(string)).Select(p => p.GetColumnName()))
            {
                var needles = new[] { user.Email, user.DisplayName, user.Phone };
                foreach (var needle in needles)
                {
                    var sql = $"""SELECT COUNT(*) AS "Value" FROM "{table}" WHERE "{column}" LIKE """ + "{0}";
                    var count = await db.Database.SqlQueryRaw<int>(sql, $"%{needle}%").SingleAsync(Ct);
                    if (count > 0)
                    {
                        found.Add($"{table}.{column} holds {needle}");
                    }
                }
            }
        }

        return found;
    });
}
