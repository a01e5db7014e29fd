using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lianbo.Core.Accounts;
using Lianbo.Core.Data;
using Lianbo.Core.Expo;
using Lianbo.Web.Tests.Accounts;
using Lianbo.Web.Tests.Expo;
using Microsoft.Extensions.DependencyInjection;

namespace Lianbo.Web.Tests.Chains;

public class PanoramaApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Each_stage_shows_the_organisations_placed_on_it_and_the_cooperation_between_stages(string provider)
    {
        await using var app = await LianboApp.StartAsync(provider);
        var client = app.CreateClient();
        // 850760 (lithium-ion accumulators) belongs to one smart-vehicle stage; the test finds which.
        var batteryStage = (await client.GetFromJsonAsync<List<JsonElement>>("/api/hs/850760/chains", Ct))!
            .Single(p => p.GetProperty("chainId").GetString() == "smart-vehicles").GetProperty("stageId").GetString()!;
        Organisation miner = Org("Example Lithium Mines", "示例锂矿", "AUS", isPublic: true), cells = Org("Example Cells", "示例电芯", "CHN", isPublic: true),
            hidden = Org("Unlisted Cells", "未公开电芯", "KOR", isPublic: false);
        miner.Stages.Add(new OrganisationStage { OrganisationId = miner.Id, ChainId = "smart-vehicles", StageId = "battery-and-metal-minerals" });
        cells.Products.Add(new OrganisationProduct { OrganisationId = cells.Id, Hs = "850760" });
        hidden.Products.Add(new OrganisationProduct { OrganisationId = hidden.Id, Hs = "8507" });
        await app.WithServicesAsync(async s =>
        {
            var db = s.GetRequiredService<LianboDbContext>();
            db.Organisations.AddRange(miner, cells, hidden);
            var edition = new Edition { Id = Guid.NewGuid(), Number = 7, NameZh = "测试", NameEn = "Test", ThemeZh = "测试", ThemeEn = "Test", CityZh = "北京", CityEn = "Beijing", VenueZh = "馆", VenueEn = "Hall", StartsOn = new DateOnly(2026, 11, 1), EndsOn = new DateOnly(2026, 11, 5), FloorAreaM2 = 1000 };
            db.Editions.Add(edition);
            db.Outcomes.Add(new ExpoOutcome { Id = Guid.NewGuid(), EditionId = edition.Id, Kind = ExpoOutcomeKind.Agreement, OrganisationA = cells.Id, OrganisationB = miner.Id, Value = 1_000_000m });
            db.Outcomes.Add(new ExpoOutcome { Id = Guid.NewGuid(), EditionId = edition.Id, Kind = ExpoOutcomeKind.Intention, OrganisationA = miner.Id, OrganisationB = cells.Id });
            db.Outcomes.Add(new ExpoOutcome { Id = Guid.NewGuid(), EditionId = edition.Id, Kind = ExpoOutcomeKind.Intention, OrganisationA = miner.Id, OrganisationB = hidden.Id });
            return await db.SaveChangesAsync(Ct);
        });

        var panorama = await client.GetFromJsonAsync<JsonElement>("/api/chains/smart-vehicles/panorama", Ct);
        var stages = panorama.GetProperty("participants").GetProperty("stages").EnumerateArray().ToDictionary(s => s.GetProperty("stageId").GetString()!);
        string[] Names(string stage) => [.. stages[stage].GetProperty("participants").EnumerateArray().Select(p => p.GetProperty("nameEn").GetString()!)];

        Assert.Equal(["Example Lithium Mines"], Names("battery-and-metal-minerals"));
        Assert.Equal(["Example Cells"], Names(batteryStage));
        Assert.Equal("CHN", stages[batteryStage].GetProperty("countries")[0].GetProperty("iso3").GetString());
        Assert.DoesNotContain("Unlisted", panorama.GetRawText(), StringComparison.Ordinal);
        var link = Assert.Single(panorama.GetProperty("participants").GetProperty("links").EnumerateArray());
        Assert.Equal(("battery-and-metal-minerals", 1, 1), (link.GetProperty("stageA").GetString(), link.GetProperty("intentions").GetInt32(), link.GetProperty("agreements").GetInt32()));
        Assert.Equal(JsonValueKind.Null, panorama.GetProperty("tradeYear").ValueKind);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/chains/nope/panorama", Ct)).StatusCode);
    }

    [Fact]
    public async Task The_demo_joint_exhibit_is_a_path_through_the_smart_vehicle_chain_on_the_page_in_both_languages()
    {
        await using var app = await ExpoApiTests.StartWithDemoAsync();
        var english = app.CreateClient();
        var chinese = app.CreateClient();
        chinese.DefaultRequestHeaders.Add("Cookie", ".AspNetCore.Culture=c%3Dzh-CN%7Cuic%3Dzh-CN");

        var panorama = await english.GetFromJsonAsync<JsonElement>("/api/chains/smart-vehicles/panorama", Ct);
        var pageEn = WebUtility.HtmlDecode(await english.GetStringAsync("/chains/smart-vehicles", Ct));
        var pageZh = WebUtility.HtmlDecode(await chinese.GetStringAsync("/chains/smart-vehicles", Ct));

        var path = panorama.GetProperty("participants").GetProperty("jointExhibits")[0].GetProperty("path").EnumerateArray().Select(s => s.GetProperty("stageId").GetString()).ToList();
        Assert.Equal(["battery-and-metal-minerals", "refined-materials", "traction-batteries-and-electric-drive", "vehicles"], path);
        Assert.All(panorama.GetProperty("participants").GetProperty("stages").EnumerateArray(), s => Assert.True(s.GetProperty("count").GetInt32() > 0));
        Assert.Contains("Rio Tinto", pageEn, StringComparison.Ordinal);
        Assert.Contains("Joint exhibits", pageEn, StringComparison.Ordinal);
        Assert.Contains("力拓", pageZh, StringComparison.Ordinal);
        Assert.Contains("家参与机构", pageZh, StringComparison.Ordinal);
        Assert.Contains("\"path\":true", pageEn, StringComparison.Ordinal);
    }

    private static Organisation Org(string en, string zh, string country, bool isPublic) => new()
    {
        Id = Guid.NewGuid(), NameEn = en, NameZh = zh, CountryIso3 = country, IsPublic = isPublic, CreatedAt = DateTimeOffset.UtcNow,
    };
}
