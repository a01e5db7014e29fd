using System.Net;
using Lianbo.Core.Tests;
using Lianbo.Web.Platform;
using Lianbo.Web.Tests.Accounts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Lianbo.Web.Tests.Platform;

/// <summary>
/// The app on its real server (Kestrel on a loopback port), as the run command starts it: the standard
/// switches, what it says about itself, and how it trusts a reverse proxy.
/// </summary>
public class HostingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_standard_urls_switch_is_honoured_and_no_Server_header_is_sent()
    {
        await using var host = await RealHost.StartAsync();

        var response = await host.Client.GetAsync("/healthz", Ct);

        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync(Ct));
        Assert.Empty(response.Headers.Server);
        Assert.False(response.Headers.Contains("Server"));
    }

    [Fact]
    public async Task Behind_a_known_proxy_the_forwarded_scheme_makes_cookies_Secure_and_sends_HSTS()
    {
        await using var host = await RealHost.StartAsync(("Lianbo:Proxy:KnownProxies:0", "127.0.0.1"));
        var user = await host.App.Services.CreateUserAsync(Core.Accounts.Roles.Participant, "Proxied Ltd");

        var page = await host.Client.SendAsync(Forwarded(HttpMethod.Get, "/account/login"), Ct);
        var signIn = await SignInAsync(host, user.Email, page);

        Assert.Contains("max-age=", page.Headers.GetValues("Strict-Transport-Security").Single(), StringComparison.Ordinal);
        var cookie = signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("lianbo.auth=", StringComparison.Ordinal));
        Assert.Contains("; secure", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Forwarded_headers_from_an_address_that_is_not_a_known_proxy_are_ignored()
    {
        // The proxy named is elsewhere; this request comes from loopback, as any client could.
        await using var host = await RealHost.StartAsync(("Lianbo:Proxy:KnownProxies:0", "192.0.2.10"));

        var page = await host.Client.SendAsync(Forwarded(HttpMethod.Get, "/account/login"), Ct);

        Assert.False(page.Headers.Contains("Strict-Transport-Security"));
        Assert.DoesNotContain(page.Headers.GetValues("Set-Cookie"), c => c.Contains("; secure", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_malformed_proxy_address_stops_the_start_naming_the_setting()
    {
        await using var store = await TestStore.CreateAsync(Core.Data.DatabaseProvider.Sqlite);

        var e = Assert.Throws<Core.Data.ConfigurationException>(() => LianboWebApp.Build(
            ["--Lianbo:Proxy:KnownNetworks:0=10.0.0.0/99", $"--Lianbo:DataDirectory={store.Directory}"]));

        Assert.Equal("Lianbo:Proxy:KnownNetworks", e.Setting);
    }

    private static HttpRequestMessage Forwarded(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Host = "expo.example.org";
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-For", "203.0.113.7");
        return request;
    }

    private static async Task<HttpResponseMessage> SignInAsync(RealHost host, string email, HttpResponseMessage page)
    {
        var html = await page.HtmlAsync();
        var token = System.Text.RegularExpressions.Regex.Match(html, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        var request = Forwarded(HttpMethod.Post, "/account/login");
        request.Content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["Input.Email"] = email,
            ["Input.Password"] = TestAccounts.Password,
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
        });
        // The antiforgery cookie the page set goes back with the form, as a browser sends it.
        request.Headers.Add("Cookie", string.Join("; ", page.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0])));
        return await host.Client.SendAsync(request, Ct);
    }
}

/// <summary>The web app built from its command line as the run command builds it, listening on a free loopback port.</summary>
internal sealed class RealHost : IAsyncDisposable
{
    private readonly TestStore _store;

    private RealHost(TestStore store, WebApplication app, HttpClient client)
    {
        _store = store;
        App = app;
        Client = client;
    }

    public WebApplication App { get; }
    public HttpClient Client { get; }

    public static async Task<RealHost> StartAsync(params (string Key, string Value)[] settings)
    {
        var store = await TestStore.CreateAsync(Core.Data.DatabaseProvider.Sqlite);
        string[] args =
        [
            "--urls", "http://127.0.0.1:0",
            $"--Lianbo:DataDirectory={store.Directory}",
            "--Lianbo:LoadDemoOnFreshStore=false",
            "--Lianbo:LoadOpenData=false",
            .. settings.Select(s => $"--{s.Key}={s.Value}"),
        ];
        var app = LianboWebApp.Build(args);
        await app.Services.InitialiseStoresAsync(TestContext.Current.CancellationToken);
        await app.StartAsync(TestContext.Current.CancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = new Uri(address) };
        return new RealHost(store, app, client);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        await _store.DisposeAsync();
    }
}
