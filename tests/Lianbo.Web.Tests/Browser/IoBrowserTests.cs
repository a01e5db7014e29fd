using Lianbo.Trade.InputOutput;
using Lianbo.Web.InputOutput;
using Microsoft.Extensions.DependencyInjection;
using PuppeteerSharp;

namespace Lianbo.Web.Tests.Browser;

/// <summary>The input–output pages on a phone (390 px) in Chinese and English: nothing wider than the window, the heat map and the maps drawn.</summary>
public class IoBrowserTests
{
    [Fact]
    public async Task The_value_chain_pages_fit_a_phone_in_both_languages_and_draw_the_heat_map()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var session = await BrowserSession.StartAsync(ct);
        var io = session.Services.GetRequiredService<IoService>();
        await io.LoadShippedAsync(WiodReader.LastYear, ct);
        Assert.NotNull(await io.AnalysisAsync(new IoKey("WIOD", "2013", 2011)));
        var page = session.Page;
        await page.SetViewportAsync(new ViewPortOptions { Width = 390, Height = 844, DeviceScaleFactor = 1 });
        var problems = new List<string>();
        foreach (var language in new[] { "zh", "en" })
        {
            foreach (var path in new[] { "/io", "/io/WIOD/2013/2011/countries/CHN", "/io/WIOD/2013/2011/industries/c14", "/io/WIOD/2013/2011/countries/DEU/industries/c15", "/io/WIOD/2013/2011/cascade?country=CHN&sector=c14&share=0.5&model=supply" })
            {
                await PageChecks.OpenAsync(session, path, language);
                problems.Add(await PageChecks.WiderThanWindowAsync(page, $"{path} ({language}, 390 px)") ?? "");
            }

            // The cascade page, last opened: 20 countries × 35 industries, the shocked cell darkest.
            Assert.Equal(20, await page.EvaluateExpressionAsync<int>("document.querySelectorAll('#io-heat-map tbody tr').length"));
            Assert.Equal(35, await page.EvaluateExpressionAsync<int>("document.querySelectorAll('#io-heat-map tbody tr[data-country=\"CHN\"] td').length"));
            await page.WaitForSelectorAsync("#io-loss-map[data-finished='true'] canvas", new WaitForSelectorOptions { Timeout = 30_000 });
        }

        problems.RemoveAll(p => p.Length == 0);
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}
