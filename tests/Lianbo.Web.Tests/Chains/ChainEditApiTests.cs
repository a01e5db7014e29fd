using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Lianbo.Core.Accounts;
using Lianbo.Core.Chains;
using Lianbo.Core.Tests;
using Lianbo.Core.Tests.Chains;
using Lianbo.Web.Tests.Accounts;
using Microsoft.Extensions.DependencyInjection;

namespace Lianbo.Web.Tests.Chains;

/// <summary>Organisers' own chains over the API: chain files in, ProblemDetails naming the field, stage and code out.</summary>
public class ChainEditApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A small chain file: cells supply battery scrap; logistics beside them.</summary>
    internal static ChainDefinition Recycling(string id = "battery-recycling") => new(
        id, "2025.1", ChainKind.Chain, 20, "电池回收链", "Battery Recycling Chain", "从电芯到回收的测试链。", "A test chain from cells to recycling.", "#2a9d8f",
        [
            new StageDefinition("cells", "电芯", "Cells", StagePosition.Midstream, StageKind.Goods, [new ProductDefinition("850760", ["850780"], "Lithium-ion accumulators, inside HS 1992's other accumulators.")]),
            new StageDefinition("scrap", "废电池", "Battery scrap", StagePosition.Downstream, StageKind.Goods, [new ProductDefinition("8549", ["8548"], "Electrical and electronic waste, including spent cells.")]),
            new StageDefinition("logistics", "物流", "Logistics", StagePosition.Downstream, StageKind.Services),
        ],
        [new EdgeDefinition("cells", "scrap")]);

    private static StringContent File(ChainDefinition chain) => new(ChainFiles.Write(chain), Encoding.UTF8, "application/json");

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task An_organiser_creates_edits_exports_and_imports_back_a_chain(string provider)
    {
        await using var app = await LianboApp.StartAsync(provider);
        var organiser = app.ClientFor(await app.CreateUserAsync(Roles.Organiser));
        var chain = Recycling();

        var created = await organiser.PutAsync("/api/chains/battery-recycling", File(chain), Ct);
        var edited = await organiser.PutAsync("/api/chains/battery-recycling", File(chain with
        {
            NameEn = "Battery Recycling",
            Stages = [chain.Stages[0] with { Products = [.. chain.Stages[0].Products!, new ProductDefinition("850650", ["850619"], "Lithium primary cells, inside HS 1992's other primary cells.")] }, .. chain.Stages.Skip(1)],
        }), Ct);
        var file = await organiser.GetAsync("/api/chains/battery-recycling/file", Ct);
        var exported = await file.Content.ReadAsStringAsync(Ct);
        var deleted = await organiser.DeleteAsync("/api/chains/battery-recycling", Ct);
        var gone = await organiser.GetAsync("/api/chains/battery-recycling", Ct);
        var imported = await organiser.PostAsync("/api/chains/import?fileName=battery-recycling.json", new StringContent(exported, Encoding.UTF8, "application/json"), Ct);
        var again = await app.CreateClient().GetStringAsync("/api/chains/battery-recycling/file", Ct);
        var list = await app.CreateClient().GetFromJsonAsync<List<JsonElement>>("/api/chains", Ct);
        var audit = await organiser.GetFromJsonAsync<JsonElement>("/api/audit", Ct);

        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        Assert.Equal("Battery Recycling", (await edited.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("nameEn").GetString());
        Assert.Equal("application/json", file.Content.Headers.ContentType!.MediaType);
        Assert.Equal("battery-recycling.json", file.Content.Headers.ContentDisposition!.FileName);
        Assert.Contains("\"kind\": \"goods\"", exported, StringComparison.Ordinal);
        Assert.Contains("\"850650\"", exported, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        Assert.Equal(exported, again);
        Assert.False(list!.Single(c => c.GetProperty("id").GetString() == "battery-recycling").GetProperty("isBuiltIn").GetBoolean());
        Assert.Equal(["chain.import", "chain.delete", "chain.replace", "chain.create"],
            audit.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("action").GetString()).Where(a => a!.StartsWith("chain.", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Mistakes_come_back_as_ProblemDetails_naming_the_field_stage_and_code_in_the_callers_language()
    {
        await using var app = await LianboApp.StartAsync();
        var organiser = app.ClientFor(await app.CreateUserAsync(Roles.Organiser));
        var chain = Recycling();
        var broken = chain with
        {
            Stages = [chain.Stages[0] with { Products = [.. chain.Stages[0].Products!, new ProductDefinition("9999", ["8507"], "Not a heading of HS 2022 at all.")] }, chain.Stages[1] with { Products = [chain.Stages[0].Products![0]] }, chain.Stages[2]],
        };

        var english = await organiser.PutAsync("/api/chains/battery-recycling", File(broken), Ct);
        using var zhRequest = new HttpRequestMessage(HttpMethod.Put, "/api/chains/battery-recycling") { Content = File(broken) };
        zhRequest.Headers.AcceptLanguage.ParseAdd("zh-CN");
        var chinese = await organiser.SendAsync(zhRequest, Ct);
        var unknownField = await organiser.PutAsync("/api/chains/battery-recycling",
            new StringContent(ChainFiles.Write(chain).Replace("\"colour\"", "\"color\": \"#000000\",\n  \"colour\"", StringComparison.Ordinal), Encoding.UTF8, "application/json"), Ct);
        var mismatch = await organiser.PutAsync("/api/chains/other-id", File(chain), Ct);

        var errors = await ErrorsAsync(english);
        Assert.Equal(HttpStatusCode.BadRequest, english.StatusCode);
        Assert.Equal("application/problem+json", english.Content.Headers.ContentType!.MediaType);
        Assert.Equal(["battery-recycling.json / battery-recycling / cells / 9999: not a 4- or 6-digit code of HS 2022"], errors["stages[0].products[1].hs2022"]);
        Assert.Equal(["battery-recycling.json / battery-recycling / scrap / 850760: the code is also in stage cells"], errors["stages[1].products[0].hs2022"]);
        Assert.Contains("不是 HS 2022", (await ErrorsAsync(chinese))["stages[0].products[1].hs2022"][0], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, unknownField.StatusCode);
        Assert.StartsWith("battery-recycling.json, line ", Assert.Single((await ErrorsAsync(unknownField))["color"]), StringComparison.Ordinal);
        Assert.Contains("other-id", Assert.Single((await ErrorsAsync(mismatch))["id"]), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await organiser.GetAsync("/api/chains/battery-recycling", Ct)).StatusCode);
    }

    [Fact]
    public async Task Shipped_chains_are_refused_with_a_reason_and_an_import_stores_nothing_when_one_chain_is_wrong()
    {
        await using var app = await LianboApp.StartAsync();
        var organiser = app.ClientFor(await app.CreateUserAsync(Roles.Organiser));
        var shipped = await organiser.GetStringAsync("/api/chains/smart-vehicles/file", Ct);

        var put = await organiser.PutAsync("/api/chains/smart-vehicles", new StringContent(shipped, Encoding.UTF8, "application/json"), Ct);
        var delete = await organiser.DeleteAsync("/api/chains/smart-vehicles", Ct);
        var both = $"[{ChainFiles.Write(Recycling())}, {ChainFiles.Write(Recycling("battery-reuse")).Replace("\"8549\"", "\"8599\"", StringComparison.Ordinal)}]";
        var import = await organiser.PostAsync("/api/chains/import?fileName=two.json", new StringContent(both, Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        Assert.Contains("copy it as a new chain", Assert.Single((await ErrorsAsync(put))["id"]), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, delete.StatusCode);
        Assert.Contains("shipped chain", Assert.Single((await ErrorsAsync(delete))["id"]), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, import.StatusCode);
        Assert.Equal(["two.json / battery-reuse / scrap / 8599: not a 4- or 6-digit code of HS 2022"], (await ErrorsAsync(import))["[1].stages[1].products[0].hs2022"]);
        Assert.Equal(HttpStatusCode.NotFound, (await organiser.GetAsync("/api/chains/battery-recycling", Ct)).StatusCode);
        Assert.Equal(shipped, await organiser.GetStringAsync("/api/chains/smart-vehicles/file", Ct));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Every_malformed_chain_file_of_the_corpus_is_a_400_naming_the_problem_and_nothing_is_stored(string provider)
    {
        await using var app = await LianboApp.StartAsync(provider);
        var organiser = app.ClientFor(await app.CreateUserAsync(Roles.Organiser));

        var failures = new List<string>();
        foreach (var (name, file, shows) in ChainFileCorpus.Malformed())
        {
            var before = await FingerprintAsync(app);
            var response = await organiser.PostAsync($"/api/chains/import?fileName={ChainFileCorpus.FileName}", Json(file), Ct);
            var body = JsonSerializer.Deserialize<JsonElement>(await response.Content.ReadAsStringAsync(Ct)).ToString();
            if (response.StatusCode != HttpStatusCode.BadRequest || response.Content.Headers.ContentType?.MediaType != "application/problem+json" || !body.Contains(shows, StringComparison.Ordinal))
            {
                failures.Add($"{name}: {(int)response.StatusCode}, expected 400 showing \"{shows}\": {body[..Math.Min(body.Length, 400)]}");
            }

            if (!(await FingerprintAsync(app)).SequenceEqual(before))
            {
                failures.Add($"{name}: the store changed");
            }
        }

        // The corpus's good chain itself imports: each file above is refused for its one fault.
        var good = await organiser.PostAsync($"/api/chains/import?fileName={ChainFileCorpus.FileName}", new StringContent(ChainFileCorpus.Good().ToJsonString(), Encoding.UTF8, "application/json"), Ct);
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        Assert.Empty(failures);
    }

    private static ByteArrayContent Json(byte[] file) => new(file) { Headers = { ContentType = new("application/json") } };

    // Every table but the one where a token records its last use, which each request updates.
    private static Task<IReadOnlyDictionary<string, string>> FingerprintAsync(LianboApp app) =>
        app.WithServicesAsync(s => StoreFingerprint.OfAsync(s.GetRequiredService<Core.Data.LianboDbContext>(), ["ApiTokens"], Ct));

    private static async Task<Dictionary<string, string[]>> ErrorsAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").Deserialize<Dictionary<string, string[]>>()!;
}
