using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Lianbo.Core.Accounts;
using Lianbo.Core.Data;
using Lianbo.Core.Meetings;
using Lianbo.Core.Scheduling;
using Lianbo.Core.Tests.Expo;
using Lianbo.Web.Tests.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lianbo.Web.Tests.Meetings;

/// <summary>
/// The meeting e-mails as the pickup folder holds them: one .eml per e-mail, read back and decoded. The app's own
/// sender runs once a day here, so the tests send what is due themselves, through the same use case.
/// </summary>
public partial class MeetingMailTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly Dictionary<string, string> Settings = new()
    {
        ["Lianbo:Meetings:MailInterval"] = "1.00:00:00",
        ["Lianbo:PublicUrl"] = "https://lianbo.example/",
    };

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Each_step_of_a_request_is_mailed_to_the_other_side_in_its_language_and_not_to_a_member_who_turned_it_off(string provider)
    {
        await using var app = await LianboApp.StartAsync(provider, Settings);
        var mail = new MailBox(app);
        var buyer = await app.CreateUserAsync(Roles.Participant, "Buyer Motors", isPublic: true);
        var seller = await app.CreateUserAsync(Roles.Participant, "Seller Cells", isPublic: true);
        var third = await app.CreateUserAsync(Roles.Participant, "Third Parts", isPublic: true);
        await SetUserAsync(app, buyer.Id, u => u.PreferredCulture = "en");
        await SetUserAsync(app, seller.Id, u => u.PreferredCulture = "zh-CN");
        var muted = await app.CreateUserAsync(Roles.Participant);
        await SetUserAsync(app, muted.Id, u => (u.OrganisationId, u.PreferredCulture, u.MeetingMailOff) = (seller.OrganisationId, "en", true));
        var (buyerClient, sellerClient, thirdClient) = (app.ClientFor(buyer), app.ClientFor(seller), app.ClientFor(third));
        // 02:00 UTC is 10:00 in Beijing, the zone of a request outside any edition.
        var slot = DateTimeOffset.UtcNow.Date.AddDays(10).AddHours(2);
        var later = slot.AddDays(1);

        // A new request: the seller's member hears of it in Chinese, with the buyer's Chinese name, the time and a link.
        var id = await IdAsync(await buyerClient.PostAsJsonAsync("/api/meetings/requests", new { to = seller.OrganisationId, message = "We need LFP cells", slots = new[] { new { startsAt = slot, minutes = 30 } } }, Ct));
        var received = Assert.Single(await mail.NewAsync());
        Assert.Equal(seller.Email, received.To);
        Assert.Equal("Buyer Motors公司 向贵机构发来洽谈申请", received.Subject);
        Assert.Contains($"{slot:yyyy-MM-dd} 10:00 中国标准时间（北京）", received.Body, StringComparison.Ordinal);
        Assert.Contains("We need LFP cells", received.Body, StringComparison.Ordinal);
        Assert.Contains("https://lianbo.example/meetings", received.Body, StringComparison.Ordinal);
        Assert.Contains("您好", received.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("Hello", received.Body, StringComparison.Ordinal);

        // Other times proposed: the buyer hears of it in English.
        Assert.True((await sellerClient.PostAsJsonAsync($"/api/meetings/requests/{id}/counter", new { slots = new[] { new { startsAt = later, minutes = 45 } }, message = "那天没空" }, Ct)).IsSuccessStatusCode);
        var countered = Assert.Single(await mail.NewAsync());
        Assert.Equal((buyer.Email, "Seller Cells proposed other times"), (countered.To, countered.Subject));
        Assert.Contains($"{later:yyyy-MM-dd} 10:00 China Standard Time (Beijing), 45 minutes", countered.Body, StringComparison.Ordinal);
        Assert.Contains("Please answer by", countered.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("您好", countered.Body, StringComparison.Ordinal);

        // Accepted: the seller, in Chinese, with the meeting's time.
        Assert.True((await buyerClient.PostAsJsonAsync($"/api/meetings/requests/{id}/accept", new { slot = later }, Ct)).IsSuccessStatusCode);
        var accepted = Assert.Single(await mail.NewAsync());
        Assert.Equal((seller.Email, "Buyer Motors公司 已接受洽谈"), (accepted.To, accepted.Subject));
        Assert.Contains($"洽谈时间：{later:yyyy-MM-dd} 10:00 中国标准时间（北京），45 分钟", accepted.Body, StringComparison.Ordinal);

        // Declined: the third firm never chose a language, so it reads both.
        var asked = await IdAsync(await thirdClient.PostAsJsonAsync("/api/meetings/requests", new { to = buyer.OrganisationId }, Ct));
        var fromThird = Assert.Single(await mail.NewAsync());
        Assert.Equal((buyer.Email, "Meeting request from Third Parts"), (fromThird.To, fromThird.Subject));
        Assert.True((await buyerClient.PostAsJsonAsync($"/api/meetings/requests/{asked}/decline", new { message = "Not this year" }, Ct)).IsSuccessStatusCode);
        var declined = Assert.Single(await mail.NewAsync());
        Assert.Equal((third.Email, "Buyer Motors公司 谢绝了洽谈申请 / Buyer Motors declined the meeting request"), (declined.To, declined.Subject));
        Assert.Contains("Not this year", declined.Body, StringComparison.Ordinal);
        Assert.Contains("Hello", declined.Body, StringComparison.Ordinal);

        // Expired: both sides hear of it, each in its language.
        await IdAsync(await buyerClient.PostAsJsonAsync("/api/meetings/requests", new { to = third.OrganisationId }, Ct));
        await mail.NewAsync();
        await app.WithServicesAsync(s => s.GetRequiredService<MeetingRequests>().ExpireAndRemindAsync(DateTimeOffset.UtcNow.AddDays(8), ct: Ct));
        var expired = (await mail.NewAsync()).ToDictionary(m => m.To, m => m.Subject);
        Assert.Equal(new Dictionary<string, string>
        {
            [buyer.Email] = "The meeting request with Third Parts expired",
            [third.Email] = "与 Buyer Motors公司 的洽谈申请已过期 / The meeting request with Buyer Motors expired",
        }, expired);

        // Nothing ever went to the member who turned the e-mails off, and nothing is sent twice.
        Assert.DoesNotContain(mail.All, m => m.To == muted.Email);
        Assert.Empty(await mail.NewAsync());
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_published_schedule_mails_the_time_given_and_then_the_move(string provider)
    {
        await using var app = await LianboApp.StartAsync(provider, Settings);
        var mail = new MailBox(app);
        var edition = await app.WithServicesAsync(async s => (await ExpoBuilder.CreateAsync(s.GetRequiredService<LianboDbContext>())).Edition);
        var participant = await app.CreateUserAsync(Roles.Participant, "Alpha Cells", isPublic: true);
        await SetUserAsync(app, participant.Id, u => u.PreferredCulture = "zh-CN");
        var fixture = await ScheduleFixture.CreateAsync(app.Services, edition, participant);
        await mail.NewAsync();

        await fixture.PublishAsync(app.Services);
        var (_, at, counterpart) = await fixture.PlacedAsync(app.Services);
        var other = counterpart == fixture.First.OrganisationId ? fixture.First : fixture.Second;
        var scheduled = await mail.NewAsync();
        var mine = Assert.Single(scheduled, m => m.To == participant.Email);
        Assert.StartsWith("您与 ", mine.Subject, StringComparison.Ordinal);
        Assert.EndsWith(" 的洽谈已排定时间", mine.Subject, StringComparison.Ordinal);
        Assert.Contains($"{TimeZoneInfo.ConvertTime(at, EditionZones.Default):yyyy-MM-dd HH:mm} 中国标准时间（北京）", mine.Body, StringComparison.Ordinal);
        // The other side chose no language: both, with the participant's name in each.
        var theirs = Assert.Single(scheduled, m => m.To == other.Email);
        Assert.Equal("您与 Alpha Cells公司 的洽谈已排定时间 / Your meeting with Alpha Cells is scheduled", theirs.Subject);
        Assert.Equal(2, scheduled.Count);

        // The organiser blocks the slot the meeting was given: publishing again moves it, and both sides are told.
        await app.WithServicesAsync(async s =>
        {
            var schedules = s.GetRequiredService<MeetingSchedules>();
            var grid = (await MeetingGrid.ForAsync(s.GetRequiredService<LianboDbContext>(), edition, Ct))!;
            var settings = ScheduleFixture.Settings with { BlockedSlots = [0, grid.SlotAt(at)!.Value] };
            Assert.True((await schedules.SaveSettingsAsync(Viewer.CommandLine, edition, settings, Ct)).IsValid);
            return 0;
        });
        await fixture.PublishAsync(app.Services);
        var moved = await mail.NewAsync();
        Assert.Equal(new[] { other.Email, participant.Email }.Order(StringComparer.Ordinal), moved.Select(m => m.To).Order(StringComparer.Ordinal));
        Assert.StartsWith("您与 ", Assert.Single(moved, m => m.To == participant.Email).Subject, StringComparison.Ordinal);
        Assert.Contains(moved, m => m.Subject == "您与 Alpha Cells公司 的洽谈时间已调整 / Your meeting with Alpha Cells was moved");
    }

    [Fact]
    public async Task The_web_app_sends_them_by_itself_with_links_to_its_public_address()
    {
        await using var app = await LianboApp.StartAsync(settings: new Dictionary<string, string>
        {
            ["Lianbo:Meetings:MailInterval"] = "00:00:01",
            ["Lianbo:PublicUrl"] = "https://expo.example/",
        });
        var buyer = await app.CreateUserAsync(Roles.Participant, "Buyer Motors", isPublic: true);
        var seller = await app.CreateUserAsync(Roles.Participant, "Seller Cells", isPublic: true);

        await IdAsync(await app.ClientFor(buyer).PostAsJsonAsync("/api/meetings/requests", new { to = seller.OrganisationId }, Ct));
        // The app's own sender writes the file a moment later: look until it is there and whole, for at most a minute.
        var body = "";
        for (var i = 0; i < 600 && !body.Contains("https://expo.example/account", StringComparison.Ordinal); i++)
        {
            await Task.Delay(100, Ct);
            body = MailFolder.Files(app.Store.Options.DataDirectory).Select(WholeBody).FirstOrDefault() ?? "";
        }

        Assert.Contains("https://expo.example/meetings", body, StringComparison.Ordinal);
        Assert.Contains("Buyer Motors", body, StringComparison.Ordinal);
        Assert.Single(MailFolder.Files(app.Store.Options.DataDirectory));
    }

    [Fact]
    public async Task A_mail_server_that_refuses_leaves_the_request_standing_and_the_mail_due()
    {
        // Nothing listens on port 9 of this machine: every send fails.
        await using var app = await LianboApp.StartAsync(settings: new Dictionary<string, string>(Settings)
        {
            ["Lianbo:Mail:SmtpHost"] = "127.0.0.1",
            ["Lianbo:Mail:SmtpPort"] = "9",
            ["Lianbo:Mail:SmtpSsl"] = "false",
        });
        var buyer = await app.CreateUserAsync(Roles.Participant, "Buyer Motors", isPublic: true);
        var seller = await app.CreateUserAsync(Roles.Participant, "Seller Cells", isPublic: true);

        var asked = await app.ClientFor(buyer).PostAsJsonAsync("/api/meetings/requests", new { to = seller.OrganisationId }, Ct);
        var sent = await app.WithServicesAsync(s => s.GetRequiredService<MeetingMail>().SendDueAsync(p => "https://lianbo.example" + p, Ct));
        var notice = await app.WithServicesAsync(s => s.GetRequiredService<LianboDbContext>().Notices.AsNoTracking().SingleAsync(Ct));
        var inbox = await app.ClientFor(seller).GetFromJsonAsync<JsonElement>("/api/meetings/inbox", Ct);

        Assert.True(asked.IsSuccessStatusCode);
        Assert.Equal(0, sent);
        Assert.Equal((null, 1), (notice.MailedAt, notice.MailAttempts));
        Assert.True(inbox.GetProperty("requests")[0].GetProperty("awaitingYou").GetBoolean());
    }

    // A file caught while it is being written reads as nothing yet.
    private static string WholeBody(string path)
    {
        try
        {
            return MailFolder.Body(File.ReadAllText(path));
        }
        catch (Exception e) when (e is FormatException or ArgumentOutOfRangeException or IOException)
        {
            return "";
        }
    }

    private static async Task<Guid> IdAsync(HttpResponseMessage response)
    {
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
    }

    private static Task<bool> SetUserAsync(LianboApp app, string id, Action<LianboUser> change) => app.WithServicesAsync(async s =>
    {
        var users = s.GetRequiredService<UserManager<LianboUser>>();
        var user = (await users.FindByIdAsync(id))!;
        change(user);
        return (await users.UpdateAsync(user)).Succeeded;
    });

    /// <summary>An e-mail as the pickup folder holds it, its subject and body decoded.</summary>
    private sealed record Eml(string To, string Subject, string Body);

    /// <summary>The app's pickup folder: sends what is due, then reads the files that were not there before.</summary>
    private sealed class MailBox(LianboApp app)
    {
        private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

        public List<Eml> All { get; } = [];

        public async Task<List<Eml>> NewAsync()
        {
            await app.WithServicesAsync(s => s.GetRequiredService<MeetingMail>().SendDueAsync(p => "https://lianbo.example" + p, Ct));
            var fresh = MailFolder.Files(app.Store.Options.DataDirectory).Where(_seen.Add).Select(f => Read(File.ReadAllText(f))).ToList();
            All.AddRange(fresh);
            return fresh;
        }

        private static Eml Read(string text)
        {
            var headers = text[..text.IndexOf("\r\n\r\n", StringComparison.Ordinal)].Replace("\r\n ", " ", StringComparison.Ordinal).Replace("\r\n\t", " ", StringComparison.Ordinal)
                .Split("\r\n").Select(l => l.Split(": ", 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1], StringComparer.OrdinalIgnoreCase);
            return new Eml(headers["To"].Trim('<', '>'), Decode(headers["Subject"]), MailFolder.Body(text));
        }

        // RFC 2047 encoded words (=?utf-8?B?…?= or =?utf-8?Q?…?=), whose bytes may split a character between two words.
        private static string Decode(string header)
        {
            var words = EncodedWord().Matches(header);
            if (words.Count == 0)
            {
                return header;
            }

            var bytes = words.SelectMany(w => w.Groups[1].Value.Equals("B", StringComparison.OrdinalIgnoreCase)
                ? Convert.FromBase64String(w.Groups[2].Value)
                : QuotedPrintable(w.Groups[2].Value.Replace('_', ' '))).ToArray();
            return Encoding.UTF8.GetString(bytes);
        }

        private static byte[] QuotedPrintable(string text)
        {
            var bytes = new List<byte>();
            for (var i = 0; i < text.Length; i++)
            {
                if (text[i] == '=' && i + 2 < text.Length)
                {
                    bytes.Add(Convert.ToByte(text.Substring(i + 1, 2), 16));
                    i += 2;
                }
                else
                {
                    bytes.Add((byte)text[i]);
                }
            }

            return [.. bytes];
        }
    }

    [GeneratedRegex(@"=\?utf-8\?([BQ])\?([^?]*)\?=", RegexOptions.IgnoreCase)]
    private static partial Regex EncodedWord();
}
