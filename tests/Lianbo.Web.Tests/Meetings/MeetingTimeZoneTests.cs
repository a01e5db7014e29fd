using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lianbo.Core.Accounts;
using Lianbo.Core.Data;
using Lianbo.Core.Expo;
using Lianbo.Core.Scheduling;
using Lianbo.Web.Tests.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lianbo.Web.Tests.Meetings;

/// <summary>
/// Meeting times are entered, checked and shown on the clock of the expo's edition, here one in Berlin over the night
/// the clocks go forward (Sunday 28 March 2027, 02:00 CET → 03:00 CEST): 10:00 on the Friday is 09:00 UTC, on the Monday 08:00 UTC.
/// </summary>
public class MeetingTimeZoneTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_time_entered_on_the_form_is_read_and_shown_in_the_editions_zone_across_daylight_saving()
    {
        await using var app = await LianboApp.StartAsync();
        await BerlinEditionAsync(app);
        var buyer = await app.CreateUserAsync(Roles.Participant, "Buyer Motors", isPublic: true);
        var seller = await app.CreateUserAsync(Roles.Participant, "Seller Cells", isPublic: true);
        var browser = await AccountPagesTests.SignedInAsync(app, buyer);
        var page = $"/meetings/new?to={seller.OrganisationId}";

        var form = await (await browser.GetAsync(page, Ct)).HtmlAsync();
        var sent = await browser.PostFormAsync(page, "request", ("To", seller.OrganisationId.ToString()!),
            ("Times", "2027-03-26T10:00"), ("Times", "2027-03-29T10:00"), ("Minutes", "30"), ("Priority", "WouldLike"));
        var stored = await app.WithServicesAsync(s => s.GetRequiredService<LianboDbContext>().ProposedSlots.AsNoTracking()
            .Select(x => x.StartsAt).ToListAsync(Ct));
        var inbox = await (await (await AccountPagesTests.SignedInAsync(app, seller)).GetAsync("/meetings", Ct)).HtmlAsync();

        Assert.Contains("Times are in the expo's time zone, Central European Time (Berlin).", form, StringComparison.Ordinal);
        Assert.Contains("id=\"meeting-sent\"", await sent.HtmlAsync(), StringComparison.Ordinal);
        Assert.Equal([new DateTimeOffset(2027, 3, 26, 9, 0, 0, TimeSpan.Zero), new DateTimeOffset(2027, 3, 29, 8, 0, 0, TimeSpan.Zero)], stored.Order());
        // The answer form offers each time on the edition's clock, and posts it back as such.
        Assert.Contains("value=\"2027-03-26T10:00\" checked /> 2027-03-26 10:00 Central European Time (Berlin) (30 minutes)", inbox, StringComparison.Ordinal);
        Assert.Contains("value=\"2027-03-29T10:00\" /> 2027-03-29 10:00 Central European Time (Berlin) (30 minutes)", inbox, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_time_the_clocks_skip_or_off_the_editions_hours_is_refused_under_its_field_naming_the_zone()
    {
        await using var app = await LianboApp.StartAsync();
        await BerlinEditionAsync(app);
        var buyer = await app.CreateUserAsync(Roles.Participant, "Buyer Motors", isPublic: true);
        var seller = await app.CreateUserAsync(Roles.Participant, "Seller Cells", isPublic: true);
        var browser = await AccountPagesTests.SignedInAsync(app, buyer);

        // 02:30 on 28 March does not exist in Berlin; 07:00 on an expo day is before its first slot (09:00 there, 14:00 in Beijing).
        var skipped = await (await browser.PostFormAsync($"/meetings/new?to={seller.OrganisationId}", "request", ("To", seller.OrganisationId.ToString()!),
            ("Times", "2027-03-28T02:30"), ("Minutes", "30"))).HtmlAsync();
        var early = await app.ClientFor(buyer).PostAsJsonAsync("/api/meetings/requests",
            new { to = seller.OrganisationId, slots = new[] { new { startsAt = DateTimeOffset.Parse("2027-03-29T07:00:00+02:00", System.Globalization.CultureInfo.InvariantCulture), minutes = 30 } } }, Ct);
        var problem = await early.Content.ReadFromJsonAsync<JsonElement>(Ct);

        Assert.Contains("give a date and time that exists in Central European Time (Berlin)", skipped, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, early.StatusCode);
        var error = Assert.Single(problem.GetProperty("errors").EnumerateObject());
        Assert.Equal("slots[0]", error.Name);
        Assert.Contains("Central European Time (Berlin)", error.Value[0].GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task The_api_stores_the_instant_and_names_the_editions_zone(string provider)
    {
        await using var app = await LianboApp.StartAsync(provider);
        await BerlinEditionAsync(app);
        var buyer = await app.CreateUserAsync(Roles.Participant, "Buyer Motors", isPublic: true);
        var seller = await app.CreateUserAsync(Roles.Participant, "Seller Cells", isPublic: true);

        var asked = await app.ClientFor(buyer).PostAsJsonAsync("/api/meetings/requests",
            new { to = seller.OrganisationId, slots = new[] { new { startsAt = "2027-03-29T10:00:00+02:00", minutes = 30 } } }, Ct);
        var request = await asked.Content.ReadFromJsonAsync<JsonElement>(Ct);

        Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        Assert.Equal("Europe/Berlin", request.GetProperty("timeZone").GetString());
        Assert.Equal(new DateTimeOffset(2027, 3, 29, 8, 0, 0, TimeSpan.Zero), request.GetProperty("slots")[0].GetProperty("startsAt").GetDateTimeOffset());
    }

    // The latest edition, so a new request goes to it: four days in Berlin over the change to summer time, slots from 09:00.
    private static Task<int> BerlinEditionAsync(LianboApp app) => app.WithServicesAsync(async s =>
    {
        var db = s.GetRequiredService<LianboDbContext>();
        var number = (await db.Editions.Select(e => (int?)e.Number).MaxAsync(Ct) ?? 0) + 1;
        var edition = new Edition
        {
            Id = Guid.NewGuid(), Number = number, NameZh = "柏林", NameEn = "Berlin", ThemeZh = "测试", ThemeEn = "Test", CityZh = "柏林", CityEn = "Berlin",
            VenueZh = "馆", VenueEn = "Hall", StartsOn = new DateOnly(2027, 3, 26), EndsOn = new DateOnly(2027, 3, 29), FloorAreaM2 = 1000,
        };
        db.Editions.Add(edition);
        db.EditionSchedules.Add(new EditionSchedule { EditionId = edition.Id, TimeZone = "Europe/Berlin" });
        return await db.SaveChangesAsync(Ct);
    });
}
