using System.Net;
using System.Reflection;
using Lianbo.Core.Accounts;
using Lianbo.Web.Tests.Accounts;
using Lianbo.Web.Tests.Expo;
using Lianbo.Web.Tests.Trade;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace Lianbo.Web.Tests.Platform;

/// <summary>
/// Every page, as every kind of user, in both languages, on SQLite and on PostgreSQL (where queries complete
/// later, so a page that renders before its data arrive shows it): answered, never a server error.
/// </summary>
public class EveryPageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Every_page_answers_every_role_in_both_languages_without_a_server_error(string provider)
    {
        await using var app = await LianboApp.StartAsync(provider);
        var expo = await ExpoFixture.CreateAsync(app);
        await TradeSamples.ImportBaci2021Async(app, Ct);
        // The shipped world input–output table, so that its pages show it rather than only "not found".
        // The input–output tables live in the trade store (DuckDB) whatever the platform store: loaded for one provider.
        if (provider == "sqlite")
        {
            await app.Services.GetRequiredService<Lianbo.Web.InputOutput.IoService>().LoadShippedAsync(2011, Ct);
        }
        var exhibitor = expo.Exhibitor;
        var samples = Samples(expo.Number, exhibitor);
        Assert.All(PageTemplates(), template => Assert.True(samples.ContainsKey(template), $"No sample address for {template}"));

        var people = new Dictionary<string, TestUser?>
        {
            ["anonymous"] = null,
            ["participant"] = await app.CreateUserAsync(Roles.Participant, "Every Page Ltd"),
            ["analyst"] = await app.CreateUserAsync(Roles.Analyst),
            ["organiser"] = await app.CreateUserAsync(Roles.Organiser),
        };
        var failures = new List<string>();
        foreach (var (role, user) in people)
        {
            foreach (var language in new[] { "en", "zh-CN" })
            {
                var client = user is null ? AccountPagesTests.Browser(app, language) : await SignedInAsync(app, user, language);
                foreach (var url in samples.Values.SelectMany(u => u))
                {
                    var response = await client.GetAsync(url, Ct);
                    if ((int)response.StatusCode >= 500)
                    {
                        failures.Add($"{role} {language} {url}: {(int)response.StatusCode}");
                    }
                }
            }
        }

        Assert.Empty(failures);
    }

    // One or more addresses for each page's template; a page added without a sample here fails the test above.
    internal static Dictionary<string, string[]> Samples(int number, Guid exhibitor) => new()
    {
        ["/"] = ["/"],
        ["/account"] = ["/account"],
        ["/account/confirm"] = ["/account/confirm", "/account/confirm?userId=x&code=y"],
        ["/account/deleted"] = ["/account/deleted"],
        ["/account/denied"] = ["/account/denied"],
        ["/account/forgot"] = ["/account/forgot"],
        ["/account/login"] = ["/account/login", "/account/login?ReturnUrl=%2Fmeetings"],
        ["/account/login-2fa"] = ["/account/login-2fa"],
        ["/account/register"] = ["/account/register", "/account/register?invitation=unknown"],
        ["/account/reset"] = ["/account/reset", "/account/reset?code=x"],
        ["/account/tokens"] = ["/account/tokens"],
        ["/audit"] = ["/audit", "/audit?page=2"],
        ["/chains"] = ["/chains"],
        ["/chains/new"] = ["/chains/new", "/chains/new?copy=smart-vehicles"],
        ["/chains/{Id}"] = ["/chains/smart-vehicles", "/chains/no-such-chain"],
        // A chain or an edition that does not exist: the page's forms are not rendered into the Not Found page (was a 500).
        ["/chains/{Id}/edit"] = ["/chains/smart-vehicles/edit", "/chains/no-such-chain/edit"],
        ["/countries"] = ["/countries", "/countries?search=中国&ldc=true"],
        ["/expo"] = ["/expo"],
        ["/expo/exhibitors/{Id:guid}"] = [$"/expo/exhibitors/{exhibitor}", $"/expo/exhibitors/{Guid.NewGuid()}"],
        ["/expo/manage"] = ["/expo/manage"],
        ["/expo/{Number:int}"] = [$"/expo/{number}", "/expo/999"],
        ["/expo/{Number:int}/exhibitors"] = [$"/expo/{number}/exhibitors", $"/expo/{number}/exhibitors?search=Omicron&country=CHN"],
        ["/expo/{Number:int}/import"] = [$"/expo/{number}/import"],
        ["/expo/{Number:int}/manage"] = [$"/expo/{number}/manage"],
        ["/expo/{Number:int}/manage/{Section}"] = [$"/expo/{number}/manage/venue", $"/expo/{number}/manage/exhibitors", $"/expo/{number}/manage/records", $"/expo/{number}/manage/programmes", $"/expo/{number}/manage/no-such-section"],
        ["/expo/{Number:int}/meetings"] = [$"/expo/{number}/meetings"],
        ["/expo/{Number:int}/schedule"] = [$"/expo/{number}/schedule", $"/expo/{number}/schedule?published=true"],
        ["/expo/{Number:int}/schedule/tables/{Code}"] = [$"/expo/{number}/schedule/tables/A1-01"],
        ["/expo/{Number:int}/sessions"] = [$"/expo/{number}/sessions", "/expo/999/sessions"],
        ["/io"] = ["/io"],
        ["/io/{Source}/{Release}/{Year:int}"] = ["/io/WIOD/2013/2011", "/io/WIOD/2013/1999"],
        ["/io/{Source}/{Release}/{Year:int}/countries/{Code}"] = ["/io/WIOD/2013/2011/countries/CHN", "/io/WIOD/2013/2011/countries/row", "/io/WIOD/2013/2011/countries/XXX"],
        ["/io/{Source}/{Release}/{Year:int}/country"] = ["/io/WIOD/2013/2011/country?country=DEU", "/io/WIOD/2013/2011/country"],
        ["/io/{Source}/{Release}/{Year:int}/countries/{Code}/industries/{Sector}"] = ["/io/WIOD/2013/2011/countries/DEU/industries/c15", "/io/WIOD/2013/2011/countries/LUX/industries/c35", "/io/WIOD/2013/2011/countries/DEU/industries/c99"],
        ["/io/{Source}/{Release}/{Year:int}/industries/{Code}"] = ["/io/WIOD/2013/2011/industries/c14", "/io/WIOD/2013/2011/industries/c99"],
        ["/io/{Source}/{Release}/{Year:int}/industry"] = ["/io/WIOD/2013/2011/industry?sector=c35", "/io/WIOD/2013/2011/industry"],
        ["/io/{Source}/{Release}/{Year:int}/cascade"] = ["/io/WIOD/2013/2011/cascade?country=CHN&sector=c14&share=0.5&model=supply&days=365", "/io/WIOD/2013/2011/cascade",
            "/io/WIOD/2013/2011/cascade?country=JPN&model=inoperability&share=0.3&days=60", "/io/WIOD/2013/2011/cascade?country=XXX&sector=c14,c99&share=2&model=x&days=0",
            "/io/WIOD/2013/2011/cascade?country=CHN&sector=c14&model=extraction"],
        ["/indices"] = ["/indices", "/indices?id=promotion&year=2021", "/indices?id=connectivity&year=2021&from=1999"],
        ["/indices/{Id}/countries/{Iso3}"] = ["/indices/connectivity/countries/ZAF"],
        ["/indices/{Id}/coverage"] = ["/indices/promotion/coverage", "/indices/no-such-index/coverage"],
        ["/matchmaking"] = ["/matchmaking"],
        ["/matchmaking/profile"] = ["/matchmaking/profile"],
        ["/meetings"] = ["/meetings"],
        ["/meetings/agenda"] = ["/meetings/agenda"],
        ["/meetings/new"] = ["/meetings/new", $"/meetings/new?to={Guid.NewGuid()}"],
        ["/not-found"] = ["/not-found"],
        ["/organisation"] = ["/organisation"],
        ["/participants"] = ["/participants", "/participants?q=电芯&product=8507&stage=smart-vehicles/vehicles&country=CHN&type=Enterprise&marked=Saved&page=2", "/participants?type=Bank&marked=x&stage=bad&page=-1"],
        ["/participants/{Id:guid}"] = [$"/participants/{Guid.NewGuid()}"],
        ["/privacy"] = ["/privacy"],
        ["/reports"] = ["/reports"],
        ["/reports/{Id:guid}"] = [$"/reports/{Guid.NewGuid()}"],
        ["/scenarios"] = ["/scenarios", "/scenarios?copy=rare-earth-export-ban", "/scenarios?copy=no-such-scenario"],
        ["/scenarios/compare"] = ["/scenarios/compare", "/scenarios/compare?a=no-such-run&b=other"],
        ["/scenarios/runs/{RunId}"] = ["/scenarios/runs/no-such-run"],
        ["/trade"] = ["/trade", "/trade?year=2021&measure=pagerank"],
        ["/trade/{Year:int}/countries/{Code}"] = ["/trade/2021/countries/ZAF", "/trade/2021/countries/XXX", "/trade/1999/countries/ZAF"],
        ["/trade/{Year:int}/dependencies"] = ["/trade/2021/dependencies?importer=ZAF", "/trade/2021/dependencies?importer=ZAF&level=6&all=true", "/trade/2021/dependencies"],
        ["/trade/{Year:int}/products/{Hs}"] = ["/trade/2021/products/85", "/trade/2021/products/850760", "/trade/2021/products/xx"],
        ["/trade/{Year:int}/substitutes"] = ["/trade/2021/substitutes?importer=AFG&product=0901", "/trade/2021/substitutes"],
        ["/users"] = ["/users"],
    };

    internal static IEnumerable<string> PageTemplates() =>
        typeof(LianboWebApp).Assembly.GetTypes().SelectMany(t => t.GetCustomAttributes<RouteAttribute>()).Select(r => r.Template).Distinct();

    internal static async Task<HttpClient> SignedInAsync(LianboApp app, TestUser user, string language)
    {
        var client = await AccountPagesTests.SignedInAsync(app, user);
        client.DefaultRequestHeaders.AcceptLanguage.Clear();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        return client;
    }
}
