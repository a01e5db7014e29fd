using Lianbo.Core.Accounts;
using Lianbo.Core.Chains;
using Lianbo.Core.Data;
using Lianbo.Core.Expo;
using Lianbo.Core.Reference;

namespace Lianbo.Core.Tests.Expo;

public class EditionStatisticsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Every_figure_of_a_small_hand_made_edition_is_what_its_rows_say(string provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await using var db = await store.PreparedContextAsync();

        var previous = Edition(db, 1, 800);
        var current = Edition(db, 2, 1000);
        var vehicles = Zone(db, current, "smart-vehicles", 500);
        var services = Zone(db, current, "supply-chain-services", 100);
        var oldZone = Zone(db, previous, "smart-vehicles", 500);

        // Five exhibitors: Chinese (Fortune Global 500), German (leader), American SME, Kenyan (Belt and Road,
        // Africa) and an international organisation; the German brings two partners.
        var china = Exhibit(db, current, vehicles, Org(db, "CHN", fortune: true));
        var germany = Exhibit(db, current, vehicles, Org(db, "DEU", leader: true), partners: [Org(db, "CHN"), Org(db, "CHN")]);
        Exhibit(db, current, services, Org(db, "USA"));
        var kenya = Exhibit(db, current, services, Org(db, "KEN"));
        Exhibit(db, current, services, Org(db, null, OrganisationType.InternationalOrganisation));
        Exhibit(db, previous, oldZone, Org(db, "CHN"));
        Exhibit(db, previous, oldZone, Org(db, "FRA"));
        db.Booths.AddRange(
            new Booth { Id = Guid.NewGuid(), EditionId = current.Id, Code = "A-1", HallId = current.Halls[0].Id, ZoneId = vehicles.Id, SizeM2 = 90, ExhibitorId = china.Id },
            new Booth { Id = Guid.NewGuid(), EditionId = current.Id, Code = "A-2", HallId = current.Halls[0].Id, ZoneId = vehicles.Id, SizeM2 = 36, ExhibitorId = germany.Id });
        db.Launches.Add(new Launch { Id = Guid.NewGuid(), EditionId = current.Id, ExhibitorId = kenya.Id, Kind = LaunchKind.Service, TitleZh = "新服务", TitleEn = "New service" });
        var at = DateTimeOffset.UtcNow;
        db.Events.AddRange(
            new ExpoEvent { Id = Guid.NewGuid(), EditionId = current.Id, Kind = EventKind.Forum, TitleZh = "论坛", TitleEn = "Forum", StartsAt = at, EndsAt = at.AddHours(1) },
            new ExpoEvent { Id = Guid.NewGuid(), EditionId = current.Id, Kind = EventKind.Roadshow, TitleZh = "推介", TitleEn = "Roadshow", StartsAt = at, EndsAt = at.AddHours(1), CountryIso3 = "KEN", CityEn = "Nairobi", CityZh = "内罗毕" },
            new ExpoEvent { Id = Guid.NewGuid(), EditionId = current.Id, Kind = EventKind.Roadshow, TitleZh = "推介", TitleEn = "Roadshow", StartsAt = at, EndsAt = at.AddHours(1), CountryIso3 = "KEN", CityEn = "Mombasa", CityZh = "蒙巴萨" });
        db.Outcomes.AddRange(
            Outcome(current, ExpoOutcomeKind.Intention, china, germany, null, "CNY"),
            Outcome(current, ExpoOutcomeKind.Intention, china, kenya, null, "CNY"),
            Outcome(current, ExpoOutcomeKind.Agreement, china, germany, 100m, "CNY"),
            Outcome(current, ExpoOutcomeKind.Agreement, germany, kenya, 50m, "USD"));
        await db.SaveChangesAsync(Ct);

        var figures = (await new EditionStatistics(db).CompareAsync(current.Id, Ct))!;
        var s = figures.Current;

        Assert.Equal((5, 4, 1, 5), (s.Exhibitors, s.CountriesAndRegions, s.InternationalOrganisations, s.CountriesRegionsAndInternationalOrganisations));
        Assert.Equal((4, 0.8), (s.ForeignExhibitors, s.ForeignShare));
        Assert.Equal((1, 1, 2, 0.4), (s.FortuneGlobal500, s.IndustryLeaders, s.FortuneGlobal500OrLeaders, s.FortuneGlobal500OrLeadersShare));
        // Foreign: DEU (Europe), USA (Americas), KEN (Africa), the organisation (no region).
        Assert.Equal([(2, 1), (19, 1), (150, 1)], s.ForeignByRegion.Select(r => (r.Code, r.Exhibitors)).OrderBy(r => r.Code));
        Assert.Equal((2, 0.5), (s.ForeignFromEuropeAndAmericas, s.EuropeAndAmericasShare));
        Assert.Equal((1, 0.25, 1), (s.ForeignFromBeltAndRoad, s.BeltAndRoadShare, s.BeltAndRoadCountries));
        Assert.Equal([("smart-vehicles", 2, 500.0, 126.0), ("supply-chain-services", 3, 100.0, 0.0)],
            s.ExhibitorsPerZone.Select(z => (z.Code, z.Exhibitors, z.AreaM2, z.BoothAreaM2)));
        Assert.Equal(4, s.ExhibitorsPerCountry.Sum(c => c.Exhibitors));
        Assert.Equal("404", s.ExhibitorsPerCountry.Single(c => c.Iso3 == "KEN").Numeric);
        Assert.Equal((2, 1), (s.PartnersBrought, s.Launches));
        Assert.Equal([(EventKind.Forum, 1), (EventKind.Roadshow, 2)], s.EventsByKind.Select(e => (e.Kind, e.Count)));
        Assert.Equal((2, 1), (s.Roadshows, s.RoadshowCountries));
        Assert.Equal((2, 2, 100m, 1), (s.Intentions, s.Agreements, s.AgreementValueCny, s.OtherCurrencyAgreements));
        Assert.Equal(1000, s.FloorAreaM2);
        Assert.Equal((2, 1.5, 0.25), (figures.Previous!.Exhibitors, figures.ExhibitorGrowth, figures.FloorAreaGrowth));
        Assert.Null((await new EditionStatistics(db).CompareAsync(previous.Id, Ct))!.Previous);
    }

    private static Edition Edition(LianboDbContext db, int number, double area)
    {
        var edition = new Edition
        {
            Id = Guid.NewGuid(), Number = number, NameZh = $"第{number}届", NameEn = $"Edition {number}", ThemeZh = "主题", ThemeEn = "Theme",
            StartsOn = new DateOnly(2022 + number, 11, 1), EndsOn = new DateOnly(2022 + number, 11, 5), CityZh = "北京", CityEn = "Beijing", VenueZh = "馆", VenueEn = "Venue", FloorAreaM2 = area,
        };
        edition.Halls.Add(new Hall { Id = Guid.NewGuid(), EditionId = edition.Id, Code = "A", NameZh = "A馆", NameEn = "Hall A" });
        db.Editions.Add(edition);
        return edition;
    }

    private static Zone Zone(LianboDbContext db, Edition edition, string chain, double area)
    {
        var zone = new Zone { Id = Guid.NewGuid(), EditionId = edition.Id, Code = chain, ChainId = chain, NameZh = chain, NameEn = chain, AreaM2 = area, SortOrder = edition.Zones.Count };
        edition.Zones.Add(zone);
        return zone;
    }

    private static Organisation Org(LianboDbContext db, string? country, OrganisationType type = OrganisationType.Enterprise, bool fortune = false, bool leader = false)
    {
        var org = new Organisation { Id = Guid.NewGuid(), NameEn = "Org " + country, NameZh = "机构" + country, CountryIso3 = country, Type = type, IsFortuneGlobal500 = fortune, IsIndustryLeader = leader, CreatedAt = DateTimeOffset.UtcNow };
        db.Organisations.Add(org);
        return org;
    }

    private static Exhibitor Exhibit(LianboDbContext db, Edition edition, Zone zone, Organisation org, Organisation[]? partners = null)
    {
        var exhibitor = new Exhibitor { Id = Guid.NewGuid(), EditionId = edition.Id, OrganisationId = org.Id, ZoneId = zone.Id };
        exhibitor.Partners.AddRange((partners ?? []).Select(p => new ExhibitorPartner { ExhibitorId = exhibitor.Id, OrganisationId = p.Id }));
        db.Exhibitors.Add(exhibitor);
        return exhibitor;
    }

    private static ExpoOutcome Outcome(Edition edition, ExpoOutcomeKind kind, Exhibitor a, Exhibitor b, decimal? value, string currency) => new()
    {
        Id = Guid.NewGuid(), EditionId = edition.Id, Kind = kind, OrganisationA = a.OrganisationId, OrganisationB = b.OrganisationId, Value = value, Currency = currency,
    };
}
