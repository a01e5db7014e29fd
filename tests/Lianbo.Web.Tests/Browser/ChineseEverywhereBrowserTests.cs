using System.Text.RegularExpressions;
using Lianbo.Core.Accounts;
using Lianbo.Core.Data;
using Lianbo.Trade.Indices;
using Lianbo.Trade.Store;
using Lianbo.Web.Tests.Accounts;
using Lianbo.Web.Tests.Platform;
using Lianbo.Web.Tests.Trade;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lianbo.Web.Tests.Browser;

/// <summary>
/// Every page in Chinese, in Debian's Chromium over the demo expo, a generated trade year, the indices and a scenario
/// run: anonymous, then as a participant of a demo organisation and as an organiser. A page fails when its text (or a
/// placeholder, title, label or image text) holds two or more English words in a row, or one identifier as code spells
/// it (MustMeet, Asia/Shanghai), outside <see cref="AllowedWords"/>, the data's own English names, commands quoted in
/// backticks, and elements marked <c>lang="en"</c> (an organisation's English name shown as its other name, a cited
/// paper's title) or <c>translate="no"</c> (JSON, code). How to add a label or a word to the allow-list: CONTRIBUTING.md, "Chinese on every page".
/// </summary>
public partial class ChineseEverywhereBrowserTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>
    /// Words that stay in Latin letters in Chinese text: the product's and data sources' names, file formats and
    /// protocols, units. Codes need no entry: a word without a lowercase letter (CHN, HS, A1-01) is never counted.
    /// </summary>
    internal static readonly HashSet<string> AllowedWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "Lianbo", "BACI", "CEPII", "WIOD", "OECD", "ICIO", "Comtrade", "UN", "UNSD", "CSV", "XLSX", "JSON", "Parquet", "PDF",
        "API", "OpenAPI", "URL", "HTTP", "HTTPS", "iCalendar", "ics", "DuckDB", "networkx", "igraph", "CP-SAT", "OR-Tools",
        "GeoDep", "PageRank", "HHI", "Scalar", "Bearer", "English", "e-mail", "email", "WTO", "UNCTAD", "GDP", "kg", "km",
        "m²", "USD", "CNY", "TOTP", "ISO", "Tradeoffs",
    };

    [Fact]
    public async Task Every_page_in_Chinese_has_no_English_outside_the_allow_list()
    {
        await using var session = await BrowserSession.StartAsync(Ct, demo: true);
        var page = session.Page;
        await TradeSamples.ImportScenarioYearAsync(session.Services, session.Store.Directory, Ct);
        await new IndexBuilder(session.Services.GetRequiredService<TradeStore>()).BuildAsync(IndexBuilder.LoadDefinitions(), draws: 20, ct: Ct);
        var organiser = await session.Services.CreateUserAsync(Roles.Organiser);
        var (participant, exhibitor, table, dataNames) = await DemoAsync(session.Services);
        await page.SetExtraHttpHeadersAsync(new Dictionary<string, string> { ["Accept-Language"] = "zh-CN,zh" });

        // A scenario run, so that its page has a permalink to visit.
        await page.GoToAsync(session.Url + "/scenarios");
        await session.ClickAndWaitAsync("#scenario-rare-earth-export-ban button.run-scenario");
        var run = new Uri(page.Url).AbsolutePath;
        Assert.Contains("/scenarios/runs/", run, StringComparison.Ordinal);

        var samples = EveryPageTests.Samples(2, exhibitor);
        samples["/expo/{Number:int}/schedule/tables/{Code}"] = [$"/expo/2/schedule/tables/{table}"];
        samples["/scenarios/runs/{RunId}"] = [run];
        samples["/scenarios/compare"] = [$"/scenarios/compare?a={run.Split('/')[^1]}&b={run.Split('/')[^1]}"];
        samples["/indices/{Id}/countries/{Iso3}"] = ["/indices/connectivity/countries/ZAF"];
        samples["/expo/{Number:int}/exhibitors"] = ["/expo/2/exhibitors"];

        var failures = new List<string>();
        foreach (var (who, email) in new[] { ("anonymous", (string?)null), ("participant", participant), ("organiser", organiser.Email) })
        {
            if (email is not null)
            {
                await session.SignInAsync(email, TestAccounts.Password);
            }

            foreach (var (template, urls) in samples)
            {
                foreach (var url in urls)
                {
                    await page.GoToAsync(session.Url + url);
                    var texts = await page.EvaluateFunctionAsync<PageTexts>(CollectTexts);
                    foreach (var (part, text) in new[] { (template, texts.Main), ("layout", texts.Layout) })
                    {
                        foreach (var found in EnglishRuns(text, dataNames))
                        {
                            failures.Add($"{who} {url} [{part}]: \"{found}\"");
                        }
                    }
                }
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} English runs in Chinese pages:\n" + string.Join("\n", failures.Distinct()));
    }

    [Fact]
    public void A_run_of_English_words_is_found_and_codes_brands_and_data_names_are_not()
    {
        Assert.Equal(["Sign in"], EnglishRuns("请 Sign in 后继续", []));
        Assert.Equal(["One or more validation errors occurred"], EnglishRuns("One or more validation errors occurred.", []));
        Assert.Empty(EnglishRuns("HS 850760 锂离子电池，CHN → USA，A1-01 桌", []));
        Assert.Empty(EnglishRuns("导出 CSV 或 XLSX；Lianbo API 文档", []));
        Assert.Empty(EnglishRuns("宁德时代（Contemporary Amperex Technology）", ["Contemporary Amperex Technology"]));
        Assert.Empty(EnglishRuns("链博 Lianbo", []));
        Assert.Equal(["MustMeet", "Asia/Shanghai"], EnglishRuns("优先级 MustMeet，时区 Asia/Shanghai", []));
        Assert.Empty(EnglishRuns("可用 `lianbo demo remove` 删除", []));
    }

    /// <summary>The runs of two or more English words in <paramref name="text"/>, after removing the data's own English names.</summary>
    internal static List<string> EnglishRuns(string text, IReadOnlyCollection<string> dataNames)
    {
        foreach (var name in dataNames)
        {
            text = text.Replace(name, " ", StringComparison.Ordinal);
        }

        text = Quoted().Replace(text, " ");
        var runs = Identifier().Matches(text).Select(m => m.Value).Where(w => !AllowedWords.Contains(w)).ToList();
        foreach (Match run in Run().Matches(text))
        {
            // The words of the run that count, split where a code or an allowed word interrupts it.
            var current = new List<string>();
            foreach (var word in run.Value.Split([' ', '\u00a0', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries))
            {
                if (word.Any(char.IsAsciiLetterLower) && !AllowedWords.Contains(word.Trim('.', ',', ';', ':')))
                {
                    current.Add(word.TrimEnd('.', ',', ';', ':'));
                }
                else
                {
                    Flush();
                }
            }

            Flush();

            void Flush()
            {
                if (current.Count >= 2)
                {
                    runs.Add(string.Join(' ', current));
                }

                current.Clear();
            }
        }

        return runs;
    }

    // A command quoted as Markdown does: `lianbo demo remove`.
    [GeneratedRegex("`[^`]*`")]
    private static partial Regex Quoted();

    // An enum value or an IANA time-zone id as the code spells it: MustMeet, ReadWrite, Asia/Shanghai.
    [GeneratedRegex(@"(?<![A-Za-z0-9])(?:[A-Z][a-z]+(?:[A-Z][a-z]+)+|[A-Z][a-z]+/[A-Z][A-Za-z_]+)(?![A-Za-z0-9])")]
    private static partial Regex Identifier();

    // Latin words separated by spaces (a comma or period may end a word): "Sign in", "Total, by year".
    [GeneratedRegex(@"[A-Za-z][A-Za-z0-9'’\-²]*[.,;:]?(?:[ \u00a0\t]+[A-Za-z][A-Za-z0-9'’\-²]*[.,;:]?)+")]
    private static partial Regex Run();

    private sealed record PageTexts(string Main, string Layout);

    // Each text node on its own line (no run across two elements), and the texts people read in attributes; nothing inside
    // an element marked lang="en", a script or a style.
    private const string CollectTexts = """
        () => {
          const collect = root => {
            if (!root) return '';
            const out = [];
            const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
            for (let n = walker.nextNode(); n; n = walker.nextNode()) {
              const p = n.parentElement;
              if (!p || p.closest('script,style,template,[lang^="en"],[translate="no"]')) continue;
              out.push(n.nodeValue);
            }
            for (const e of root.querySelectorAll('[placeholder],[title],[aria-label],[alt],input[type=submit][value],input[type=button][value]')) {
              if (e.closest('[lang^="en"],[translate="no"]')) continue;
              for (const a of ['placeholder', 'title', 'aria-label', 'alt']) if (e.hasAttribute(a)) out.push(e.getAttribute(a));
              if (e.matches('input[type=submit],input[type=button]')) out.push(e.value);
            }
            return out.join('\n');
          };
          const main = document.querySelector('main');
          const layout = [...document.querySelectorAll('header.top, footer')].filter(e => !main || !main.contains(e));
          return { main: collect(main ?? document.body), layout: layout.map(collect).join('\n') + '\n' + document.title };
        }
        """;

    // A participant of a demo organisation with meetings in the 2nd edition, an exhibitor, a meeting table, and the
    // English names the data carries (shown as organisations' other names).
    private static async Task<(string Participant, Guid Exhibitor, string Table, string[] DataNames)> DemoAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LianboDbContext>();
        var edition = await db.Editions.Where(e => e.Number == 2).Select(e => e.Id).SingleAsync(Ct);
        var organisation = await db.Meetings.Where(m => m.EditionId == edition).OrderBy(m => m.Id).Select(m => m.OrganisationA).FirstAsync(Ct);
        var exhibitor = await db.Exhibitors.Where(e => e.EditionId == edition).OrderBy(e => e.Id).Select(e => e.Id).FirstAsync(Ct);
        var table = await db.MeetingTables.Where(t => t.EditionId == edition).OrderBy(t => t.Code).Select(t => t.Code).FirstAsync(Ct);
        var user = new LianboUser
        {
            UserName = "participant@demo.example", Email = "participant@demo.example", EmailConfirmed = true, DisplayName = "张伟",
            OrganisationId = organisation, IsOrganisationAdmin = true, CreatedAt = DateTimeOffset.UtcNow,
        };
        var users = scope.ServiceProvider.GetRequiredService<UserManager<LianboUser>>();
        Assert.True((await users.CreateAsync(user, TestAccounts.Password)).Succeeded);
        await users.AddToRoleAsync(user, Roles.Participant);
        db.ConsentRecords.Add(new ConsentRecord { UserId = user.Id, Version = Core.Accounts.Accounts.PrivacyNoticeVersion, At = DateTimeOffset.UtcNow });
        await db.SaveChangesAsync(Ct);
        var names = await db.Organisations.Select(o => o.NameEn).ToListAsync(Ct);
        var people = await db.Users.Select(u => u.DisplayName).ToListAsync(Ct);
        return (user.Email, exhibitor, table, [.. names.Concat(people).Where(n => !string.IsNullOrWhiteSpace(n)).Distinct().OrderByDescending(n => n.Length)]);
    }
}
