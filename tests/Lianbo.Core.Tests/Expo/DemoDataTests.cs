using Lianbo.Core.Chains;
using Lianbo.Core.Accounts;
using Lianbo.Core.Expo;
using Lianbo.Core.Meetings;
using Lianbo.Core.Reference;
using Microsoft.EntityFrameworkCore;

namespace Lianbo.Core.Tests.Expo;

public class DemoDataTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_demo_is_pending_on_a_store_that_never_held_an_edition_or_an_account_and_a_removed_one_stays_removed()
    {
        await using var store = await TestStore.CreateAsync("sqlite");
        await using var db = await store.PreparedContextAsync();
        var demo = new DemoData(db);

        var empty = await demo.IsPendingAsync(Ct);
        await demo.LoadAsync(Ct);
        var loaded = await demo.IsPendingAsync(Ct);
        await demo.RemoveAsync(Ct);
        var removed = await demo.IsPendingAsync(Ct);

        Assert.Equal((true, false, false), (empty, loaded, removed));
        Assert.Equal(0, await db.Editions.CountAsync(Ct));
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == DemoData.RemovedAction, Ct));
    }

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

        // The 2nd edition's 6,000+ matchmakings as meeting requests, settled as a past edition's are; none for the 1st.
        var statistics = new MeetingStatistics(db);
        Assert.Equal(0, (await statistics.ComputeAsync(Viewer.CommandLine, editions[0], Ct)).Value!.Requests);
        var m = (await statistics.ComputeAsync(Viewer.CommandLine, editions[1], Ct)).Value!;
        Assert.Equal((6_100, 0, 4_328, 619, 625, 528), (m.Requests, m.Pending, m.Accepted, m.Declined, m.Cancelled, m.Expired));
        Assert.Equal(0.88, m.AcceptanceRate!.Value, 0.005);
        Assert.InRange(m.MedianHoursToAnswer!.Value, 6, 12);
        Assert.True(m.ByPriority.Single(p => p.Priority == MeetingPriority.MustMeet).AcceptanceRate > m.ByPriority.Single(p => p.Priority == MeetingPriority.WouldLike).AcceptanceRate + 0.05);
        Assert.Equal((620, 620), (m.Exhibitors, m.ExhibitorsWithMeetings));
        Assert.Equal(8, m.PerZone.Count);
        Assert.Null(m.PerZone[^1].Code);
        Assert.All(m.PerZone, z => Assert.True(z.Meetings > 0, z.NameEn));
        Assert.All(m.Pairs, p => Assert.InRange(p.Requests, 300, 3_000));
        Assert.Equal(m.Accepted, await db.Meetings.CountAsync(x => x.EditionId == editions[1] && x.Status == MeetingStatus.Confirmed, Ct));
        Assert.Equal(m.Agreed, await db.Meetings.CountAsync(x => x.EditionId == editions[1], Ct));

        // Asked in November 2024 and met during the edition (26–30 November, Beijing time); one open request per pair.
        var asked = await db.MeetingRequests.Select(r => r.CreatedAt).ToListAsync(Ct);
        var met = await db.Meetings.Where(x => x.StartsAt != null).Select(x => x.StartsAt!.Value).ToListAsync(Ct);
        Assert.All(asked, at => Assert.Equal((2024, 11), (at.Year, at.Month)));
        Assert.All(met, at => Assert.InRange(at.ToOffset(TimeSpan.FromHours(8)).Date, new DateTime(2024, 11, 26), new DateTime(2024, 11, 30)));

        // Live bookings: each confirmed meeting with a time holds a slot of the default grid and a table; those that
        // found a side busy or every table taken wait, unslotted, for the batch scheduler.
        var grid = (await Lianbo.Core.Scheduling.MeetingGrid.ForAsync(db, editions[1], Ct))!;
        var confirmed = await db.Meetings.Where(x => x.EditionId == editions[1] && x.Status == MeetingStatus.Confirmed).ToListAsync(Ct);
        var slotted = confirmed.Where(x => x.StartsAt != null).ToList();
        Assert.All(slotted, x => Assert.Equal(grid.StartOf(x.Slot!.Value), x.StartsAt));
        Assert.All(slotted, x => Assert.NotNull(x.TableId));
        Assert.Equal(slotted.Count * 3, await db.SlotHolds.CountAsync(h => h.EditionId == editions[1], Ct));
        Assert.InRange(confirmed.Count - slotted.Count, 1, confirmed.Count / 4);
        Assert.Equal(m.Accepted, await db.MeetingRequests.Where(r => r.OpenPairKey != null).Select(r => r.OpenPairKey).Distinct().CountAsync(Ct));

        // Removal takes every demo row with it and leaves the reference.
        Assert.Equal(2, await new DemoData(db).RemoveAsync(Ct));
        Assert.Equal(0, await db.Organisations.CountAsync(Ct));
        Assert.Equal(0, await db.Exhibitors.CountAsync(Ct));
        Assert.Equal(0, await db.Outcomes.CountAsync(Ct));
        Assert.Equal((0, 0), (await db.MeetingRequests.CountAsync(Ct), await db.Meetings.CountAsync(Ct)));
        Assert.True(await db.Countries.AnyAsync(Ct));
    }
}
