using Lianbo.Core.Chains;
using Lianbo.Core.Expo;
using Lianbo.Core.Reference;
using Microsoft.EntityFrameworkCore;

namespace Lianbo.Core.Tests.Expo;

public class DemoDataTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task The_demo_reproduces_the_published_figures_of_both_editions_from_its_rows(string provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await using var db = await store.PreparedContextAsync();

        Assert.True(await new DemoData(db).LoadAsync(Ct));
        Assert.False(await new DemoData(db).LoadAsync(Ct));

        var editions = await db.Editions.OrderBy(e => e.Number).Select(e => e.Id).ToListAsync(Ct);
        var first = (await new EditionStatistics(db).CompareAsync(editions[0], Ct))!;
        var second = (await new EditionStatistics(db).CompareAsync(editions[1], Ct))!;

        // 1st edition (2023): 515 exhibitors, 55 countries and regions, 26% foreign, 100,000 m².
        Assert.Null(first.Previous);
        Assert.Equal((515, 55, 0, 55), (first.Current.Exhibitors, first.Current.CountriesAndRegions, first.Current.InternationalOrganisations, first.Current.CountriesRegionsAndInternationalOrganisations));
        Assert.Equal(0.26, first.Current.ForeignShare, 0.005);
        Assert.Equal(100_000, first.Current.FloorAreaM2);

        // 2nd edition (2024).
        var s = second.Current;
        Assert.Equal(515, second.Previous!.Exhibitors);
        Assert.Equal(620, s.Exhibitors);
        Assert.Equal(69, s.CountriesRegionsAndInternationalOrganisations);
        Assert.Equal(5, s.InternationalOrganisations);
        Assert.Equal(0.32, s.ForeignShare, 0.005);
        Assert.Equal(0.20, second.ExhibitorGrowth!.Value, 0.01);
        Assert.InRange(s.FortuneGlobal500OrLeadersShare, 0.60, 0.65);
        Assert.InRange(s.EuropeAndAmericasShare, 0.45, 0.55);
        Assert.InRange(s.BeltAndRoadShare, 0.45, 0.55);
        Assert.InRange(s.BeltAndRoadCountries, 40, 45);
        Assert.InRange(s.Launches, 70, 79);
        Assert.InRange(s.Roadshows, 60, 69);
        Assert.InRange(s.Intentions, 6_700, 6_799);
        Assert.InRange(s.Agreements, 210, 219);
        Assert.Equal(152_000_000_000m, s.AgreementValueCny);
        Assert.InRange(s.PartnersBrought, 400, 499);
        Assert.Equal(120_000, s.FloorAreaM2);
        Assert.Equal(0.2, second.FloorAreaGrowth!.Value, 1e-9);
        Assert.Equal(7, s.ExhibitorsPerZone.Count);
        Assert.Equal(s.Exhibitors, s.ExhibitorsPerZone.Sum(z => z.Exhibitors));
        Assert.All(s.ExhibitorsPerZone, z => Assert.True(z.BoothAreaM2 <= z.AreaM2, $"{z.Code} overflows"));
        Assert.Equal(s.Exhibitors - s.InternationalOrganisations, s.ExhibitorsPerCountry.Sum(c => c.Exhibitors));

        // The joint exhibits the reports name, as paths through their chains.
        var smart = await db.JointExhibits.Include(j => j.Members).SingleAsync(j => j.ChainId == "smart-vehicles", Ct);
        var names = await db.Organisations.Where(o => smart.Members.Select(m => m.OrganisationId).Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.NameEn, Ct);
        Assert.Equal(["Rio Tinto", "China Baowu Steel Group", "Bosch", "Xpeng"], smart.Members.OrderBy(m => m.Position).Select(m => names[m.OrganisationId]));

        // Removal takes every demo row with it and leaves the reference.
        Assert.Equal(2, await new DemoData(db).RemoveAsync(Ct));
        Assert.Equal(0, await db.Organisations.CountAsync(Ct));
        Assert.Equal(0, await db.Exhibitors.CountAsync(Ct));
        Assert.Equal(0, await db.Outcomes.CountAsync(Ct));
        Assert.True(await db.Countries.AnyAsync(Ct));
    }
}
