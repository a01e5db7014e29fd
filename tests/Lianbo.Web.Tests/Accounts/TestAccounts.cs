using System.Net.Http.Headers;
using Lianbo.Core.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Lianbo.Web.Tests.Accounts;

/// <summary>A confirmed account made for a test, with a personal API token made as the tokens page makes one (in a session, now).</summary>
public sealed record TestUser(string Id, string Email, string DisplayName, string Phone, Guid? OrganisationId, string Token, Guid TokenId);

/// <summary>Builds accounts the way the product does (Identity, the token use case), without going through pages.</summary>
public static class TestAccounts
{
    public const string Password = "correct horse battery staple";

    private static int _counter;

    /// <summary>A participant who administers a new organisation, an analyst or an organiser.</summary>
    public static Task<TestUser> CreateUserAsync(this LianboApp app, string role, string? organisation = null, bool isPublic = false, TokenScope scope = TokenScope.ReadWrite) =>
        app.Services.CreateUserAsync(role, organisation, isPublic, scope);

    /// <summary>The same in any running app (the browser tests' too); the password is <see cref="Password"/>.</summary>
    public static async Task<TestUser> CreateUserAsync(this IServiceProvider app, string role, string? organisation = null, bool isPublic = false, TokenScope scope = TokenScope.ReadWrite)
    {
        await using var scope_ = app.CreateAsyncScope();
        var services = scope_.ServiceProvider;
        var db = services.GetRequiredService<Core.Data.LianboDbContext>();
        var n = Interlocked.Increment(ref _counter);
        var user = new LianboUser
        {
            UserName = $"{role}{n}@example.test",
            Email = $"{role}{n}@example.test",
            EmailConfirmed = true,
            DisplayName = $"Person Zhang{n}",
            PhoneNumber = $"+86 10 5555 {n:0000}",
            CreatedAt = DateTimeOffset.UtcNow,
        };
        if (organisation is not null)
        {
            var org = new Organisation
            {
                Id = Guid.NewGuid(), NameEn = organisation, NameZh = organisation + "公司", CountryIso3 = "CHN", IsPublic = isPublic,
                ContactPerson = user.DisplayName, ContactEmail = user.Email, ContactPhone = user.PhoneNumber, CreatedAt = DateTimeOffset.UtcNow,
            };
            db.Organisations.Add(org);
            await db.SaveChangesAsync();
            user.OrganisationId = org.Id;
            user.IsOrganisationAdmin = true;
        }

        var users = services.GetRequiredService<UserManager<LianboUser>>();
        var created = await users.CreateAsync(user, Password);
        Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Description)));
        await users.AddToRoleAsync(user, role);
        db.ConsentRecords.Add(new ConsentRecord { UserId = user.Id, Version = Core.Accounts.Accounts.PrivacyNoticeVersion, At = DateTimeOffset.UtcNow });
        await db.SaveChangesAsync();
        var token = await services.GetRequiredService<ApiTokens>().CreateAsync(user.Id, "test", scope, 30, TokenOrigin.Session);
        return new TestUser(user.Id, user.Email, user.DisplayName, user.PhoneNumber, user.OrganisationId, token.Value!.Token, token.Value.Info.Id);
    }

    public static HttpClient ClientFor(this LianboApp app, TestUser? user)
    {
        var client = app.CreateClient();
        if (user is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", user.Token);
        }

        return client;
    }

    public static async Task<T> WithServicesAsync<T>(this LianboApp app, Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }
}
