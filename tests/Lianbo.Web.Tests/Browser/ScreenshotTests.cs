using Lianbo.Core.Accounts;
using Lianbo.Core.Data;
using Lianbo.Trade.Import;
using Lianbo.Trade.Indices;
using Lianbo.Trade.Store;
using Lianbo.Web.Tests.Accounts;
using Lianbo.Web.Tests.Trade;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PuppeteerSharp;

namespace Lianbo.Web.Tests.Browser;

/// <summary>
/// The README's pictures, taken in Chromium over the demo: each user's main page in English and Chinese, on a desktop
/// and on a phone. <c>docs/screenshots.sh</c> sets LIANBO_SCREENSHOTS to keep them in <c>docs/screenshots/</c>; in a
/// plain test run they go to a temporary folder, and the test checks each page drew without a script error.
/// </summary>
public class ScreenshotTests
{
    public const string FolderVariable = "LIANBO_SCREENSHOTS";

    private static readonly (string Name, int Width, int Height, bool Mobile)[] Screens = [("desktop", 1280, 800, false), ("phone", 390, 844, true)];

    [Fact]
    public async Task Each_users_main_page_is_pictured_in_both_languages_on_a_desktop_and_a_phone()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var session = await BrowserSession.StartAsync(ct, demo: true);
        var store = session.Services.GetRequiredService<TradeStore>();
        await BaciImporter.ImportAsync(store, TradeSamples.Baci2021, ct: ct);
        await new IndexBuilder(store).BuildAsync(IndexBuilder.LoadDefinitions(), draws: 20, ct: ct);
        var participant = await DemoParticipantAsync(session.Services);
        var folder = Environment.GetEnvironmentVariable(FolderVariable) is { Length: > 0 } kept
            ? Directory.CreateDirectory(kept).FullName
            : Directory.CreateDirectory(Path.Combine(session.Store.Directory, "screenshots")).FullName;
        var errors = session.CollectPageErrors();

        // Public pages first, then the participant's recommendations once signed in.
        (string Name, string Path, string Ready)[] pages =
        [
            ("dashboard", "/expo/2", "main h1"),
            ("panorama", "/chains/smart-vehicles", "#panorama-chart[data-finished='true'] canvas"),
            ("indices", "/indices", "#index-map[data-finished='true'] canvas"),
            ("matchmaking", "/matchmaking", "main h1"),
        ];
        var taken = new List<string>();
        foreach (var (name, path, ready) in pages)
        {
            if (name == "matchmaking")
            {
                await session.SignInAsync(participant, TestAccounts.Password);
            }

            foreach (var language in new[] { "en", "zh" })
            {
                await session.Page.GoToAsync($"{session.Url}{path}?culture={(language == "zh" ? "zh-CN" : "en")}");
                foreach (var screen in Screens)
                {
                    await session.Page.SetViewportAsync(new ViewPortOptions { Width = screen.Width, Height = screen.Height, IsMobile = screen.Mobile, DeviceScaleFactor = 1 });
                    await session.Page.ReloadAsync();
                    await session.Page.WaitForSelectorAsync(ready);
                    var file = Path.Combine(folder, $"{name}-{language}-{screen.Name}.png");
                    await session.Page.ScreenshotAsync(file, new ScreenshotOptions { FullPage = false });
                    taken.Add(file);
                }
            }
        }

        Assert.All(taken, file => Assert.True(new FileInfo(file).Length > 10_000, $"{file} is nearly empty"));
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    // A member of a demo organisation that offers products, so that its recommendations are the engine's real ones.
    private static async Task<string> DemoParticipantAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LianboDbContext>();
        var organisation = await db.Organisations.Where(o => o.IsDemo && db.OrganisationProducts.Any(p => p.OrganisationId == o.Id))
            .OrderBy(o => o.NameEn).Select(o => o.Id).FirstAsync();
        var user = new LianboUser
        {
            UserName = "buyer@demo.example", Email = "buyer@demo.example", EmailConfirmed = true, DisplayName = "Demo buyer",
            OrganisationId = organisation, IsOrganisationAdmin = true, CreatedAt = DateTimeOffset.UtcNow,
        };
        var users = scope.ServiceProvider.GetRequiredService<UserManager<LianboUser>>();
        Assert.True((await users.CreateAsync(user, TestAccounts.Password)).Succeeded);
        await users.AddToRoleAsync(user, Roles.Participant);
        return user.Email;
    }
}
