using Lianbo.Core.Accounts;
using Lianbo.Web.Tests.Accounts;

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
        await page.ClickAsync($"{request} input[name=Slot][value='{day.AddHours(14):yyyy-MM-ddTHH:mm}']");
        await session.ClickAndWaitAsync(request + " button.accept");
        Assert.Contains("Buyer Motors", await session.TextAsync("#meetings-message"));
        var accepted = "#accepted article[data-counterpart='Buyer Motors']";
        Assert.Contains($"{day.AddHours(14):yyyy-MM-dd} 14:00", await session.TextAsync(accepted + " .when"));
        Assert.Contains(buyer.Email, await session.TextAsync(accepted + " .contact"));

        // The buyer sees the meeting accepted, with the seller's contact details, and the notice of it.
        await session.SignInAsync(buyer.Email, TestAccounts.Password);
        await session.ClickAndWaitAsync("#lang-en");
        await page.GoToAsync(session.Url + "/meetings");
        Assert.Contains("accepted the meeting", await session.TextAsync("#notices"));
        Assert.Contains(seller.Email, await session.TextAsync("#accepted article[data-counterpart='Seller Cells'] .contact"));
        await session.ClickAndWaitAsync("#mark-read");
        Assert.Null(await page.QuerySelectorAsync("#unread"));
    }

    // A datetime-local input takes its value as text in its own format.
    private static Task SetTimeAsync(PuppeteerSharp.IPage page, string selector, DateTime at) =>
        page.EvaluateFunctionAsync("(s, v) => document.querySelector(s).value = v", selector, at.ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture));
}
