using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Lianbo.Core.Accounts;
using Lianbo.Core.Scenarios;
using Lianbo.Web.Tests.Accounts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace Lianbo.Web.Tests.Scenarios;

public class ScenariosApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A valid scenario file: a rare-earth ban, then a chip disruption.</summary>
    internal static string File(string id = "my-scenario", string version = "1", string chips = "8542") => $$"""
        {
          "id": "{{id}}",
          "version": "{{version}}",
          "nameZh": "测试情景",
          "nameEn": "Test scenario",
          "descriptionZh": "用于测试的情景。",
          "descriptionEn": "A scenario for the tests.",
          "illustrative": true,
          "sources": [{ "title": "A test" }],
          "base": { "digits": 6 },
          "shocks": [
            { "kind": "exportBan", "exporters": ["CHN"], "products": ["2805", "2846"], "percent": 100 },
            { "kind": "disruption", "exporters": ["KOR"], "products": ["{{chips}}"], "percent": 50 }
          ]
        }
        """;

    /// <summary>The same file as a body for requests built from objects (the authorization matrix).</summary>
    internal static System.Text.Json.Nodes.JsonNode Body(string id, string version) => System.Text.Json.Nodes.JsonNode.Parse(File(id, version))!;

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    // The items of a paged list's first page (paging itself: PagingTests).
    internal static async Task<List<JsonElement>> Items(HttpClient client, string url) =>
        [.. (await client.GetFromJsonAsync<JsonElement>(url, Ct)).GetProperty("items").EnumerateArray()];

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Everyone_sees_the_presets_as_their_files_say(string provider)
    {
        await using var app = await LianboApp.StartAsync(provider);
        var client = app.CreateClient();
        var file = ScenarioFiles.Read(Path.Combine(AppContext.BaseDirectory, "scenarios", "japan-earthquake-2011.json"));

        var list = await Items(client, "/api/scenarios");
        var preset = await client.GetStringAsync("/api/scenarios/japan-earthquake-2011", Ct);
        var versions = await Items(client, "/api/scenarios/japan-earthquake-2011/versions");
        var missing = await client.GetAsync("/api/scenarios/no-such-scenario", Ct);

        Assert.Equal(["china-electronics-cascade", "chip-supply-disruption", "japan-earthquake-2011", "rare-earth-export-ban", "thailand-floods-2011", "two-bloc-decoupling"],
            list!.Select(s => s.GetProperty("id").GetString()).Order(StringComparer.Ordinal));
        Assert.All(list!, s => Assert.True(s.GetProperty("isPreset").GetBoolean()));
        Assert.Equal(ScenarioFiles.Write(file), ScenarioFiles.Write(ScenarioFiles.Parse(Encoding.UTF8.GetBytes(preset), "x.json").Scenario!));
        Assert.Equal(file.Version, Assert.Single(versions!).GetProperty("version").GetString());
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task A_bad_definition_is_refused_naming_each_field_and_nothing_is_stored()
    {
        await using var app = await LianboApp.StartAsync();
        var analyst = app.ClientFor(await app.CreateUserAsync(Roles.Analyst));

        var unknownHs = await analyst.PostAsync("/api/scenarios", Json(File(chips: "0100")), Ct);
        var notJson = await analyst.PostAsync("/api/scenarios", Json(File().Replace("\"version\": \"1\",", "\"version\": \"1\"", StringComparison.Ordinal)), Ct);
        var unknownField = await analyst.PostAsync("/api/scenarios", Json(File().Replace("\"illustrative\"", "\"colour\": \"red\", \"illustrative\"", StringComparison.Ordinal)), Ct);
        var list = await Items(analyst, "/api/scenarios");

        Assert.Equal(HttpStatusCode.BadRequest, unknownHs.StatusCode);
        var problem = await unknownHs.Content.ReadFromJsonAsync<ValidationProblemDetails>(Ct);
        Assert.Equal(["unknown HS code 0100 (HS 1992, 2, 4 or 6 digits)"], problem!.Errors["shocks[1].products[0]"]);
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        Assert.StartsWith("request.json:4: ", (await notJson.Content.ReadFromJsonAsync<ValidationProblemDetails>(Ct))!.Errors.Values.Single().Single(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, unknownField.StatusCode);
        Assert.Contains("colour", (await unknownField.Content.ReadFromJsonAsync<ValidationProblemDetails>(Ct))!.Errors.Keys.Single(), StringComparison.Ordinal);
        Assert.DoesNotContain(list!, s => s.GetProperty("id").GetString() == "my-scenario");
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task An_analysts_scenario_is_seen_by_others_once_published_and_removed_by_its_owner_or_an_organiser(string provider)
    {
        await using var app = await LianboApp.StartAsync(provider);
        var owner = app.ClientFor(await app.CreateUserAsync(Roles.Analyst));
        var other = app.ClientFor(await app.CreateUserAsync(Roles.Analyst));
        var participant = app.ClientFor(await app.CreateUserAsync(Roles.Participant));
        var organiser = app.ClientFor(await app.CreateUserAsync(Roles.Organiser));
        var anonymous = app.CreateClient();

        var created = await owner.PostAsync("/api/scenarios", Json(File()), Ct);
        var byParticipant = await participant.PostAsync("/api/scenarios", Json(File("participants-own")), Ct);
        var hiddenFromOther = await other.GetAsync("/api/scenarios/my-scenario", Ct);
        var hiddenFromAnonymous = await anonymous.GetAsync("/api/scenarios/my-scenario", Ct);
        var seenByOwner = await owner.GetAsync("/api/scenarios/my-scenario", Ct);
        var sameVersion = await owner.PutAsync("/api/scenarios/my-scenario", Json(File()), Ct);
        var newVersion = await owner.PutAsync("/api/scenarios/my-scenario", Json(File(version: "2")), Ct);
        var published = await owner.PutAsJsonAsync("/api/scenarios/my-scenario/published", new { published = true }, Ct);
        var listedForAnonymous = await Items(anonymous, "/api/scenarios");
        var versions = await Items(participant, "/api/scenarios/my-scenario/versions");
        var runs = await Items(participant, "/api/scenarios/my-scenario/runs");
        var removedByOther = await other.DeleteAsync("/api/scenarios/my-scenario", Ct);
        var removedByParticipant = await participant.DeleteAsync("/api/scenarios/my-scenario", Ct);
        var presetRemoved = await organiser.DeleteAsync("/api/scenarios/rare-earth-export-ban", Ct);
        var removed = await organiser.DeleteAsync("/api/scenarios/my-scenario", Ct);
        var gone = await owner.GetAsync("/api/scenarios/my-scenario", Ct);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("/api/scenarios/my-scenario", created.Headers.Location?.ToString());
        Assert.Equal(HttpStatusCode.Forbidden, byParticipant.StatusCode);
        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.OK), (hiddenFromOther.StatusCode, hiddenFromAnonymous.StatusCode, seenByOwner.StatusCode));
        Assert.Contains("version", (await sameVersion.Content.ReadFromJsonAsync<ValidationProblemDetails>(Ct))!.Errors.Keys);
        Assert.Equal(HttpStatusCode.OK, newVersion.StatusCode);
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        Assert.Contains(listedForAnonymous!, s => s.GetProperty("id").GetString() == "my-scenario" && s.GetProperty("published").GetBoolean());
        Assert.Equal(["2", "1"], versions!.Select(v => v.GetProperty("version").GetString()));
        Assert.Empty(runs!);
        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden), (removedByOther.StatusCode, removedByParticipant.StatusCode));
        Assert.Equal(HttpStatusCode.BadRequest, presetRemoved.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task A_stored_run_is_served_by_its_permalink_to_whoever_sees_its_scenario()
    {
        await using var app = await LianboApp.StartAsync();
        var analyst = await app.CreateUserAsync(Roles.Analyst);
        var owner = app.ClientFor(analyst);
        var anonymous = app.CreateClient();
        await owner.PostAsync("/api/scenarios", Json(File()), Ct);
        string run;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var scenarios = scope.ServiceProvider.GetRequiredService<ScenarioStore>();
            var viewer = new Viewer(analyst.Id, null, false, new HashSet<string>(StringComparer.Ordinal) { Roles.Analyst });
            run = (await scenarios.SaveRunAsync(viewer, (await scenarios.GetAsync(viewer, "my-scenario", Ct))!.Definition, """{"welfare":[{"iso3":"CHN","change":-0.5}]}""", true, Ct)).Value!;
        }

        var byOwner = await owner.GetAsync($"/api/scenario-runs/{run}", Ct);
        var byAnonymous = await anonymous.GetAsync($"/api/scenario-runs/{run}", Ct);
        var listed = await Items(owner, "/api/scenarios/my-scenario/runs");

        Assert.Equal(HttpStatusCode.OK, byOwner.StatusCode);
        Assert.Equal("application/json", byOwner.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, byAnonymous.StatusCode);
        Assert.Equal(run, Assert.Single(listed!).GetProperty("id").GetString());
    }
}
