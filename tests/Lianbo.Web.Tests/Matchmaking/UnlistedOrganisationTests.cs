using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lianbo.Core.Accounts;
using Lianbo.Core.Data;
using Lianbo.Core.Expo;
using Lianbo.Web.Tests.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lianbo.Web.Tests.Matchmaking;

/// <summary>An organisation that unlists itself is shown to no other participant: not in the directory, nor in recommendations.</summary>
public class UnlistedOrganisationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task The_top_match_unlisted_by_its_admin_leaves_the_directory_and_the_recommendations_but_organisers_still_see_it(string provider)
    {
        await using var app = await LianboApp.StartAsync(provider);
        var buyer = await app.CreateUserAsync(Roles.Participant, organisation: "EV Maker", isPublic: true);
        var hidden = await app.CreateUserAsync(Roles.Participant, organisation: "Hidden Cells", isPublic: true);
        var listed = await app.CreateUserAsync(Roles.Participant, organisation: "Listed Cells", isPublic: true);
        var organiser = app.ClientFor(await app.CreateUserAsync(Roles.Organiser));
        await app.WithServicesAsync(async s =>
        {
            var db = s.GetRequiredService<LianboDbContext>();
            db.OrganisationProducts.Add(new OrganisationProduct { OrganisationId = hidden.OrganisationId!.Value, Hs = "850760" });
            db.OrganisationProducts.Add(new OrganisationProduct { OrganisationId = listed.OrganisationId!.Value, Hs = "8507" });
            return await db.SaveChangesAsync(Ct);
        });
        var client = app.ClientFor(buyer);
        (await client.PutAsJsonAsync("/api/matchmaking/profile", new { needHs = new[] { "850760" }, seeks = "Supplier" }, Ct)).EnsureSuccessStatusCode();
        Assert.Equal([hidden.OrganisationId, listed.OrganisationId], await RecommendedAsync(client, ""));

        var unlisted = await app.ClientFor(hidden).PutAsJsonAsync($"/api/organisations/{hidden.OrganisationId}",
            new OrganisationUpdate("Hidden Cells", "隐藏电芯", "CHN", OrganisationType.Enterprise, null, false, null, null, null), Ct);

        Assert.Equal(HttpStatusCode.OK, unlisted.StatusCode);
        Assert.Equal([listed.OrganisationId], await RecommendedAsync(client, ""));
        Assert.Equal([listed.OrganisationId], await RecommendedAsync(organiser, $"&organisation={buyer.OrganisationId}"));
        var page = WebUtility.HtmlDecode(await (await AccountPagesTests.SignedInAsync(app, buyer)).GetStringAsync("/matchmaking", Ct));
        Assert.Contains("Listed Cells", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Hidden Cells", page, StringComparison.Ordinal);
        var directory = (await client.GetFromJsonAsync<JsonElement>("/api/organisations?pageSize=200", Ct)).GetProperty("items").EnumerateArray().ToList();
        Assert.DoesNotContain(directory, o => o.GetProperty("id").GetGuid() == hidden.OrganisationId);
        Assert.Contains(directory, o => o.GetProperty("id").GetGuid() == listed.OrganisationId);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/organisations/{hidden.OrganisationId}", Ct)).StatusCode);

        // Organisers still see it, and it still gets its own recommendations.
        Assert.Equal(HttpStatusCode.OK, (await organiser.GetAsync($"/api/organisations/{hidden.OrganisationId}", Ct)).StatusCode);
        Assert.Contains(buyer.OrganisationId, await RecommendedAsync(app.ClientFor(hidden), ""));
    }

    [Fact]
    public async Task An_organisation_registered_to_take_part_is_listed()
    {
        await using var app = await LianboApp.StartAsync();
        var registered = await AccountPagesTests.Browser(app).PostFormAsync("/account/register", "register",
            ("Input.Email", "kappa@example.test"), ("Input.Password", "correct horse battery staple"), ("Input.DisplayName", "Kappa Li"),
            ("Input.OrganisationNameEn", "Kappa Anodes"), ("Input.OrganisationNameZh", "卡帕负极"), ("Input.CountryIso3", "VNM"),
            ("Input.OrganisationType", nameof(OrganisationType.Enterprise)), ("Input.AcceptsPrivacyNotice", "true"));
        Assert.Contains("id=\"registered\"", await registered.HtmlAsync(), StringComparison.Ordinal);

        var directory = await AccountPagesTests.Browser(app).GetFromJsonAsync<JsonElement>("/api/organisations", Ct);

        Assert.Contains(directory.GetProperty("items").EnumerateArray(), o => o.GetProperty("nameEn").GetString() == "Kappa Anodes");
        Assert.Equal(directory.GetProperty("items").GetArrayLength(), directory.GetProperty("total").GetInt32());
    }

    private static async Task<List<Guid?>> RecommendedAsync(HttpClient client, string query) =>
        [.. (await client.GetFromJsonAsync<List<JsonElement>>("/api/matchmaking/recommendations?limit=10" + query, Ct))!.Select(r => (Guid?)r.GetProperty("organisationId").GetGuid())];
}
