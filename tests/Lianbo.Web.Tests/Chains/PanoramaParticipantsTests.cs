using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Lianbo.Core.Accounts;
using Lianbo.Core.Data;
using Lianbo.Core.Expo;
using Lianbo.Web.Tests.Accounts;
using Lianbo.Web.Tests.Trade;
using Microsoft.Extensions.DependencyInjection;

namespace Lianbo.Web.Tests.Chains;

/// <summary>A stage with many participants: the first ten as links to their pages, the rest folded in a &lt;details&gt; that needs no script.</summary>
public class PanoramaParticipantsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_stage_with_33_participants_links_the_first_ten_and_folds_23_more(string provider)
    {
        await using var app = await LianboApp.StartAsync(provider);
        var organisations = Enumerable.Range(1, 33).Select(i => new Organisation
        {
            Id = Guid.NewGuid(), NameEn = $"Example Miner {i:00}", NameZh = $"示例矿企{i:00}", CountryIso3 = "AUS", IsPublic = true, CreatedAt = DateTimeOffset.UtcNow,
        }).ToList();
        foreach (var o in organisations)
        {
            o.Stages.Add(new OrganisationStage { OrganisationId = o.Id, ChainId = "smart-vehicles", StageId = "battery-and-metal-minerals" });
        }

        await app.WithServicesAsync(async s =>
        {
            var db = s.GetRequiredService<LianboDbContext>();
            db.Organisations.AddRange(organisations);
            return await db.SaveChangesAsync(Ct);
        });

        var english = WebUtility.HtmlDecode(await app.CreateClient().GetStringAsync("/chains/smart-vehicles", Ct));
        var chinese = WebUtility.HtmlDecode(await TradeSamples.ChineseClient(app).GetStringAsync("/chains/smart-vehicles", Ct));
        var api = await app.CreateClient().GetFromJsonAsync<JsonElement>("/api/chains/smart-vehicles/panorama", Ct);

        var stage = Stage(english, "battery-and-metal-minerals");
        var details = stage[stage.IndexOf("<details", StringComparison.Ordinal)..];
        var open = stage[..stage.IndexOf("<details", StringComparison.Ordinal)];
        var linked = Regex.Matches(stage, "<a href=\"/participants/([0-9a-f-]{36})\">").Select(m => Guid.Parse(m.Groups[1].Value)).ToList();

        Assert.Equal(10, Regex.Count(open, "href=\"/participants/"));
        Assert.Equal(23, Regex.Count(details, "href=\"/participants/"));
        Assert.Contains("<summary>+ 23 more</summary>", details, StringComparison.Ordinal);
        Assert.Contains("<summary>另有 23 家</summary>", Stage(chinese, "battery-and-metal-minerals"), StringComparison.Ordinal);
        Assert.Equal(organisations.Select(o => o.Id).Order(), linked.Order());
        // Each link is named in the page's language.
        Assert.Contains($"<a href=\"/participants/{organisations[0].Id}\">Example Miner 01</a>", english, StringComparison.Ordinal);
        Assert.Contains($"<a href=\"/participants/{organisations[0].Id}\">示例矿企01</a>", chinese, StringComparison.Ordinal);
        // The API gives them all too.
        var stages = api.GetProperty("participants").GetProperty("stages").EnumerateArray();
        Assert.Equal(33, stages.Single(s => s.GetProperty("stageId").GetString() == "battery-and-metal-minerals").GetProperty("participants").GetArrayLength());
    }

    [Fact]
    public async Task A_stage_with_ten_participants_or_fewer_folds_nothing()
    {
        await using var app = await LianboApp.StartAsync();
        var organisation = new Organisation { Id = Guid.NewGuid(), NameEn = "Example Miner", NameZh = "示例矿企", CountryIso3 = "AUS", IsPublic = true, CreatedAt = DateTimeOffset.UtcNow };
        organisation.Stages.Add(new OrganisationStage { OrganisationId = organisation.Id, ChainId = "smart-vehicles", StageId = "battery-and-metal-minerals" });
        await app.WithServicesAsync(async s =>
        {
            var db = s.GetRequiredService<LianboDbContext>();
            db.Organisations.Add(organisation);
            return await db.SaveChangesAsync(Ct);
        });

        var stage = Stage(WebUtility.HtmlDecode(await app.CreateClient().GetStringAsync("/chains/smart-vehicles", Ct)), "battery-and-metal-minerals");

        Assert.Contains($"<a href=\"/participants/{organisation.Id}\">Example Miner</a>", stage, StringComparison.Ordinal);
        Assert.DoesNotContain("<details", stage, StringComparison.Ordinal);
    }

    private static string Stage(string html, string id)
    {
        var start = html.IndexOf($"id=\"stage-{id}\"", StringComparison.Ordinal);
        return html[start..html.IndexOf("</article>", start, StringComparison.Ordinal)];
    }
}
