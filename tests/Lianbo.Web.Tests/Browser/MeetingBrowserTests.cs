using Lianbo.Core.Accounts;
using Lianbo.Web.Tests.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lianbo.Web.Tests.Browser;

/// <summary>Two participants in Debian's Chromium: one asks for a meeting in English, the other accepts it in Chinese.</summary>
public class MeetingBrowserTests
{
    [Fact]
    public async Task Two_participants_request_and_accept_a_meeting_and_then_see_each_others_contact_details()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var session = await BrowserSession.StartAsync(ct);
        var page = session.Page;
        var buyer = await session.Services.CreateUserAsync(Roles.Participant, "Buyer Motors", isPublic: true);
        var seller = await session.Services.CreateUserAsync(Roles.Participant, "Seller Cells", isPublic: true);
        var day = DateTimeOffset.UtcNow.AddDays(7).ToOffset(TimeSpan.FromHours(8)).Date;

        // The buyer asks in English, proposing two times (Beijing time).
        await session.SignInAsync(buyer.Email, TestAccounts.Password);
        await page.GoToAsync($"{session.Url}/meetings/new?to={seller.OrganisationId}");
        Assert.Contains("Seller Cells", await session.TextAsync(".lead"));
        await page.TypeAsync("textarea[name=Message]", "We need LFP cells for 2027 models");
        await SetTimeAsync(page, "#time-0", day.AddHours(10));
        await SetTimeAsync(page, "#time-1", day.AddHours(14));
        await session.ClickAndWaitAsync("#send-request");
        Assert.Contains("Seller Cells", await session.TextAsync("#meeting-sent"));

        // The seller, in Chinese, sees the notice and the request awaiting its answer, and accepts the second time.
        await session.SignInAsync(seller.Email, TestAccounts.Password);
        await session.ClickAndWaitAsync("#lang-zh");
        await page.GoToAsync(session.Url + "/meetings");
        Assert.Equal("洽谈", await session.TextAsync("h1"));
        Assert.Contains("向贵机构申请洽谈", await session.TextAsync("#notices"));
        var request = "#awaiting-you article[data-counterpart='Buyer Motors']";
        Assert.Contains("We need LFP cells", await session.TextAsync(request + " .message"));
        Assert.Null(await page.QuerySelectorAsync(request + " .contact"));
        // The recipient declines; withdrawing is the sender's.
        Assert.Null(await page.QuerySelectorAsync(request + " button.cancel"));
        await page.ClickAsync($"{request} input[name=Slot][value='{day.AddHours(14):yyyy-MM-ddTHH:mm}']");
        await session.ClickAndWaitAsync(request + " button.accept");
        Assert.Contains("Buyer Motors", await session.TextAsync("#meetings-message"));
        var accepted = "#accepted article[data-counterpart='Buyer Motors']";
        Assert.Contains($"{day.AddHours(14):yyyy-MM-dd} 14:00", await session.TextAsync(accepted + " .when"));
        Assert.Contains(buyer.Email, await session.TextAsync(accepted + " .contact"));
        // Accepted, it no longer awaits an answer.
        Assert.Null(await page.QuerySelectorAsync("#awaiting-you article[data-counterpart='Buyer Motors']"));

        // The buyer sees the meeting accepted, with the seller's contact details, and the notice of it.
        await session.SignInAsync(buyer.Email, TestAccounts.Password);
        await session.ClickAndWaitAsync("#lang-en");
        await page.GoToAsync(session.Url + "/meetings");
        Assert.Contains("accepted the meeting", await session.TextAsync("#notices"));
        Assert.Contains(seller.Email, await session.TextAsync("#accepted article[data-counterpart='Seller Cells'] .contact"));
        await session.ClickAndWaitAsync("#mark-read");
        Assert.Null(await page.QuerySelectorAsync("#unread"));

        // The buyer turns the meeting e-mails off in its account settings; the account keeps the choice.
        await page.GoToAsync(session.Url + "/account");
        Assert.True(await page.EvaluateExpressionAsync<bool>("document.querySelector('#meeting-mail-on').checked"));
        await page.ClickAsync("#meeting-mail-on");
        await session.ClickAndWaitAsync("#meeting-mail-save");
        Assert.False(await page.EvaluateExpressionAsync<bool>("document.querySelector('#meeting-mail-on').checked"));
        await using var scope = session.Services.CreateAsyncScope();
        var stored = await scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<LianboUser>>().FindByIdAsync(buyer.Id);
        Assert.True(stored!.MeetingMailOff);
    }

    [Fact]
    public async Task With_two_open_editions_the_sender_chooses_one_and_its_times_are_read_on_that_editions_clock()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var session = await BrowserSession.StartAsync(ct);
        var page = session.Page;
        var buyer = await session.Services.CreateUserAsync(Roles.Participant, "Buyer Motors", isPublic: true);
        var seller = await session.Services.CreateUserAsync(Roles.Participant, "Seller Cells", isPublic: true);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        Guid beijing, berlin;
        await using (var scope = session.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<Lianbo.Core.Data.LianboDbContext>();
            Lianbo.Core.Expo.Edition Edition(int number, string en, int startsIn) => new()
            {
                Id = Guid.NewGuid(), Number = number, NameZh = $"第{number}届", NameEn = en, ThemeZh = "链接世界", ThemeEn = "Link the world",
                StartsOn = today.AddDays(startsIn), EndsOn = today.AddDays(startsIn + 4), CityZh = "北京", CityEn = "Beijing", VenueZh = "顺义馆", VenueEn = "Shunyi",
            };
            var (first, second) = (Edition(8, "Beijing edition", 40), Edition(9, "Berlin edition", 80));
            db.Editions.AddRange(first, second);
            await db.SaveChangesAsync(ct);
            (beijing, berlin) = (first.Id, second.Id);
            var settings = Meetings.ScheduleFixture.Settings with { TimeZone = "Europe/Berlin" };
            Assert.True((await scope.ServiceProvider.GetRequiredService<Lianbo.Core.Scheduling.MeetingSchedules>().SaveSettingsAsync(Viewer.CommandLine, berlin, settings, ct)).IsValid);
        }

        // Both editions are offered, each with its time zone; the buyer picks the Berlin one and types 10:00.
        await session.SignInAsync(buyer.Email, TestAccounts.Password);
        await page.GoToAsync($"{session.Url}/meetings/new?to={seller.OrganisationId}");
        var options = await page.EvaluateExpressionAsync<string[]>("[...document.querySelectorAll('#meeting-edition option')].map(o => o.textContent)");
        Assert.Equal(2, options.Length);
        Assert.Contains(options, o => o.Contains("Berlin edition", StringComparison.Ordinal) && o.Contains("Central European Time (Berlin)", StringComparison.Ordinal));
        Assert.Contains(options, o => o.Contains("Beijing edition", StringComparison.Ordinal) && o.Contains("China Standard Time (Beijing)", StringComparison.Ordinal));
        await page.SelectAsync("#meeting-edition", berlin.ToString());
        var day = DateTime.SpecifyKind(DateTime.UtcNow.Date.AddDays(7), DateTimeKind.Unspecified);
        await SetTimeAsync(page, "#time-0", day.AddHours(10));
        await session.ClickAndWaitAsync("#send-request");
        Assert.Contains("Seller Cells", await session.TextAsync("#meeting-sent"));

        await using var check = session.Services.CreateAsyncScope();
        var request = await check.ServiceProvider.GetRequiredService<Lianbo.Core.Data.LianboDbContext>().MeetingRequests
            .Include(r => r.Slots).SingleAsync(ct);
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        Assert.Equal(berlin, request.EditionId);
        Assert.NotEqual(beijing, request.EditionId);
        Assert.Equal(new DateTimeOffset(day.AddHours(10), zone.GetUtcOffset(day.AddHours(10))), Assert.Single(request.Slots).StartsAt);
    }

    // A datetime-local input takes its value as text in its own format.
    private static Task SetTimeAsync(PuppeteerSharp.IPage page, string selector, DateTime at) =>
        page.EvaluateFunctionAsync("(s, v) => document.querySelector(s).value = v", selector, at.ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture));
}
