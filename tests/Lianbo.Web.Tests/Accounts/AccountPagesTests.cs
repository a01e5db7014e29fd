using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Lianbo.Core.Accounts;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Lianbo.Web.Tests.Accounts;

/// <summary>The account pages over HTTP: forms posted as a browser posts them, with the antiforgery token.</summary>
public class AccountPagesTests
{
    private const string Password = "correct horse battery staple";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Visitors_are_sent_to_sign_in_and_participants_are_kept_out_of_organiser_pages()
    {
        await using var app = await LianboApp.StartAsync();
        var visitor = Browser(app);
        var participant = await SignedInAsync(app, await app.CreateUserAsync(Roles.Participant, "Alpha Cells"));

        foreach (var path in new[] { "/account", "/account/tokens", "/organisation", "/users", "/audit", "/audit.csv", "/account/export.json" })
        {
            var response = await visitor.GetAsync(path, Ct);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/account/login?ReturnUrl=" + Uri.EscapeDataString(path), response.Headers.Location!.PathAndQuery);
        }

        foreach (var path in new[] { "/users", "/audit", "/audit.csv" })
        {
            var response = await participant.GetAsync(path, Ct);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/account/denied", response.Headers.Location!.AbsolutePath);
        }

        Assert.Equal(HttpStatusCode.OK, (await participant.GetAsync("/account", Ct)).StatusCode);
    }

    [Fact]
    public async Task Registration_shows_each_refusal_beside_its_field_in_the_page_language()
    {
        await using var app = await LianboApp.StartAsync();
        var client = Browser(app, "zh-CN");

        var page = await client.PostFormAsync("/account/register", "register",
            ("Input.Email", "not an address"), ("Input.Password", "short"), ("Input.DisplayName", ""), ("Input.OrganisationNameEn", "Beta Lithium"), ("Input.OrganisationNameZh", ""), ("Input.CountryIso3", "XYZ"));

        var html = await page.HtmlAsync();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        foreach (var field in new[] { "email", "displayName", "acceptsPrivacyNotice", "organisationNameZh", "organisationCountryIso3" })
        {
            Assert.Contains($"data-field=\"{field}\"", html, StringComparison.Ordinal);
        }

        Assert.Contains("须同意隐私声明", html, StringComparison.Ordinal);
        Assert.Empty(MailFolder.Files(app.Store.Directory));
    }

    [Fact]
    public async Task Sign_in_waits_for_the_confirmed_address_and_refuses_an_address_after_repeated_failures()
    {
        await using var app = await LianboApp.StartAsync();
        var client = Browser(app);
        const string email = "gamma@example.test";
        var registered = await client.PostFormAsync("/account/register", "register",
            ("Input.Email", email), ("Input.Password", Password), ("Input.DisplayName", "Gamma Chen"),
            ("Input.OrganisationNameEn", "Gamma Anodes"), ("Input.OrganisationNameZh", "伽马负极"), ("Input.CountryIso3", "VNM"),
            ("Input.OrganisationType", nameof(OrganisationType.Enterprise)), ("Input.AcceptsPrivacyNotice", "true"));
        Assert.Contains("id=\"registered\"", await registered.HtmlAsync(), StringComparison.Ordinal);

        Assert.Contains("Confirm your e-mail address first", await (await client.SignInAsync(email, Password)).HtmlAsync(), StringComparison.Ordinal);

        var confirm = MailFolder.Link(app.Store.Directory, email, "/account/confirm?");
        Assert.Contains("id=\"confirmed\"", await client.GetStringAsync(confirm, Ct), StringComparison.Ordinal);
        Assert.Contains("id=\"not-confirmed\"", await client.GetStringAsync(confirm.Replace("code=", "code=x", StringComparison.Ordinal), Ct), StringComparison.Ordinal);

        for (var attempt = 1; attempt < FailedSignIns; attempt++)
        {
            Assert.Contains("The e-mail address or the password is wrong.", await (await client.SignInAsync(email, "wrong password " + attempt)).HtmlAsync(), StringComparison.Ordinal);
        }

        Assert.Contains("try again in 15 minutes", await (await client.SignInAsync(email, "wrong again")).HtmlAsync(), StringComparison.Ordinal);
        // Even the right password is refused from this address now.
        Assert.Contains("try again in 15 minutes", await (await client.SignInAsync(email, Password)).HtmlAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Someone_failing_on_purpose_locks_out_only_their_own_address_and_the_user_still_signs_in()
    {
        await using var app = await LianboApp.StartAsync();
        var victim = await app.CreateUserAsync(Roles.Participant, "Omicron Magnets");
        var organiser = await SignedInAsync(app, await app.CreateUserAsync(Roles.Organiser));
        var attacker = Browser(app, address: "203.0.113.7");
        // Another account from the same address, to show the lock is per account too.
        var neighbour = await app.CreateUserAsync(Roles.Participant, "Pi Sensors");

        for (var attempt = 0; attempt < FailedSignIns; attempt++)
        {
            await attacker.SignInAsync(" " + victim.Email.ToUpperInvariant(), "guess " + attempt);
        }

        var attackerWithRightPassword = await (await attacker.SignInAsync(victim.Email, Password)).HtmlAsync();
        var zh = await (await Browser(app, "zh-CN", "203.0.113.7").SignInAsync(victim.Email, Password)).HtmlAsync();
        var fromHome = await Browser(app, address: "198.51.100.20").SignInAsync(victim.Email, Password);
        var users = WebUtility.HtmlDecode(await organiser.GetStringAsync("/users", Ct));

        Assert.Contains("Too many failed sign-ins to this account from your network: try again in 15 minutes.", attackerWithRightPassword, StringComparison.Ordinal);
        Assert.Contains("您所在网络对该账户的登录失败次数过多：请 15 分钟后再试。", zh, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, fromHome.StatusCode);
        Assert.Equal("/account", fromHome.Headers.Location!.AbsolutePath);
        Assert.Equal(HttpStatusCode.Redirect, (await attacker.SignInAsync(neighbour.Email, Password)).StatusCode);
        // The organisers' list says the account is locked (from some address), and only that one.
        Assert.Matches($"data-user=\"{Regex.Escape(victim.Email)}\">(?:(?!</tr>).)*Locked", users.ReplaceLineEndings(" "));
        Assert.DoesNotMatch($"data-user=\"{Regex.Escape(neighbour.Email)}\">(?:(?!</tr>).)*Locked", users.ReplaceLineEndings(" "));
    }

    [Theory]
    [InlineData("/organisation", "/organisation")]
    [InlineData("//evil.example/", "/account")]
    [InlineData("/\\evil.example/", "/account")]
    [InlineData("https://evil.example/", "/account")]
    public async Task Sign_in_returns_only_to_addresses_on_this_site(string returnUrl, string expected)
    {
        await using var app = await LianboApp.StartAsync();
        var user = await app.CreateUserAsync(Roles.Participant, "Theta Electrolytes");

        var response = await Browser(app).PostFormAsync("/account/login?ReturnUrl=" + Uri.EscapeDataString(returnUrl), "login", ("Input.Email", user.Email), ("Input.Password", Password));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(("localhost", expected), (response.Headers.Location!.Host, response.Headers.Location.AbsolutePath));
    }

    [Fact]
    public async Task Two_factor_sign_in_asks_for_the_authenticator_code_once_it_is_on()
    {
        await using var app = await LianboApp.StartAsync();
        var organiser = await app.CreateUserAsync(Roles.Organiser);
        var client = await SignedInAsync(app, organiser);

        var setup = await (await client.PostFormAsync("/account", "two-factor-start")).HtmlAsync();
        var key = Regex.Match(setup, "id=\"authenticator-key\">([a-z0-9 ]+)<").Groups[1].Value.Replace(" ", "", StringComparison.Ordinal);
        Assert.Contains($"otpauth://totp/Lianbo:{Uri.EscapeDataString(organiser.Email)}?secret=", WebUtility.HtmlDecode(setup), StringComparison.Ordinal);
        Assert.Contains("data-field=\"code\"", await (await client.PostFormAsync("/account", "two-factor-verify", ("Verify.Code", "000000"))).HtmlAsync(), StringComparison.Ordinal);
        Assert.Contains("Two-factor sign-in is on", await (await client.PostFormAsync("/account", "two-factor-verify", ("Verify.Code", Totp.Code(key)))).HtmlAsync(), StringComparison.Ordinal);

        var signedOut = await client.SignOutAsync();
        Assert.Equal("/", signedOut.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/account", Ct)).StatusCode);

        var again = Browser(app);
        var password = await again.SignInAsync(organiser.Email, Password);
        Assert.Equal("/account/login-2fa", password.Headers.Location!.AbsolutePath);
        var wrong = await again.PostFormAsync(password.Headers.Location.OriginalString, "login-2fa", ("Input.Code", "000000"));
        Assert.Contains("This code is not valid", await wrong.HtmlAsync(), StringComparison.Ordinal);
        var right = await again.PostFormAsync(password.Headers.Location.OriginalString, "login-2fa", ("Input.Code", Totp.Code(key)));
        Assert.Equal("/account", right.Headers.Location!.AbsolutePath);
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("/users", Ct)).StatusCode);

        // Wrong codes lock out the address they come from, even with the right password; another address still gets in.
        var guesser = Browser(app, address: "203.0.113.9");
        var step = (await guesser.SignInAsync(organiser.Email, Password)).Headers.Location!.OriginalString;
        for (var attempt = 0; attempt < FailedSignIns; attempt++)
        {
            await guesser.PostFormAsync(step, "login-2fa", ("Input.Code", "00000" + attempt));
        }

        var refused = await guesser.PostFormAsync(step, "login-2fa", ("Input.Code", Totp.Code(key)));
        Assert.Contains("try again in 15 minutes", await refused.HtmlAsync(), StringComparison.Ordinal);
        Assert.Contains("try again in 15 minutes", await (await guesser.SignInAsync(organiser.Email, Password)).HtmlAsync(), StringComparison.Ordinal);
        var owner = Browser(app, address: "198.51.100.21");
        var ownerStep = (await owner.SignInAsync(organiser.Email, Password)).Headers.Location!.OriginalString;
        Assert.Equal("/account", (await owner.PostFormAsync(ownerStep, "login-2fa", ("Input.Code", Totp.Code(key)))).Headers.Location!.AbsolutePath);
    }

    [Fact]
    public async Task An_admin_edits_the_profile_and_invites_a_colleague_who_registers_into_the_organisation()
    {
        await using var app = await LianboApp.StartAsync();
        var admin = await app.CreateUserAsync(Roles.Participant, "Delta Separators");
        var client = await SignedInAsync(app, admin);

        var refused = await client.PostFormAsync("/organisation", "organisation", Profile("Delta Separators", "", "https://delta.example", "bad address"));
        var refusal = await refused.HtmlAsync();
        Assert.Contains("data-field=\"nameZh\"", refusal, StringComparison.Ordinal);
        Assert.Contains("data-field=\"contactEmail\"", refusal, StringComparison.Ordinal);
        var saved = await client.PostFormAsync("/organisation", "organisation", Profile("Delta Separators Ltd", "德尔塔隔膜", "https://delta.example", "sales@delta.example"));
        Assert.Contains("The profile is saved.", await saved.HtmlAsync(), StringComparison.Ordinal);
        var organisation = await app.WithServicesAsync(s => s.GetRequiredService<Organisations>().GetAsync(null, admin.OrganisationId!.Value, Ct));
        Assert.Equal(("Delta Separators Ltd", "德尔塔隔膜", "DEU", true), (organisation.Value!.NameEn, organisation.Value.NameZh, organisation.Value.CountryIso3, organisation.Value.IsPublic));

        var invited = await client.PostFormAsync("/organisation", "invite", ("Invite.Email", "epsilon@example.test"));
        Assert.Contains("Invitation sent to epsilon@example.test.", await invited.HtmlAsync(), StringComparison.Ordinal);
        var link = MailFolder.Link(app.Store.Directory, "epsilon@example.test", "/account/register?invitation=");

        var colleague = Browser(app);
        var form = await colleague.GetStringAsync(link, Ct);
        Assert.DoesNotContain("organisation-name-en", form, StringComparison.Ordinal);
        var registered = await colleague.PostFormAsync(link, "register",
            ("Input.Email", "epsilon@example.test"), ("Input.Password", Password), ("Input.DisplayName", "Epsilon Wu"), ("Input.AcceptsPrivacyNotice", "true"));
        Assert.Contains("id=\"registered\"", await registered.HtmlAsync(), StringComparison.Ordinal);

        var members = WebUtility.HtmlDecode(await client.GetStringAsync("/organisation", Ct));
        Assert.Contains("Epsilon Wu", members, StringComparison.Ordinal);
        Assert.Contains("Not confirmed", members, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invitation_registers_only_the_address_it_was_sent_to()
    {
        await using var app = await LianboApp.StartAsync();
        var admin = await app.CreateUserAsync(Roles.Participant, "Rho Coatings");
        var invited = await app.ClientFor(admin).PostAsJsonAsync($"/api/organisations/{admin.OrganisationId}/invitations", new { email = "sigma@example.test" }, Ct);
        Assert.Equal(HttpStatusCode.OK, invited.StatusCode);
        var link = MailFolder.Link(app.Store.Directory, "sigma@example.test", "/account/register?invitation=");
        (string, string)[] Fields(string email) => [("Input.Email", email), ("Input.Password", Password), ("Input.DisplayName", "Sigma Xu"), ("Input.AcceptsPrivacyNotice", "true")];

        var form = await Browser(app).GetStringAsync(link, Ct);
        var english = await (await Browser(app).PostFormAsync(link, "register", Fields("intruder@example.test"))).HtmlAsync();
        var chinese = await (await Browser(app, "zh-CN").PostFormAsync(link, "register", Fields("intruder@example.test"))).HtmlAsync();
        var intruder = await app.WithServicesAsync(s => s.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<LianboUser>>().FindByEmailAsync("intruder@example.test"));
        var registered = await (await Browser(app).PostFormAsync(link, "register", Fields(" Sigma@Example.TEST "))).HtmlAsync();

        Assert.Contains("value=\"sigma@example.test\"", form, StringComparison.Ordinal);
        Assert.Contains("data-field=\"email\"", english, StringComparison.Ordinal);
        Assert.Contains("this invitation was sent to another e-mail address", english, StringComparison.Ordinal);
        Assert.Contains("此邀请发送至另一个电子邮件地址", chinese, StringComparison.Ordinal);
        Assert.Null(intruder);
        Assert.Contains("id=\"registered\"", registered, StringComparison.Ordinal);
        var member = await app.WithServicesAsync(s => s.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<LianboUser>>().FindByEmailAsync("sigma@example.test"));
        Assert.Equal(admin.OrganisationId, member?.OrganisationId);
    }

    [Fact]
    public async Task Tokens_and_deleting_the_account_need_a_recent_sign_in_which_survives_the_session_refresh()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = await LianboApp.StartAsync(clock: clock);
        var user = await app.CreateUserAsync(Roles.Participant, "Tau Bearings");
        var client = await SignedInAsync(app, user);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/account/tokens", Ct)).StatusCode);
        Assert.Contains("id=\"delete-confirm\"", await client.GetStringAsync("/account", Ct), StringComparison.Ordinal);

        // Past the security-stamp check's minute, the principal is rebuilt (and the cookie renewed): the sign-in time stays.
        clock.Advance(TimeSpan.FromMinutes(5));
        var refreshed = await client.GetAsync("/account/tokens", Ct);
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        Assert.Contains(refreshed.Headers.GetValues("Set-Cookie"), c => c.StartsWith("lianbo.auth=", StringComparison.Ordinal));

        clock.Advance(TimeSpan.FromMinutes(6));
        var stale = await client.GetAsync("/account/tokens", Ct);
        var account = await client.GetStringAsync("/account", Ct);
        var deleting = await client.PostFormAsync("/account", "delete-account", ("Delete.Confirm", "DELETE"));
        Assert.Equal(HttpStatusCode.Redirect, stale.StatusCode);
        Assert.Equal("/account/login?fresh=true&ReturnUrl=%2Faccount%2Ftokens", stale.Headers.Location!.PathAndQuery);
        Assert.Contains("id=\"delete-needs-sign-in\"", account, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"delete-confirm\"", account, StringComparison.Ordinal);
        Assert.Equal("/account/login?fresh=true&ReturnUrl=%2Faccount%23delete-account", deleting.Headers.Location!.PathAndQuery);
        Assert.NotNull(await app.WithServicesAsync(s => s.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<LianboUser>>().FindByIdAsync(user.Id)));

        // The sign-in page says why, and signing in again leads back.
        var login = stale.Headers.Location.PathAndQuery;
        Assert.Contains("Please sign in again: creating API tokens and deleting the account need a sign-in within the last 10 minutes.",
            await client.GetStringAsync(login, Ct), StringComparison.Ordinal);
        var again = await client.SignInAsync(user.Email, Password, login);
        Assert.Equal("/account/tokens", again.Headers.Location!.AbsolutePath);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/account/tokens", Ct)).StatusCode);
        var deleted = await client.PostFormAsync("/account", "delete-account", ("Delete.Confirm", "DELETE"));
        Assert.Equal("/account/deleted", deleted.Headers.Location!.AbsolutePath);
    }

    [Fact]
    public async Task Refreshing_the_sign_in_after_a_setting_change_does_not_make_it_recent()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = await LianboApp.StartAsync(clock: clock);
        var client = await SignedInAsync(app, await app.CreateUserAsync(Roles.Participant, "Upsilon Gears"));

        clock.Advance(TimeSpan.FromMinutes(11));
        // Setting up two-factor sign-in refreshes the sign-in (the cookie is issued anew), as a language change does.
        var refreshed = await client.PostFormAsync("/account", "two-factor-start");

        Assert.Contains(refreshed.Headers.GetValues("Set-Cookie"), c => c.StartsWith("lianbo.auth=", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/account/tokens", Ct)).StatusCode);
    }

    [Fact]
    public async Task Organisers_set_roles_on_the_users_page_and_read_it_in_the_audit_log()
    {
        await using var app = await LianboApp.StartAsync();
        var organiser = await SignedInAsync(app, await app.CreateUserAsync(Roles.Organiser));
        var participant = await app.CreateUserAsync(Roles.Participant, "Zeta Recycling");

        var saved = await organiser.PostFormAsync("/users", "roles-" + participant.Id, ("Roles", Roles.Analyst), ("Roles", Roles.Participant));
        Assert.Contains($"The roles of {participant.Email} are saved.", await saved.HtmlAsync(), StringComparison.Ordinal);
        var roles = await app.WithServicesAsync(async s =>
        {
            var users = s.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<LianboUser>>();
            return (await users.GetRolesAsync((await users.FindByIdAsync(participant.Id))!)).Order(StringComparer.Ordinal).ToList();
        });
        Assert.Equal([Roles.Analyst, Roles.Participant], roles);

        // The log names the action, who did it and whom it was about, in the page's language, not by ids.
        var audit = await organiser.GetStringAsync("/audit?action=user.set-roles", Ct);
        Assert.Contains("<span title=\"user.set-roles\">Roles changed</span>", audit, StringComparison.Ordinal);
        Assert.Contains($"&lt;{participant.Email}&gt;", audit, StringComparison.Ordinal);
        Assert.Contains("analyst", audit, StringComparison.Ordinal);
        organiser.DefaultRequestHeaders.AcceptLanguage.Clear();
        organiser.DefaultRequestHeaders.AcceptLanguage.ParseAdd("zh-CN");
        var chinese = WebUtility.HtmlDecode(await organiser.GetStringAsync("/audit?action=user.set-roles", Ct));
        Assert.Contains("<span title=\"user.set-roles\">修改角色</span>", chinese, StringComparison.Ordinal);
        Assert.Contains("<option value=\"user.set-roles\" selected>修改角色</option>", chinese, StringComparison.Ordinal);
        var csv = await organiser.GetAsync("/audit.csv", Ct);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        Assert.Contains("user.set-roles", await csv.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deleting_the_account_takes_the_typed_word_and_signs_out()
    {
        await using var app = await LianboApp.StartAsync();
        var user = await app.CreateUserAsync(Roles.Participant, "Eta Foils");
        var client = await SignedInAsync(app, user);

        var refused = await client.PostFormAsync("/account", "delete-account", ("Delete.Confirm", "delete"));
        Assert.Contains("data-field=\"confirm\"", await refused.HtmlAsync(), StringComparison.Ordinal);
        var deleted = await client.PostFormAsync("/account", "delete-account", ("Delete.Confirm", "DELETE"));

        Assert.Equal("/account/deleted", deleted.Headers.Location!.AbsolutePath);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/account", Ct)).StatusCode);
        Assert.Null(await app.WithServicesAsync(s => s.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<LianboUser>>().FindByIdAsync(user.Id)));
    }

    [Theory]
    [InlineData("en", "Privacy notice", "Who sees what")]
    [InlineData("zh-CN", "隐私声明", "谁能看到")]
    public async Task The_privacy_notice_names_its_version_in_both_languages(string language, string title, string section)
    {
        await using var app = await LianboApp.StartAsync();
        var html = WebUtility.HtmlDecode(await Browser(app, language).GetStringAsync("/privacy", Ct));

        Assert.Contains($"<h1>{title}</h1>", html, StringComparison.Ordinal);
        Assert.Contains(section, html, StringComparison.Ordinal);
        Assert.Contains(Core.Accounts.Accounts.PrivacyNoticeVersion, html, StringComparison.Ordinal);
    }

    private static (string, string)[] Profile(string nameEn, string nameZh, string website, string contactEmail) =>
    [
        ("Profile.NameEn", nameEn), ("Profile.NameZh", nameZh), ("Profile.CountryIso3", "DEU"), ("Profile.Type", nameof(OrganisationType.Enterprise)),
        ("Profile.Website", website), ("Profile.IsPublic", "true"), ("Profile.ContactEmail", contactEmail),
    ];

    // As the soft lock-out's default (Lianbo:Security:FailedSignInsPerAddress).
    internal const int FailedSignIns = 5;

    /// <param name="address">The client address the requests come from (see <see cref="LianboApp.ClientAddressHeader"/>).</param>
    internal static HttpClient Browser(LianboApp app, string language = "en", string address = "192.0.2.1")
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        client.DefaultRequestHeaders.Add(LianboApp.ClientAddressHeader, address);
        return client;
    }

    internal static async Task<HttpClient> SignedInAsync(LianboApp app, TestUser user)
    {
        var client = Browser(app);
        var response = await client.SignInAsync(user.Email, Password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }
}

/// <summary>Posting the pages' forms the way a browser does.</summary>
internal static partial class PageForms
{
    /// <summary>Opens the page, then posts the named form with the page's antiforgery token and the given fields.</summary>
    public static Task<HttpResponseMessage> PostFormAsync(this HttpClient client, string path, string formName, params (string Name, string Value)[] fields) =>
        client.SendFormAsync(path, path, [("_handler", formName), .. fields]);

    /// <summary>The header's sign-out button: a form on every page, posted to the sign-out endpoint.</summary>
    public static Task<HttpResponseMessage> SignOutAsync(this HttpClient client) =>
        client.SendFormAsync("/", "/account/logout", [("returnUrl", "/")]);

    public static Task<HttpResponseMessage> SignInAsync(this HttpClient client, string email, string password, string page = "/account/login") =>
        client.PostFormAsync(page, "login", ("Input.Email", email), ("Input.Password", password));

    /// <summary>The header's language switch: a form on every page, posted to /culture.</summary>
    public static Task<HttpResponseMessage> SwitchLanguageAsync(this HttpClient client, string culture, string returnUrl, string page = "/") =>
        client.SendFormAsync(page, "/culture", [("set", culture), ("returnUrl", returnUrl)]);

    /// <summary>Posts the page's named form with a file, as a browser sends an <c>enctype="multipart/form-data"</c> form.</summary>
    public static async Task<HttpResponseMessage> PostFileAsync(this HttpClient client, string path, string formName, string field, string fileName, byte[] content)
    {
        using var body = new MultipartFormDataContent
        {
            { new StringContent(formName), "_handler" },
            { new StringContent(await TokenAsync(client, path)), "__RequestVerificationToken" },
            { new ByteArrayContent(content), field, fileName },
        };
        return await client.PostAsync(path, body);
    }

    private static async Task<HttpResponseMessage> SendFormAsync(this HttpClient client, string page, string action, (string Name, string Value)[] fields)
    {
        var body = fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)).Append(new("__RequestVerificationToken", await TokenAsync(client, page)));
        return await client.PostAsync(action, new FormUrlEncodedContent(body));
    }

    private static async Task<string> TokenAsync(HttpClient client, string page)
    {
        var html = await client.GetStringAsync(page);
        // A visitor's language switch carries no token (see WebPlatform.MapCultureSwitch): none is sent then.
        if (!AntiforgeryField().IsMatch(html) && html.Contains("action=\"/culture\"", StringComparison.Ordinal))
        {
            return "";
        }

        var token = AntiforgeryField().Match(html) is { Success: true } match ? match.Groups[1].Value : throw new InvalidOperationException($"{page} has no form with an antiforgery token.");
        return WebUtility.HtmlDecode(token);
    }

    /// <summary>The page's text with character references decoded (Blazor writes non-ASCII text as references).</summary>
    public static async Task<string> HtmlAsync(this HttpResponseMessage response) => WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}

/// <summary>The e-mails the app wrote to its pickup folder (the default when no SMTP server is set).</summary>
internal static partial class MailFolder
{
    public static string[] Files(string dataDirectory)
    {
        var folder = Path.Combine(dataDirectory, "mail");
        return Directory.Exists(folder) ? Directory.GetFiles(folder, "*.eml") : [];
    }

    /// <summary>The first link in the newest mail to <paramref name="to"/> that contains <paramref name="fragment"/>.</summary>
    public static string Link(string dataDirectory, string to, string fragment)
    {
        var bodies = Files(dataDirectory).OrderByDescending(File.GetLastWriteTimeUtc).Select(File.ReadAllText)
            .Where(mail => mail.Contains($"To: {to}", StringComparison.OrdinalIgnoreCase)).Select(Body);
        return bodies.SelectMany(body => UrlPattern().Matches(body)).Select(m => m.Value).FirstOrDefault(u => u.Contains(fragment, StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"No mail to {to} with a link containing {fragment}.");
    }

    // System.Net.Mail writes UTF-8 text bodies as base64 or quoted-printable.
    internal static string Body(string mail)
    {
        var split = mail.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var (headers, body) = (mail[..split], mail[(split + 4)..]);
        if (headers.Contains("Content-Transfer-Encoding: base64", StringComparison.OrdinalIgnoreCase))
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(string.Concat(body.Where(c => !char.IsWhiteSpace(c)))));
        }

        if (headers.Contains("Content-Transfer-Encoding: quoted-printable", StringComparison.OrdinalIgnoreCase))
        {
            var bytes = new List<byte>();
            var text = body.Replace("=\r\n", "", StringComparison.Ordinal);
            for (var i = 0; i < text.Length; i++)
            {
                if (text[i] == '=' && i + 2 < text.Length && Uri.IsHexDigit(text[i + 1]) && Uri.IsHexDigit(text[i + 2]))
                {
                    bytes.Add(Convert.ToByte(text.Substring(i + 1, 2), 16));
                    i += 2;
                }
                else
                {
                    bytes.AddRange(Encoding.UTF8.GetBytes(text[i].ToString()));
                }
            }

            return Encoding.UTF8.GetString([.. bytes]);
        }

        return body;
    }

    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex UrlPattern();
}

/// <summary>The six-digit code an authenticator app shows for a base32 key now (RFC 6238: HMAC-SHA1, 30-second steps).</summary>
internal static class Totp
{
    public static string Code(string base32Key)
    {
        var key = Base32(base32Key.ToUpperInvariant());
        var counter = BitConverter.GetBytes(DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 30);
        if (BitConverter.IsLittleEndian)
        {
            Array.Reverse(counter);
        }

        var hash = HMACSHA1.HashData(key, counter);
        var offset = hash[^1] & 0x0f;
        var value = ((hash[offset] & 0x7f) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (value % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static byte[] Base32(string text)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bytes = new List<byte>();
        int buffer = 0, bits = 0;
        foreach (var c in text.TrimEnd('='))
        {
            buffer = (buffer << 5) | alphabet.IndexOf(c, StringComparison.Ordinal);
            bits += 5;
            if (bits >= 8)
            {
                bytes.Add((byte)(buffer >> (bits - 8)));
                bits -= 8;
            }
        }

        return [.. bytes];
    }
}
