using System.Globalization;
using Lianbo.Core.Accounts;
using Lianbo.Core.Chains;
using Lianbo.Core.Data;
using Lianbo.Core.Expo;
using Lianbo.Core.Reference;
using Microsoft.EntityFrameworkCore;

namespace Lianbo.Core.Tests.Expo;

public class ExpoCommandsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly Viewer Organiser = Viewer.CommandLine;

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_booth_is_given_once_and_of_two_concurrent_assignments_exactly_one_wins(string provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await using var db = await PreparedAsync(store);
        var expo = await ExpoBuilder.CreateAsync(db);
        var first = await expo.ExhibitorAsync("Alpha Cells", "CHN");
        var second = await expo.ExhibitorAsync("Beta Motors", "DEU");
        var booth = await expo.BoothAsync("A1-001", 36);

        var given = await Commands(db).AssignBoothAsync(Organiser, expo.Edition, booth, first, Ct);
        var again = await Commands(db).AssignBoothAsync(Organiser, expo.Edition, booth, second, Ct);

        Assert.True(given.IsValid);
        Assert.Equal(OutcomeKind.Conflict, again.Kind);
        Assert.Contains("Alpha Cells", again.Detail, StringComparison.Ordinal);
        Assert.Equal(first, await db.Booths.Where(b => b.Id == booth).Select(b => b.ExhibitorId).SingleAsync(Ct));

        // Two organisers at once, each through its own connection: the conditional update lets exactly one through.
        var contested = await expo.BoothAsync("A1-002", 36);
        await using var dbA = store.CreateContext();
        await using var dbB = store.CreateContext();
        var results = await Task.WhenAll(
            Task.Run(() => Commands(dbA).AssignBoothAsync(Organiser, expo.Edition, contested, first, Ct), Ct),
            Task.Run(() => Commands(dbB).AssignBoothAsync(Organiser, expo.Edition, contested, second, Ct), Ct));

        Assert.Equal([OutcomeKind.Ok, OutcomeKind.Conflict], results.Select(r => r.Kind).Order());
        var winner = results.Single(r => r.IsValid).Value!.ExhibitorId;
        db.ChangeTracker.Clear();
        Assert.Equal(winner, await db.Booths.Where(b => b.Id == contested).Select(b => b.ExhibitorId).SingleAsync(Ct));
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Action == "booth.assign" && e.EntityId == contested.ToString(), Ct));
    }

    [Fact]
    public async Task A_booth_goes_only_to_an_exhibitor_of_its_zone_and_is_freed_by_unassigning()
    {
        await using var store = await TestStore.CreateAsync("sqlite");
        await using var db = await PreparedAsync(store);
        var expo = await ExpoBuilder.CreateAsync(db);
        var otherZone = (await Commands(db).AddZoneAsync(Organiser, expo.Edition, new ZoneInput("services", null, "供应链服务展区", "Supply-chain services area", 500), Ct)).Value!.Id;
        var exhibitor = await expo.ExhibitorAsync("Gamma Logistics", "SGP", otherZone);
        var booth = await expo.BoothAsync("A1-003", 18);

        var refused = await Commands(db).AssignBoothAsync(Organiser, expo.Edition, booth, exhibitor, Ct);
        var sameZone = await expo.ExhibitorAsync("Delta Drives", "CHN");
        var given = await Commands(db).AssignBoothAsync(Organiser, expo.Edition, booth, sameZone, Ct);
        var freed = await Commands(db).UnassignBoothAsync(Organiser, expo.Edition, booth, Ct);
        await Commands(db).AssignBoothAsync(Organiser, expo.Edition, booth, sameZone, Ct);
        var removed = await Commands(db).RemoveExhibitorAsync(Organiser, expo.Edition, sameZone, Ct);

        Assert.Equal(["exhibitorId"], refused.Errors.Keys);
        Assert.True(given.IsValid);
        Assert.Null(freed.Value!.ExhibitorId);
        Assert.Equal(["booth.assign", "booth.unassign", "booth.assign"], await db.AuditEntries.Where(e => e.EntityId == booth.ToString() && e.Action != "booth.create").OrderBy(e => e.Id).Select(e => e.Action).ToListAsync(Ct));
        // Removing the exhibitor frees its booth.
        Assert.True(removed.IsValid);
        db.ChangeTracker.Clear();
        Assert.Null(await db.Booths.Where(b => b.Id == booth).Select(b => b.ExhibitorId).SingleAsync(Ct));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task No_zone_overflows_its_area_when_booths_are_added_or_resized_or_the_zone_shrinks(string provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await using var db = await PreparedAsync(store);
        var expo = await ExpoBuilder.CreateAsync(db, zoneArea: 100);
        var commands = Commands(db);

        var big = await commands.AddBoothAsync(Organiser, expo.Edition, new BoothInput("A1-010", expo.Hall, expo.Zone, 60), Ct);
        var overflowing = await commands.AddBoothAsync(Organiser, expo.Edition, new BoothInput("A1-011", expo.Hall, expo.Zone, 50), Ct);
        var filling = await commands.AddBoothAsync(Organiser, expo.Edition, new BoothInput("A1-011", expo.Hall, expo.Zone, 40), Ct);
        var grown = await commands.UpdateBoothAsync(Organiser, expo.Edition, big.Value!.Id, new BoothInput("A1-010", expo.Hall, expo.Zone, 61), Ct);
        var shrunk = await commands.UpdateZoneAsync(Organiser, expo.Edition, expo.Zone, new ZoneInput("smart-vehicles", "smart-vehicles", "智能汽车链", "Smart vehicles", 99), Ct);
        var enlarged = await commands.UpdateZoneAsync(Organiser, expo.Edition, expo.Zone, new ZoneInput("smart-vehicles", "smart-vehicles", "智能汽车链", "Smart vehicles", 120), Ct);
        var regrown = await commands.UpdateBoothAsync(Organiser, expo.Edition, big.Value.Id, new BoothInput("A1-010", expo.Hall, expo.Zone, 80), Ct);

        Assert.True(big.IsValid);
        Assert.Equal(["sizeM2"], overflowing.Errors.Keys);
        Assert.Contains("110", overflowing.Errors["sizeM2"][0], StringComparison.Ordinal);
        Assert.True(filling.IsValid);
        Assert.Equal(["sizeM2"], grown.Errors.Keys);
        Assert.Equal(["areaM2"], shrunk.Errors.Keys);
        Assert.True(enlarged.IsValid);
        Assert.Equal(100, enlarged.Value!.UsedM2);
        Assert.True(regrown.IsValid);
        var workspace = (await commands.WorkspaceAsync(expo.Number, Ct))!;
        Assert.Equal((120.0, 120.0), (workspace.Zones.Single().AreaM2, workspace.Zones.Single().UsedM2));
    }

    [Fact]
    public async Task Bad_input_is_refused_field_by_field_in_the_callers_language_and_nothing_is_stored()
    {
        await using var store = await TestStore.CreateAsync("sqlite");
        await using var db = await PreparedAsync(store);
        var expo = await ExpoBuilder.CreateAsync(db);
        var org = await expo.OrganisationAsync("Epsilon Foods", "NZL");
        var commands = Commands(db);

        var edition = await commands.CreateEditionAsync(Organiser, ExpoBuilder.EditionInput(expo.Number) with
        {
            NameZh = " ", EndsOn = new DateOnly(2024, 11, 1), FloorAreaM2 = 0, GuestCountryIso3 = "XXX", SupporterIds = [Guid.NewGuid()],
        }, Ct);
        var zone = await commands.AddZoneAsync(Organiser, expo.Edition, new ZoneInput("smart-vehicles", "flying-cars", "飞车", "Flying cars", -5), Ct);
        var booth = await commands.AddBoothAsync(Organiser, expo.Edition, new BoothInput("bad code!", Guid.NewGuid(), Guid.NewGuid(), 0), Ct);
        var roadshow = await commands.RecordEventAsync(Organiser, expo.Edition, new EventInput(EventKind.Roadshow, "推介会", "Roadshow",
            new DateTimeOffset(2025, 3, 1, 10, 0, 0, TimeSpan.FromHours(8)), new DateTimeOffset(2025, 3, 1, 9, 0, 0, TimeSpan.FromHours(8)), OrganisationsReached: -1), Ct);
        var outcome = await commands.RecordOutcomeAsync(Organiser, expo.Edition, new OutcomeInput(ExpoOutcomeKind.Agreement, org, org, "no-chain", -1m, "yuan"), Ct);
        var launch = await commands.RecordLaunchAsync(Organiser, expo.Edition, new LaunchInput(Guid.NewGuid(), (LaunchKind)9, "", "A first"), Ct);
        var joint = await commands.RecordJointExhibitAsync(Organiser, expo.Edition, new JointExhibitInput("smart-vehicles", "联合展示", "Joint exhibit",
            [new(org, "vehicles"), new(await expo.OrganisationOfExhibitorAsync("Zeta Auto", "CHN"), "wings")]), Ct);
        var programme = await commands.RecordSupportProgrammeAsync(Organiser, expo.Edition, new SupportProgrammeInput("支持", "Support", false, false, false, ["999"]), Ct);

        Assert.Equal(["endsOn", "floorAreaM2", "guestCountryIso3", "nameZh", "number", "supporterIds"], edition.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["areaM2", "chainId", "code"], zone.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["code", "hallId", "sizeM2", "zoneId"], booth.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["cityEn", "cityZh", "countryIso3", "endsAt", "organisationsReached"], roadshow.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["chainId", "currency", "organisationB", "value"], outcome.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["exhibitorId", "kind", "titleZh"], launch.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["members[0].organisationId", "members[1].stageId"], joint.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["regionCodes"], programme.Errors.Keys);
        Assert.Equal(1, await db.Editions.CountAsync(Ct));
        Assert.Empty(await db.Events.ToListAsync(Ct));
        Assert.Empty(await db.Outcomes.ToListAsync(Ct));

        var culture = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");
            var chinese = await commands.AddBoothAsync(Organiser, expo.Edition, new BoothInput("A1-001", expo.Hall, expo.Zone, 1_000_000), Ct);
            Assert.Contains("平方米", chinese.Errors["sizeM2"][0], StringComparison.Ordinal);
        }
        finally
        {
            CultureInfo.CurrentUICulture = culture;
        }
    }

    [Fact]
    public async Task Good_records_are_stored_in_utc_with_yuan_by_default_and_audited()
    {
        await using var store = await TestStore.CreateAsync("sqlite");
        await using var db = await PreparedAsync(store);
        var expo = await ExpoBuilder.CreateAsync(db);
        var a = await expo.ExhibitorAsync("Eta Cells", "CHN");
        var b = await expo.ExhibitorAsync("Theta Mining", "AUS");
        var orgs = await db.Exhibitors.Where(x => x.Id == a || x.Id == b).OrderBy(x => x.Id == b).Select(x => x.OrganisationId).ToListAsync(Ct);
        var commands = Commands(db);

        var launch = await commands.RecordLaunchAsync(Organiser, expo.Edition, new LaunchInput(a, LaunchKind.Product, "固态电池", "Solid-state battery"), Ct);
        var roadshow = await commands.RecordEventAsync(Organiser, expo.Edition, new EventInput(EventKind.Roadshow, "悉尼推介会", "Sydney roadshow",
            new DateTimeOffset(2025, 3, 1, 10, 0, 0, TimeSpan.FromHours(11)), new DateTimeOffset(2025, 3, 1, 13, 0, 0, TimeSpan.FromHours(11)), "smart-vehicles", "悉尼", "Sydney", "aus", 40), Ct);
        var agreement = await commands.RecordOutcomeAsync(Organiser, expo.Edition, new OutcomeInput(ExpoOutcomeKind.Agreement, orgs[0], orgs[1], "smart-vehicles", 1_500_000m), Ct);
        var initiative = await commands.RecordInitiativeAsync(Organiser, expo.Edition, new InitiativeInput("北京倡议", "Beijing Initiative", "倡议全文", "Full text", new DateOnly(2024, 11, 28), [orgs[0], orgs[1]]), Ct);
        var joint = await commands.RecordJointExhibitAsync(Organiser, expo.Edition, new JointExhibitInput("smart-vehicles", "从矿到车", "From mine to car",
            [new(orgs[1], "battery-and-metal-minerals"), new(orgs[0], "traction-batteries-and-electric-drive")]), Ct);

        Assert.True(launch.IsValid && roadshow.IsValid && agreement.IsValid && initiative.IsValid && joint.IsValid);
        Assert.Equal(TimeSpan.Zero, roadshow.Value!.StartsAt.Offset);
        Assert.Equal(new DateTimeOffset(2025, 2, 28, 23, 0, 0, TimeSpan.Zero), roadshow.Value.StartsAt);
        Assert.Equal("AUS", roadshow.Value.CountryIso3);
        Assert.Equal("CNY", agreement.Value!.Currency);
        var stored = await db.JointExhibits.Include(j => j.Members).SingleAsync(Ct);
        Assert.Equal(["battery-and-metal-minerals", "traction-batteries-and-electric-drive"], stored.Members.OrderBy(m => m.Position).Select(m => m.StageId));
        var workspace = (await commands.WorkspaceAsync(expo.Number, Ct))!;
        Assert.Equal((1, 1, 1, 1), (workspace.LaunchCount, workspace.EventCount, workspace.OutcomeCount, workspace.InitiativeCount));
        var actions = await db.AuditEntries.Select(e => e.Action).ToListAsync(Ct);
        foreach (var action in new[] { "edition.create", "zone.create", "hall.create", "exhibitor.create", "launch.create", "event.create", "outcome.create", "initiative.create", "joint-exhibit.create" })
        {
            Assert.Contains(action, actions);
        }
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_programme_covers_the_exhibitors_its_criteria_pick_from_the_country_reference(string provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await using var db = await PreparedAsync(store);
        var expo = await ExpoBuilder.CreateAsync(db);
        var ethiopian = await expo.ExhibitorAsync("Iota Coffee", "ETH");
        var german = await expo.ExhibitorAsync("Kappa Maschinen", "DEU");
        var fijian = await expo.ExhibitorAsync("Lambda Fisheries", "FJI");
        var commands = Commands(db);

        var ldc = (await commands.RecordSupportProgrammeAsync(Organiser, expo.Edition, new SupportProgrammeInput("最不发达国家展位支持", "LDC booth support", true, false, false), Ct)).Value!;
        var pacific = (await commands.RecordSupportProgrammeAsync(Organiser, expo.Edition, new SupportProgrammeInput("南太平洋", "South Pacific", false, false, false, ["9", "054"]), Ct)).Value!;
        var forLdc = (await commands.EligibleExhibitorsAsync(Organiser, expo.Edition, ldc.Id, Ct)).Value!;
        var forPacific = (await commands.EligibleExhibitorsAsync(Organiser, expo.Edition, pacific.Id, Ct)).Value!;

        Assert.Equal([ethiopian], forLdc.Select(e => e.ExhibitorId));
        Assert.Equal(["LDC"], forLdc.Single().Reasons);
        Assert.DoesNotContain(forLdc, e => e.ExhibitorId == german);
        Assert.Equal(["009", "054"], pacific.RegionCodes);
        Assert.Equal([fijian], forPacific.Select(e => e.ExhibitorId));
        Assert.Equal(["009", "054"], forPacific.Single().Reasons);
        Assert.Equal(OutcomeKind.NotFound, (await commands.EligibleExhibitorsAsync(Organiser, expo.Edition, Guid.NewGuid(), Ct)).Kind);
    }

    [Fact]
    public async Task Only_organisers_change_an_edition_and_zones_in_use_stay()
    {
        await using var store = await TestStore.CreateAsync("sqlite");
        await using var db = await PreparedAsync(store);
        var expo = await ExpoBuilder.CreateAsync(db);
        await expo.BoothAsync("A1-001", 9);
        var participant = new Viewer("someone", Guid.NewGuid(), true, new HashSet<string>(StringComparer.Ordinal) { Roles.Participant });

        var refused = await Commands(db).AddHallAsync(participant, expo.Edition, new HallInput("B1", "B1馆", "Hall B1"), Ct);
        var inUse = await Commands(db).RemoveZoneAsync(Organiser, expo.Edition, expo.Zone, Ct);
        var hallInUse = await Commands(db).RemoveHallAsync(Organiser, expo.Edition, expo.Hall, Ct);
        var duplicate = await Commands(db).CreateEditionAsync(Organiser, ExpoBuilder.EditionInput(expo.Number), Ct);

        Assert.Equal(OutcomeKind.Forbidden, refused.Kind);
        Assert.Equal(OutcomeKind.Conflict, inUse.Kind);
        Assert.Equal(OutcomeKind.Conflict, hallInUse.Kind);
        Assert.Equal(["number"], duplicate.Errors.Keys);
        Assert.Equal(1, await db.Zones.CountAsync(Ct));
    }

    private static async Task<LianboDbContext> PreparedAsync(TestStore store)
    {
        return await store.PreparedContextAsync();
    }

    private static ExpoCommands Commands(LianboDbContext db) => new(db, new AuditLog(db, TimeProvider.System));
}

/// <summary>An edition with one chain zone (smart vehicles) and one hall, built through the commands; exhibitors and booths on demand.</summary>
public sealed class ExpoBuilder
{
    private readonly LianboDbContext _db;
    private readonly ExpoCommands _commands;

    private ExpoBuilder(LianboDbContext db, int number, Guid edition, Guid zone, Guid hall)
    {
        _db = db;
        _commands = new ExpoCommands(db, new AuditLog(db, TimeProvider.System));
        Number = number;
        Edition = edition;
        Zone = zone;
        Hall = hall;
    }

    public int Number { get; }
    public Guid Edition { get; }
    public Guid Zone { get; }
    public Guid Hall { get; }

    public static EditionInput EditionInput(int number) => new(
        number, "第二届中国国际供应链促进博览会", "2nd China International Supply Chain Expo", "链接世界 共创未来", "Link the world, create the future",
        new DateOnly(2024, 11, 26), new DateOnly(2024, 11, 30), "北京", "Beijing", "中国国际展览中心（顺义馆）", "China International Exhibition Center (Shunyi)", 120_000);

    public static async Task<ExpoBuilder> CreateAsync(LianboDbContext db, double zoneArea = 10_000, int number = 2)
    {
        var commands = new ExpoCommands(db, new AuditLog(db, TimeProvider.System));
        var edition = Value(await commands.CreateEditionAsync(Viewer.CommandLine, EditionInput(number)));
        var zone = Value(await commands.AddZoneAsync(Viewer.CommandLine, edition.Id, new ZoneInput("smart-vehicles", "smart-vehicles", "智能汽车链", "Smart vehicles", zoneArea)));
        var hall = Value(await commands.AddHallAsync(Viewer.CommandLine, edition.Id, new HallInput("A1", "A1馆", "Hall A1")));
        return new ExpoBuilder(db, number, edition.Id, zone.Id, hall.Id);
    }

    public async Task<Guid> OrganisationAsync(string nameEn, string? country)
    {
        var org = new Organisation { Id = Guid.NewGuid(), NameEn = nameEn, NameZh = nameEn + "（中文）", CountryIso3 = country, CreatedAt = DateTimeOffset.UtcNow };
        _db.Organisations.Add(org);
        await _db.SaveChangesAsync();
        return org.Id;
    }

    /// <summary>A new organisation exhibiting in the given zone (the chain zone by default); returns the exhibitor's id.</summary>
    public async Task<Guid> ExhibitorAsync(string nameEn, string? country, Guid? zone = null) =>
        Value(await _commands.AddExhibitorAsync(Viewer.CommandLine, Edition, new ExhibitorInput(await OrganisationAsync(nameEn, country), zone ?? Zone))).Id;

    public async Task<Guid> OrganisationOfExhibitorAsync(string nameEn, string? country)
    {
        var exhibitor = await ExhibitorAsync(nameEn, country);
        return await _db.Exhibitors.Where(x => x.Id == exhibitor).Select(x => x.OrganisationId).SingleAsync();
    }

    public async Task<Guid> BoothAsync(string code, double size) =>
        Value(await _commands.AddBoothAsync(Viewer.CommandLine, Edition, new BoothInput(code, Hall, Zone, size))).Id;

    private static T Value<T>(Outcome<T> outcome) =>
        outcome.IsValid ? outcome.Value! : throw new InvalidOperationException(string.Join("; ", outcome.Errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")) + outcome.Detail);
}
