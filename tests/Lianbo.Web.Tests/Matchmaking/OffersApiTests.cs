using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Lianbo.Core.Accounts;
using Lianbo.Core.Data;
using Lianbo.Core.Expo;
using Lianbo.Core.Tests.Expo;
using Lianbo.Web.Tests.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lianbo.Web.Tests.Matchmaking;

/// <summary>
/// What an organisation offers, as the organiser's list (the exhibitor import, an organiser's edits) and its own: each
/// side replaces only its own, the answer says whose each item is, and the import report gives the ids it stored.
/// </summary>
public class OffersApiTests
{
    private const string Battery = "smart-vehicles/traction-batteries-and-electric-drive";
    private static readonly string Header = string.Join(",", ExhibitorTemplate.Columns);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string File(string products) => Header + "\n"
        + $"cells-01,Example Cells,示例电芯,CHN,enterprise,large,yes,yes,,{products},{Battery},smart-vehicles,A1-001,lithium-01\n"
        + "lithium-01,Example Lithium,示例锂业,AUS,enterprise,sme,no,no,,,,,,\n";

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task The_organisations_edits_keep_the_organisers_items_and_the_import_report_gives_the_ids(string provider)
    {
        await using var app = await LianboApp.StartAsync(provider);
        var admin = await app.CreateUserAsync(Roles.Participant, organisation: "Example Cells", isPublic: true);
        var other = app.ClientFor(await app.CreateUserAsync(Roles.Participant, organisation: "Other Works", isPublic: true));
        var organiser = app.ClientFor(await app.CreateUserAsync(Roles.Organiser));
        var client = app.ClientFor(admin);
        var id = admin.OrganisationId!.Value;
        var edition = await app.WithServicesAsync(async s =>
        {
            var db = s.GetRequiredService<LianboDbContext>();
            var e = TestEditions.Small();
            db.Editions.Add(e);
            (await db.Organisations.SingleAsync(o => o.Id == id)).Key = "cells-01";
            await db.SaveChangesAsync();
            return e.Id;
        });

        // The import: the admin's organisation is updated under its key, the partner made; the report names both by id.
        var imported = await organiser.PostAsync($"/api/editions/{edition}/exhibitors/import?format=csv", new StringContent(File("850760"), Encoding.UTF8, "text/csv"), Ct);
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        var rows = (await imported.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("organisations").EnumerateArray()
            .Select(r => (Line: r.GetProperty("line").GetInt32(), Key: r.GetProperty("key").GetString(), Id: r.GetProperty("organisationId").GetGuid(),
                Created: r.GetProperty("created").GetBoolean(), Exhibitor: r.GetProperty("exhibitorId").ValueKind == JsonValueKind.Null ? (Guid?)null : r.GetProperty("exhibitorId").GetGuid()))
            .ToList();
        var (lithium, exhibitor) = await app.WithServicesAsync(async s =>
        {
            var db = s.GetRequiredService<LianboDbContext>();
            return ((await db.Organisations.SingleAsync(o => o.Key == "lithium-01", Ct)).Id, (await db.Exhibitors.SingleAsync(e => e.OrganisationId == id, Ct)).Id);
        });
        Assert.Equal([(2, "cells-01", id, false, (Guid?)exhibitor), (3, "lithium-01", lithium, true, null)], rows);

        // The exhibitor's public page and its API show the logo and description its admin gave.
        var logo = new ByteArrayContent(Accounts.OrganisationProfileApiTests.Png);
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsync($"/api/organisations/{id}/logo", logo, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsJsonAsync($"/api/organisations/{id}", new
        {
            nameEn = "Example Cells", nameZh = "示例电芯", countryIso3 = "CHN", type = "Enterprise", isPublic = true, descriptionEn = "Cells for cars", descriptionZh = "车用电芯",
        }, Ct)).StatusCode);
        var anonymous = app.CreateClient();
        var shown = await anonymous.GetFromJsonAsync<JsonElement>($"/api/exhibitors/{exhibitor}", Ct);
        var logoUrl = shown.GetProperty("logoUrl").GetString()!;
        Assert.Equal("image/png", (await anonymous.GetAsync(logoUrl, Ct)).Content.Headers.ContentType?.MediaType);
        Assert.Equal("Cells for cars", shown.GetProperty("descriptionEn").GetString());
        var pageHtml = await anonymous.GetStringAsync($"/expo/exhibitors/{exhibitor}", Ct);
        Assert.Contains($"src=\"{logoUrl.Replace("&", "&amp;", StringComparison.Ordinal)}\"", pageHtml, StringComparison.Ordinal);
        Assert.Contains("Cells for cars", pageHtml, StringComparison.Ordinal);

        // The organisation adds its own items; leaving the organiser's out of its list does not remove them.
        var saved = await client.PutAsJsonAsync("/api/matchmaking/offers", new { products = new[] { "8507" }, stages = new[] { "smart-vehicles/vehicles" } }, Ct);
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var own = Items(await saved.Content.ReadFromJsonAsync<JsonElement>(Ct));
        Assert.Equal([("8507", false), ("850760", true)], own.Products);
        Assert.Equal([(Battery, true), ("smart-vehicles/vehicles", false)], own.Stages);

        // A code that does not exist is named, nothing saved; another organisation may neither read nor change the lists.
        var bad = await client.PutAsJsonAsync("/api/matchmaking/offers", new { products = new[] { "8599" } }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("\"8599\" is not an HS code: give 2, 4 or 6 digits", (await bad.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").GetProperty("products")[0].GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync($"/api/matchmaking/offers?organisation={id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.PutAsJsonAsync($"/api/matchmaking/offers?organisation={id}", new { products = Array.Empty<string>() }, Ct)).StatusCode);

        // The organiser imports again with another product: its list changes, the organisation's own stays; the export has the organiser's only.
        Assert.Equal(HttpStatusCode.OK, (await organiser.PostAsync($"/api/editions/{edition}/exhibitors/import?format=csv",
            new StringContent(File("8506;850760"), Encoding.UTF8, "text/csv"), Ct)).StatusCode);
        var afterImport = Items(await client.GetFromJsonAsync<JsonElement>("/api/matchmaking/offers", Ct));
        Assert.Equal([("8506", true), ("8507", false), ("850760", true)], afterImport.Products);
        var export = await organiser.GetStringAsync($"/api/editions/{edition}/exhibitors/export?format=csv", Ct);
        Assert.Contains($",8506;850760,{Battery},", export, StringComparison.Ordinal);

        // An organiser's edit is the organiser's list; the organisation's own is kept.
        var byOrganiser = await organiser.PutAsJsonAsync($"/api/matchmaking/offers?organisation={id}", new { products = new[] { "8506" }, stages = new[] { Battery } }, Ct);
        var organisers = Items(await byOrganiser.Content.ReadFromJsonAsync<JsonElement>(Ct));
        Assert.Equal([("8506", true), ("8507", false)], organisers.Products);
        Assert.Equal([(Battery, true), ("smart-vehicles/vehicles", false)], organisers.Stages);
        Assert.Equal(2, await app.WithServicesAsync(s => s.GetRequiredService<LianboDbContext>().AuditEntries.CountAsync(e => e.Action == "organisation.offers", Ct)));
    }

    private static ((string, bool)[] Products, (string, bool)[] Stages) Items(JsonElement offers)
    {
        static (string, bool)[] List(JsonElement list) => [.. list.EnumerateArray().Select(i => (i.GetProperty("code").GetString()!, i.GetProperty("byOrganiser").GetBoolean()))];
        return (List(offers.GetProperty("products")), List(offers.GetProperty("stages")));
    }
}
