using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Lianbo.Core.Accounts;
using Lianbo.Core.Data;
using Lianbo.Core.Expo;
using Lianbo.Core.Matchmaking;
using Lianbo.Web.Tests.Accounts;
using Lianbo.Web.Tests.Trade;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lianbo.Web.Tests.Matchmaking;

/// <summary>The resilience boost over real trade data: the BACI 2021 sample imported as an analyst imports it.</summary>
public class SourcingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_supplier_outside_the_country_a_buyer_mostly_imports_from_is_recommended_as_diversifying()
    {
        await using var app = await LianboApp.StartAsync();
        await TradeSamples.ImportBaci2021Async(app, Ct);
        // In the sample (every flow exported by South Africa and Afghanistan), India buys apples and pears (HS 0808)
        // mostly from Afghanistan, and Mozambique its other accumulators (HS 1992 850780) mostly from South Africa.
        var apples = SampleShares("699", "0808");
        var accumulators = SampleShares("508", "850780");
        Assert.InRange(apples["4"], 0.5, 0.9);
        Assert.InRange(accumulators["710"], 0.5, 0.99);

        var fruitBuyer = await OrganisationAsync(app, "Delhi Fruit Traders", "IND", offers: []);
        var capeOrchards = await OrganisationAsync(app, "Cape Orchards", "ZAF", offers: ["080810"]);
        var kabulApples = await OrganisationAsync(app, "Kabul Apples", "AFG", offers: ["080810"]);
        var storageBuyer = await OrganisationAsync(app, "Maputo Solar Storage", "MOZ", offers: []);
        var cellMaker = await OrganisationAsync(app, "Ningde Cells", "CHN", offers: ["850760"]);
        // Needs are HS 2022: 0808 is the same heading in HS 1992; 850760 (lithium-ion) is not in HS 1992, and the
        // chain definitions map it to 850780.
        await NeedAsync(app, fruitBuyer, "0808");
        await NeedAsync(app, storageBuyer, "850760");

        var forFruit = await RecommendationsAsync(app, fruitBuyer);
        var forStorage = await RecommendationsAsync(app, storageBuyer);

        var diversifying = Reason(forFruit, capeOrchards.OrganisationId!.Value, "Diversifies");
        Assert.Contains("Afghanistan", diversifying, StringComparison.Ordinal);
        Assert.Contains(Percent(apples["4"]), diversifying, StringComparison.Ordinal);
        Assert.Contains("0808", diversifying, StringComparison.Ordinal);
        // A supplier in the country the buyer already depends on gets no such reason, and scores lower.
        Assert.Null(Reason(forFruit, kabulApples.OrganisationId!.Value, "Diversifies", required: false));
        Assert.True(Score(forFruit, capeOrchards) > Score(forFruit, kabulApples));
        var away = Reason(forStorage, cellMaker.OrganisationId!.Value, "Diversifies");
        Assert.Contains("South Africa", away, StringComparison.Ordinal);
        Assert.Contains(Percent(accumulators["710"]), away, StringComparison.Ordinal);

        // The lookup itself: the main supplier and its exact share, and nothing for a product not imported.
        var answers = await app.Services.GetRequiredService<ISourcingLookup>().MainSuppliersAsync(
            [new SourcingQuestion("IND", ["0808"]), new SourcingQuestion("MOZ", ["8507", "850780"]), new SourcingQuestion("IND", ["850780"])], Ct);
        Assert.Equal("AFG", answers[0]!.Country);
        Assert.Equal(apples["4"], answers[0]!.Share, 1e-9);
        Assert.Equal("ZAF", answers[1]!.Country);
        Assert.Equal(SampleShares("508", "8507")["710"], answers[1]!.Share, 1e-9);
        Assert.Null(answers[2]);
    }

    // Each exporter's share of an importer's imports of a product in the sample file, read with no code of ours.
    private static Dictionary<string, double> SampleShares(string importer, string hs)
    {
        var values = File.ReadLines(TradeSamples.Baci2021).Skip(1).Select(line => line.Split(','))
            .Where(f => f[2] == importer && f[3].PadLeft(6, '0').StartsWith(hs, StringComparison.Ordinal))
            .GroupBy(f => f[1], f => double.Parse(f[4], CultureInfo.InvariantCulture))
            .ToDictionary(g => g.Key, g => g.Sum());
        var total = values.Values.Sum();
        return values.ToDictionary(v => v.Key, v => v.Value / total);
    }

    private static string Percent(double share) => share.ToString("P0", new CultureInfo("en"));

    private static async Task<TestUser> OrganisationAsync(LianboApp app, string name, string country, string[] offers)
    {
        var user = await app.CreateUserAsync(Roles.Participant, organisation: name, isPublic: true);
        await app.WithServicesAsync(async s =>
        {
            var db = s.GetRequiredService<LianboDbContext>();
            await db.Organisations.Where(o => o.Id == user.OrganisationId).ExecuteUpdateAsync(o => o.SetProperty(x => x.CountryIso3, country), Ct);
            db.OrganisationProducts.AddRange(offers.Select(hs => new OrganisationProduct { OrganisationId = user.OrganisationId!.Value, Hs = hs }));
            return await db.SaveChangesAsync(Ct);
        });
        return user;
    }

    private static async Task NeedAsync(LianboApp app, TestUser user, string hs) =>
        (await app.ClientFor(user).PutAsJsonAsync("/api/matchmaking/profile", new { needHs = new[] { hs }, seeks = "Supplier" }, Ct)).EnsureSuccessStatusCode();

    private static async Task<List<JsonElement>> RecommendationsAsync(LianboApp app, TestUser user) =>
        (await app.ClientFor(user).GetFromJsonAsync<List<JsonElement>>("/api/matchmaking/recommendations", Ct))!;

    private static double Score(List<JsonElement> found, TestUser partner) =>
        found.Single(r => r.GetProperty("organisationId").GetGuid() == partner.OrganisationId).GetProperty("score").GetDouble();

    private static string? Reason(List<JsonElement> found, Guid partner, string kind, bool required = true)
    {
        var recommendation = found.Single(r => r.GetProperty("organisationId").GetGuid() == partner);
        var text = recommendation.GetProperty("reasons").EnumerateArray()
            .Where(r => r.GetProperty("kind").GetString() == kind).Select(r => r.GetProperty("text").GetString()).FirstOrDefault();
        Assert.True(!required || text is not null, $"no {kind} reason in {recommendation}");
        return text;
    }
}
