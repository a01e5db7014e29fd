using System.Text.Json;
using Lianbo.Core.Tests;
using Lianbo.Web.Tests.Accounts;
using PuppeteerSharp;

namespace Lianbo.Web.Tests.Browser;

/// <summary>
/// axe-core (npm, pinned in src/Lianbo.Web/package.json) on the main pages in both languages: no serious or critical
/// violation of WCAG 2.1 A and AA. The script is put into each page through the browser's debugging protocol, so the
/// app's Content-Security-Policy, which allows no script but its own, stays as it is.
/// </summary>
public class AccessibilityBrowserTests
{
    private static readonly string AxePath = Path.Combine(TestStore.RepositoryDirectory, "src", "Lianbo.Web", "node_modules", "axe-core", "axe.min.js");

    [Fact]
    public async Task The_main_pages_have_no_serious_or_critical_accessibility_violation_in_English_or_Chinese()
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.True(File.Exists(AxePath), $"axe-core is not installed at {AxePath}: building src/Lianbo.Web runs npm ci, which installs it.");
        var axe = await File.ReadAllTextAsync(AxePath, ct);
        await using var session = await BrowserSession.StartAsync(ct, demo: true);
        var edition = await PageChecks.NewestEditionAsync(session.Services);
        var found = new List<string>();

        foreach (var language in new[] { "en", "zh" })
        {
            await CheckAsync(session, axe, "/account/login", language, found);
        }

        var organiser = await PageChecks.OrganiserWithEveryRoleAsync(session.Services);
        await session.SignInAsync(organiser.Email, TestAccounts.Password);
        string[] pages =
        [
            "/", "/expo", $"/expo/{edition}", $"/expo/{edition}/exhibitors", "/chains", "/chains/smart-vehicles", "/matchmaking", "/trade", "/indices",
            "/scenarios", $"/expo/{edition}/manage", $"/expo/{edition}/manage/venue", $"/expo/{edition}/schedule", "/audit",
        ];
        foreach (var language in new[] { "en", "zh" })
        {
            foreach (var path in pages)
            {
                await CheckAsync(session, axe, path, language, found);
            }
        }

        Assert.True(found.Count == 0, "Serious or critical accessibility violations (axe-core):\n" + string.Join("\n", found));
    }

    private static async Task CheckAsync(BrowserSession session, string axe, string path, string language, List<string> found)
    {
        await PageChecks.OpenAsync(session, path, language);
        await session.Page.EvaluateExpressionAsync(axe);
        var violations = await session.Page.EvaluateFunctionAsync<JsonElement>("""
            async () => {
                const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] });
                return result.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
                    .map(v => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + (n.failureSummary ? ' — ' + n.failureSummary.replace(/\s+/g, ' ') : '')) , count: v.nodes.length }));
            }
            """);
        foreach (var v in violations.EnumerateArray())
        {
            found.Add($"{path} ({language}): {v.GetProperty("impact").GetString()} {v.GetProperty("id").GetString()} — {v.GetProperty("help").GetString()} ({v.GetProperty("count").GetInt32()} elements)\n    "
                + string.Join("\n    ", v.GetProperty("nodes").EnumerateArray().Select(n => n.GetString())));
        }
    }
}
