using System.Net;
using System.Text.Json;
using Lianbo.Web.Scenarios;
using Lianbo.Web.Tests.Trade;
using Microsoft.Extensions.DependencyInjection;

namespace Lianbo.Web.Tests.Scenarios;

/// <summary>The scenario pages and the run's downloads over HTTP, on a fresh install (no trade year with products).</summary>
public class ScenarioPagesTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Without_product_data_the_permalink_says_how_to_get_some_and_the_downloads_name_a_bad_table_or_format()
    {
        await using var app = await LianboApp.StartAsync();
        string runId;
        using (var scope = app.Services.CreateScope())
        {
            var outcome = await scope.ServiceProvider.GetRequiredService<ScenarioRuns>().RunStoredAsync(null, "rare-earth-export-ban", ct: Ct);
            Assert.True(outcome.IsValid, string.Join("; ", outcome.Errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")));
            runId = outcome.Value!.Id;
        }

        var english = await app.CreateClient().GetStringAsync($"/scenarios/runs/{runId}", Ct);
        var chinese = WebUtility.HtmlDecode(await TradeSamples.ChineseClient(app).GetStringAsync($"/scenarios/runs/{runId}", Ct));
        Assert.Contains("data-kind=\"no-product-data\"", english, StringComparison.Ordinal);
        Assert.Contains("lianbo trade generate", english, StringComparison.Ordinal);
        Assert.Contains("稀土出口禁令（示意）", chinese, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"exposure\"", english, StringComparison.Ordinal);

        var client = app.CreateClient();
        var about = await client.GetAsync($"/scenarios/runs/{runId}/export?format=csv&table=about", Ct);
        Assert.Equal(HttpStatusCode.OK, about.StatusCode);
        Assert.Contains("rare-earth-export-ban", await about.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        await AssertProblemAsync(await client.GetAsync($"/scenarios/runs/{runId}/export?format=csv&table=importers", Ct), "table");
        await AssertProblemAsync(await client.GetAsync($"/scenarios/runs/{runId}/export?format=pdf", Ct), "format");
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/scenarios/runs/no-such-run/export?format=xlsx", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/scenarios/runs/no-such-run", Ct)).StatusCode);
    }

    [Fact]
    public async Task The_list_shows_every_preset_with_its_badges_and_a_stored_run_reads_back_as_it_was_written()
    {
        await using var app = await LianboApp.StartAsync();
        var page = await app.CreateClient().GetStringAsync("/scenarios", Ct);
        foreach (var id in new[] { "rare-earth-export-ban", "two-bloc-decoupling", "chip-supply-disruption", "thailand-floods-2011", "japan-earthquake-2011" })
        {
            Assert.Contains($"id=\"scenario-{id}\"", page, StringComparison.Ordinal);
        }

        Assert.Contains("Sign in as an analyst or organiser to save scenarios.", page, StringComparison.Ordinal);
        using var scope = app.Services.CreateScope();
        var runs = scope.ServiceProvider.GetRequiredService<ScenarioRuns>();
        var outcome = await runs.RunStoredAsync(null, "two-bloc-decoupling", ct: Ct);
        var run = await runs.LoadAsync(null, outcome.Value!.Id, Ct);
        Assert.NotNull(run?.Result.Gravity);
        Assert.True(run.Saved);
        Assert.Equal(JsonSerializer.Serialize(run.Result, ScenarioRuns.Json), ScenarioRuns.Serialize(ScenarioRuns.Deserialize(ScenarioRuns.Serialize(run.Result))));
    }

    [Fact]
    public async Task A_refused_form_answers_with_each_problem_beside_its_field()
    {
        await using var app = await LianboApp.StartAsync();
        var client = Lianbo.Web.Tests.Accounts.AccountPagesTests.Browser(app);
        var page = await client.GetStringAsync("/scenarios", Ct);
        var token = WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value);
        var response = await client.PostAsync("/scenarios", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "scenario", ["__RequestVerificationToken"] = token, ["Form.Id"] = "my-ban", ["Form.Version"] = "2026.1",
            ["Form.NameZh"] = "我的禁令", ["Form.NameEn"] = "My ban", ["Form.Shocks[0].Kind"] = "exportBan", ["Form.Shocks[0].Exporters"] = "CHN",
            ["Form.Shocks[0].Products"] = "2805, 0000", ["Form.Shocks[0].Percent"] = "abc", ["Form.Command"] = "run",
        }), Ct);
        var body = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(Ct));
        Assert.True(response.StatusCode == HttpStatusCode.OK, body + string.Join("\n", app.ServerErrors.Values));
        Assert.Contains("data-field=\"shocks[0].percent\"", body, StringComparison.Ordinal);
        Assert.Contains("value=\"2805, 0000\"", body, StringComparison.Ordinal);
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, string field)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.True(body.RootElement.GetProperty("errors").TryGetProperty(field, out _), $"no problem for {field}");
    }
}
