using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Lianbo.Core.Accounts;
using Lianbo.Core.Files;
using Lianbo.Web.Tests.Accounts;
using Lianbo.Web.Tests.Trade;
using Microsoft.AspNetCore.Mvc;

namespace Lianbo.Web.Tests.Scenarios;

/// <summary>Running scenarios through the API: stored ones by id, unsaved definitions from the body; their permalinks and downloads.</summary>
public class ScenarioRunApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    [Fact]
    public async Task A_preset_runs_on_a_product_year_and_its_run_is_read_and_exported_by_id()
    {
        await using var app = await LianboApp.StartAsync();
        await TradeSamples.ImportScenarioYearAsync(app.Services, app.Store.Directory, Ct);
        var client = app.CreateClient();

        var response = await client.PostAsync("/api/scenarios/rare-earth-export-ban/run", null, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var id = created.GetProperty("id").GetString()!;
        Assert.Equal($"/scenarios/runs/{id}", created.GetProperty("url").GetString());
        Assert.Equal($"/api/scenario-runs/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal(2021, created.GetProperty("result").GetProperty("exposure").GetProperty("dataset").GetProperty("year").GetInt32());

        var read = await client.GetFromJsonAsync<JsonElement>($"/api/scenario-runs/{id}", Ct);
        var csv = await client.GetAsync($"/api/scenario-runs/{id}/export?format=csv&table=importers", Ct);
        var xlsx = await client.GetAsync($"/api/scenario-runs/{id}/export?format=xlsx", Ct);
        var badTable = await client.GetAsync($"/api/scenario-runs/{id}/export?format=csv&table=gravity", Ct);

        Assert.Equal("rare-earth-export-ban", read.GetProperty("definition").GetProperty("id").GetString());
        Assert.True(JsonElement.DeepEquals(created.GetProperty("result"), read), "the permalink serves the result in the shape the run returned it");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var rows = UploadedCsv.Read(await csv.Content.ReadAsByteArrayAsync(Ct), "importers.csv");
        Assert.Equal("importer", rows[0].Cells[0].Text);
        Assert.True(rows.Count > 1);
        Assert.Equal("importer", XlsxTable.Read(await xlsx.Content.ReadAsByteArrayAsync(Ct), "run.xlsx")[0].Cells[0].Text);
        Assert.Equal(HttpStatusCode.BadRequest, badTable.StatusCode);
        Assert.Contains("table", (await badTable.Content.ReadFromJsonAsync<ValidationProblemDetails>(Ct))!.Errors.Keys);
    }

    [Fact]
    public async Task An_unsaved_definition_runs_and_its_permalink_outlives_the_app_that_ran_it()
    {
        await using var app = await LianboApp.StartAsync();
        var response = await app.CreateClient().PostAsync("/api/scenario-runs", Json(ScenariosApiTests.File("never-saved")), Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetString()!;
        Assert.Matches("^[A-Za-z0-9_-]{16}$", id);

        await using var restarted = app.Restarted();
        var client = restarted.CreateClient();
        var read = await client.GetAsync($"/api/scenario-runs/{id}", Ct);
        var page = await client.GetAsync($"/scenarios/runs/{id}", Ct);
        var about = await client.GetAsync($"/api/scenario-runs/{id}/export?format=csv&table=about", Ct);
        var listed = await client.GetAsync("/api/scenarios/never-saved/runs", Ct);

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal("never-saved", (await read.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("definition").GetProperty("id").GetString());
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("id=\"unsaved-note\"", await page.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Contains("never-saved", await about.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, listed.StatusCode);
    }

    [Fact]
    public async Task A_refused_definition_names_each_field_and_nothing_runs()
    {
        await using var app = await LianboApp.StartAsync();
        var client = app.CreateClient();

        var unknownHs = await client.PostAsync("/api/scenario-runs", Json(ScenariosApiTests.File(chips: "0000")), Ct);
        var unknownCountry = await client.PostAsync("/api/scenario-runs", Json(ScenariosApiTests.File().Replace("\"KOR\"", "\"XXX\"", StringComparison.Ordinal)), Ct);
        var manyDraws = await client.PostAsync("/api/scenario-runs", Json(ScenariosApiTests.File().Replace("\"digits\": 6", "\"digits\": 6, \"draws\": 500", StringComparison.Ordinal)), Ct);
        var notJson = await client.PostAsync("/api/scenario-runs", Json("{ \"id\": "), Ct);
        var unknownScenario = await client.PostAsync("/api/scenarios/no-such-scenario/run", null, Ct);

        Assert.Equal("unknown HS code 0000 (HS 1992, 2, 4 or 6 digits)", Assert.Single(await ErrorsAsync(unknownHs, "shocks[1].products[0]")));
        Assert.Contains("unknown country XXX", Assert.Single(await ErrorsAsync(unknownCountry, "shocks[1].exporters[0]")), StringComparison.Ordinal);
        Assert.Contains("50", Assert.Single(await ErrorsAsync(manyDraws, "base.draws")), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownScenario.StatusCode);
        Assert.Equal("application/problem+json", unknownScenario.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Runs_beyond_the_limit_of_a_client_address_get_429()
    {
        await using var app = await LianboApp.StartAsync(settings: new Dictionary<string, string> { ["Lianbo:RateLimits:ScenarioRunsPerMinute"] = "2" });
        var client = app.CreateClient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            statuses.Add((await client.PostAsync("/api/scenarios/rare-earth-export-ban/run", null, Ct)).StatusCode);
        }

        var read = await client.GetAsync("/api/scenarios/rare-earth-export-ban/runs", Ct);
        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Created, (HttpStatusCode)429], statuses);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
    }

    [Fact]
    public async Task The_run_of_a_private_scenario_is_its_owners_alone()
    {
        await using var app = await LianboApp.StartAsync();
        var owner = app.ClientFor(await app.CreateUserAsync(Roles.Analyst));
        var other = app.ClientFor(await app.CreateUserAsync(Roles.Analyst));
        await owner.PostAsync("/api/scenarios", Json(ScenariosApiTests.File()), Ct);

        var run = await owner.PostAsync("/api/scenarios/my-scenario/run", null, Ct);
        var id = (await run.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetString()!;
        var byOwner = await owner.GetAsync($"/api/scenario-runs/{id}", Ct);
        var byOther = await other.GetAsync($"/api/scenario-runs/{id}", Ct);
        var exportByOther = await other.GetAsync($"/api/scenario-runs/{id}/export?format=xlsx", Ct);
        var runByOther = await other.PostAsync("/api/scenarios/my-scenario/run", null, Ct);

        Assert.Equal(HttpStatusCode.Created, run.StatusCode);
        Assert.Equal(HttpStatusCode.OK, byOwner.StatusCode);
        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound), (byOther.StatusCode, exportByOther.StatusCode, runByOther.StatusCode));
    }

    private static async Task<string[]> ErrorsAsync(HttpResponseMessage response, string field)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ValidationProblemDetails>(Ct);
        Assert.True(problem!.Errors.ContainsKey(field), string.Join(", ", problem.Errors.Keys));
        return problem.Errors[field];
    }
}
