using Lianbo.Core.Accounts;
using Lianbo.Core.Data;
using Lianbo.Core.Expo;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace Lianbo.Core.Tests.Expo;

public class ExpoReportQueriesTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly DateTimeOffset T0 = new(2024, 11, 26, 2, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_hand_made_editions_launches_initiatives_support_and_joint_exhibits_are_counted_and_ordered(string provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await using var db = await store.PreparedContextAsync();
        var clock = new FakeTimeProvider(T0);
        var commands = new ExpoCommands(db, new AuditLog(db, clock));
        var expo = await ExpoBuilder.CreateAsync(db);
        var other = await ExpoBuilder.CreateAsync(db, number: 3);
        var e = expo.Edition;
        var agriculture = Value(await commands.AddZoneAsync(Viewer.CommandLine, e, new ZoneInput("green-agriculture", "green-agriculture", "绿色农业链", "Green agriculture", 1000, 1), Ct)).Id;
        var services = Value(await commands.AddZoneAsync(Viewer.CommandLine, e, new ZoneInput("services", null, "服务区", "Services area", 1000, 2), Ct)).Id;

        var alpha = await expo.ExhibitorAsync("Alpha", "CHN");
        var beta = await expo.ExhibitorAsync("Beta", "DEU", agriculture);
        var sigma = await expo.ExhibitorAsync("Sigma", "CHN", services);
        // Exhibitors from least developed, small island and African countries; two from Ethiopia.
        string[] abroad = ["ETH", "ETH", "NPL", "FJI", "KEN", "BRA"];
        foreach (var (iso3, i) in abroad.Select((c, i) => (c, i)))
        {
            await expo.ExhibitorAsync("Abroad " + i, iso3, agriculture);
        }

        // Launches: three recorded an hour apart (the last recorded comes first), two loaded without a record, one at another edition.
        async Task Record(Guid exhibitor, LaunchKind kind, string title)
        {
            Value(await commands.RecordLaunchAsync(Viewer.CommandLine, e, new LaunchInput(exhibitor, kind, title + "（中文）", title), Ct));
            clock.Advance(TimeSpan.FromHours(1));
        }

        await Record(alpha, LaunchKind.Product, "Zeta car");
        await Record(beta, LaunchKind.Technology, "Seed breeding");
        await Record(sigma, LaunchKind.Service, "Trade finance");
        db.Launches.AddRange(
            new Launch { Id = Guid.NewGuid(), EditionId = e, ExhibitorId = alpha, Kind = LaunchKind.Product, TitleZh = "小写", TitleEn = "aardvark" },
            new Launch { Id = Guid.NewGuid(), EditionId = e, ExhibitorId = beta, Kind = LaunchKind.Technology, TitleZh = "大写", TitleEn = "Buffalo" },
            new Launch { Id = Guid.NewGuid(), EditionId = other.Edition, ExhibitorId = await other.ExhibitorAsync("Elsewhere", "CHN"), Kind = LaunchKind.Service, TitleZh = "别处", TitleEn = "Elsewhere" });
        await db.SaveChangesAsync(Ct);

        // Initiatives: two of one day (ordinal order: "B…" before "a…"), an older one, one of another edition.
        var endorsers = await db.Exhibitors.Where(x => x.EditionId == e).OrderBy(x => x.Id).Select(x => x.OrganisationId).Take(3).ToListAsync(Ct);
        Value(await commands.RecordInitiativeAsync(Viewer.CommandLine, e, new InitiativeInput("甲", "a call", "第一段第一行\n第一段第二行\n\n第二段", "First line\r\nsecond line\r\n  \r\nNext", new DateOnly(2024, 11, 30), endorsers), Ct));
        Value(await commands.RecordInitiativeAsync(Viewer.CommandLine, e, new InitiativeInput("乙", "Beijing call", "只有一段", "One paragraph", new DateOnly(2024, 11, 30)), Ct));
        Value(await commands.RecordInitiativeAsync(Viewer.CommandLine, e, new InitiativeInput("丙", "Older", "旧", "Old", new DateOnly(2024, 11, 26)), Ct));
        Value(await commands.RecordInitiativeAsync(Viewer.CommandLine, other.Edition, new InitiativeInput("丁", "Elsewhere", "别处", "Elsewhere", new DateOnly(2024, 12, 1)), Ct));

        // Support: least developed countries; small islands or Africa (M49 002).
        Value(await commands.RecordSupportProgrammeAsync(Viewer.CommandLine, e, new SupportProgrammeInput("最不发达国家", "LDC booths", true, false, false), Ct));
        Value(await commands.RecordSupportProgrammeAsync(Viewer.CommandLine, e, new SupportProgrammeInput("岛屿与非洲", "Islands and Africa", false, false, true, ["002"]), Ct));

        // Joint exhibits: in the chains' order (smart vehicles before green agriculture), then by name.
        var organisationOf = await db.Exhibitors.Where(x => x.EditionId == e).ToDictionaryAsync(x => x.Id, x => x.OrganisationId, Ct);
        JointExhibitMemberInput[] vehiclePath = [new(organisationOf[alpha], "battery-and-metal-minerals"), new(organisationOf[sigma], "refined-materials")];
        Value(await commands.RecordJointExhibitAsync(Viewer.CommandLine, e, new JointExhibitInput("green-agriculture", "农", "A farm path", [new(organisationOf[beta], "seeds-and-breeding-stock"), new(organisationOf[alpha], "farm-machinery")]), Ct));
        Value(await commands.RecordJointExhibitAsync(Viewer.CommandLine, e, new JointExhibitInput("smart-vehicles", "车二", "Y path", vehiclePath), Ct));
        Value(await commands.RecordJointExhibitAsync(Viewer.CommandLine, e, new JointExhibitInput("smart-vehicles", "车一", "X path", vehiclePath), Ct));

        var report = (await new ExpoReportQueries(db).ComputeAsync(e, recentLaunches: 4, Ct))!;

        var launches = report.Launches;
        Assert.Equal(5, launches.Total);
        Assert.Equal([(LaunchKind.Product, 2), (LaunchKind.Technology, 2), (LaunchKind.Service, 1)], launches.ByKind.Select(k => (k.Kind, k.Launches)));
        Assert.Equal([("smart-vehicles", "智能汽车链", 2), ("green-agriculture", "绿色农业链", 2), (null, null, 1)], launches.ByChain.Select(c => (c.ChainId, c.ChainZh, c.Launches)));
        Assert.Equal(["Trade finance", "Seed breeding", "Zeta car", "Buffalo"], launches.Recent.Select(l => l.TitleEn));
        Assert.Equal(("Sigma", "Sigma（中文）", null, LaunchKind.Service), (launches.Recent[0].OrganisationEn, launches.Recent[0].OrganisationZh, launches.Recent[0].ChainId, launches.Recent[0].Kind));
        Assert.Equal(("green-agriculture", "Green Agriculture Chain"), (launches.Recent[1].ChainId, launches.Recent[1].ChainEn));

        Assert.Equal(["Beijing call", "a call", "Older"], report.Initiatives.Select(i => i.TitleEn));
        var first = report.Initiatives[1];
        Assert.Equal((3, new DateOnly(2024, 11, 30)), (first.Endorsements, first.PublishedOn));
        Assert.Equal(("第一段第一行\n第一段第二行", "First line\nsecond line"), (first.FirstParagraphZh, first.FirstParagraphEn));
        Assert.Equal(("只有一段", 0), (report.Initiatives[0].FirstParagraphZh, report.Initiatives[0].Endorsements));

        // Eligibility from the reference's own flags, read here.
        var countries = await db.Countries.Where(c => abroad.Contains(c.Iso3) || c.Iso3 == "CHN" || c.Iso3 == "DEU").ToDictionaryAsync(c => c.Iso3, Ct);
        string[] everyone = ["CHN", "DEU", "CHN", .. abroad];
        var ldc = everyone.Where(c => countries[c].IsLdc).ToList();
        var islandsOrAfrica = everyone.Where(c => countries[c].IsSids || countries[c].RegionCode == 2).ToList();
        Assert.Contains("ETH", ldc);
        Assert.Contains("FJI", islandsOrAfrica);
        Assert.False(report.Support.SupportedRecorded);
        Assert.Equal(["Islands and Africa", "LDC booths"], report.Support.Programmes.Select(p => p.NameEn));
        var islands = report.Support.Programmes[0];
        Assert.Equal((islandsOrAfrica.Count, islandsOrAfrica.Distinct().Count(), 0, 0, everyone.Count(c => countries[c].IsSids), everyone.Count(c => countries[c].RegionCode == 2)),
            (islands.EligibleExhibitors, islands.EligibleCountries, islands.FromLdc, islands.FromLldc, islands.FromSids, islands.FromRegions));
        Assert.Equal(["002"], islands.RegionCodes);
        var least = report.Support.Programmes[1];
        Assert.Equal((ldc.Count, ldc.Distinct().Count(), ldc.Count, 0), (least.EligibleExhibitors, least.EligibleCountries, least.FromLdc, least.FromRegions));

        Assert.Equal(["X path", "Y path", "A farm path"], report.JointExhibits.Select(j => j.NameEn));
        Assert.Equal(["Alpha", "Sigma"], report.JointExhibits[0].Path.Select(s => s.NameEn));
        Assert.Null(await new ExpoReportQueries(db).ComputeAsync(Guid.NewGuid(), ct: Ct));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task On_the_demo_the_figures_add_up_to_what_the_tables_hold(string provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await using var db = await store.PreparedContextAsync();
        await new DemoData(db).LoadAsync(Ct);
        var edition = await db.Editions.Where(x => x.Number == 2).Select(x => x.Id).SingleAsync(Ct);

        var report = (await new ExpoReportQueries(db).ComputeAsync(edition, ct: Ct))!;

        // Counted independently over the tables.
        var launches = await db.Launches.AsNoTracking().Where(l => l.EditionId == edition).ToListAsync(Ct);
        var zones = await db.Zones.AsNoTracking().Where(z => z.EditionId == edition).ToDictionaryAsync(z => z.Id, Ct);
        var exhibitors = await db.Exhibitors.AsNoTracking().Where(x => x.EditionId == edition).ToListAsync(Ct);
        var zoneOf = exhibitors.ToDictionary(x => x.Id, x => zones[x.ZoneId]);
        Assert.True(launches.Count >= 70, $"{launches.Count} launches");
        Assert.Equal(launches.Count, report.Launches.Total);
        Assert.All(report.Launches.ByKind, k => Assert.Equal(launches.Count(l => l.Kind == k.Kind), k.Launches));
        Assert.All(report.Launches.ByChain, c => Assert.Equal(launches.Count(l => zoneOf[l.ExhibitorId].ChainId == c.ChainId), c.Launches));
        Assert.Equal(ExpoReportQueries.RecentLaunches, report.Launches.Recent.Count);
        // None was recorded through the commands: by English title, ordinal.
        Assert.Equal(launches.Select(l => l.TitleEn).Order(StringComparer.Ordinal).Take(ExpoReportQueries.RecentLaunches), report.Launches.Recent.Select(l => l.TitleEn));

        var programme = await db.SupportProgrammes.AsNoTracking().SingleAsync(p => p.EditionId == edition, Ct);
        var regions = programme.RegionCodes.Split(',').Select(int.Parse).ToList();
        var countries = await db.Countries.AsNoTracking().ToDictionaryAsync(c => c.Iso3, Ct);
        var organisations = await db.Organisations.AsNoTracking().Where(o => exhibitors.Select(x => x.OrganisationId).Contains(o.Id)).ToDictionaryAsync(o => o.Id, Ct);
        var eligible = exhibitors.Select(x => organisations[x.OrganisationId].CountryIso3).OfType<string>().Where(countries.ContainsKey).Select(c => countries[c])
            .Where(c => (programme.ForLdc && c.IsLdc) || (programme.ForLldc && c.IsLldc) || (programme.ForSids && c.IsSids)
                || (c.RegionCode is { } r && regions.Contains(r)) || (c.SubRegionCode is { } s && regions.Contains(s)))
            .ToList();
        var support = Assert.Single(report.Support.Programmes);
        Assert.True(eligible.Count > 0);
        Assert.Equal((eligible.Count, eligible.Select(c => c.Iso3).Distinct().Count()), (support.EligibleExhibitors, support.EligibleCountries));

        Assert.Equal(await db.JointExhibits.CountAsync(j => j.EditionId == edition, Ct), report.JointExhibits.Count);
        Assert.Equal(await db.Initiatives.CountAsync(i => i.EditionId == edition, Ct), report.Initiatives.Count);
    }

    private static T Value<T>(Outcome<T> outcome) =>
        outcome.IsValid ? outcome.Value! : throw new InvalidOperationException(string.Join("; ", outcome.Errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")) + outcome.Detail);
}
