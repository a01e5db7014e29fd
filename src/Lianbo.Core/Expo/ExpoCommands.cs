using System.Globalization;
using System.Text.RegularExpressions;
using Lianbo.Core.Accounts;
using Lianbo.Core.Chains;
using Lianbo.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Lianbo.Core.Expo;

// What the organiser sends. Strings may arrive null from JSON that leaves a field out: the checks treat that as empty.

public sealed record EditionInput(
    int Number, string NameZh, string NameEn, string ThemeZh, string ThemeEn, DateOnly StartsOn, DateOnly EndsOn,
    string CityZh, string CityEn, string VenueZh, string VenueEn, double FloorAreaM2,
    string? GuestCountryIso3 = null, string? GuestProvinceZh = null, string? GuestProvinceEn = null, IReadOnlyList<Guid>? SupporterIds = null);

/// <summary>A zone is a chain (<see cref="ChainId"/>) or an area without one, such as the supply-chain services area.</summary>
public sealed record ZoneInput(string Code, string? ChainId, string NameZh, string NameEn, double AreaM2, int SortOrder = 0);

public sealed record HallInput(string Code, string NameZh, string NameEn);

public sealed record BoothInput(string Code, Guid HallId, Guid ZoneId, double SizeM2);

public sealed record ExhibitorInput(Guid OrganisationId, Guid ZoneId, IReadOnlyList<Guid>? PartnerIds = null);

public sealed record BoothAssignment(Guid ExhibitorId);

public sealed record LaunchInput(Guid ExhibitorId, LaunchKind Kind, string TitleZh, string TitleEn);

/// <summary>Times in any offset; they are stored in UTC. A roadshow needs its country and city.</summary>
public sealed record EventInput(
    EventKind Kind, string TitleZh, string TitleEn, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string? ChainId = null,
    string? CityZh = null, string? CityEn = null, string? CountryIso3 = null, int? OrganisationsReached = null);

/// <summary>The currency defaults to yuan (CNY).</summary>
public sealed record OutcomeInput(
    ExpoOutcomeKind Kind, Guid OrganisationA, Guid OrganisationB, string? ChainId = null, decimal? Value = null, string? Currency = null,
    Guid? MeetingId = null, DateOnly? SignedOn = null);

public sealed record InitiativeInput(string TitleZh, string TitleEn, string TextZh, string TextEn, DateOnly PublishedOn, IReadOnlyList<Guid>? EndorserIds = null);

/// <summary>One step of the path: an exhibiting organisation and the stage of the chain it stands for.</summary>
public sealed record JointExhibitMemberInput(Guid OrganisationId, string StageId);

/// <summary>The members in path order, upstream first.</summary>
public sealed record JointExhibitInput(string ChainId, string NameZh, string NameEn, IReadOnlyList<JointExhibitMemberInput> Members);

/// <summary>A country qualifies when it has any flag asked for or lies in one of the UN M49 regions or sub-regions.</summary>
public sealed record SupportProgrammeInput(string NameZh, string NameEn, bool ForLdc, bool ForLldc, bool ForSids, IReadOnlyList<string>? RegionCodes = null);

// What the organiser gets back.

public sealed record EditionSetupDto(
    Guid Id, int Number, string NameZh, string NameEn, string ThemeZh, string ThemeEn, DateOnly StartsOn, DateOnly EndsOn,
    string CityZh, string CityEn, string VenueZh, string VenueEn, double FloorAreaM2,
    string? GuestCountryIso3, string? GuestProvinceZh, string? GuestProvinceEn, IReadOnlyList<Guid> SupporterIds);

/// <summary><see cref="UsedM2"/> is the sum of the zone's booth sizes, never more than <see cref="AreaM2"/>.</summary>
public sealed record ZoneSetupDto(Guid Id, string Code, string? ChainId, string NameZh, string NameEn, double AreaM2, double UsedM2, int SortOrder);

public sealed record HallSetupDto(Guid Id, string Code, string NameZh, string NameEn);

public sealed record BoothSetupDto(Guid Id, string Code, Guid HallId, Guid ZoneId, double SizeM2, Guid? ExhibitorId);

public sealed record ExhibitorSetupDto(Guid Id, Guid OrganisationId, string NameZh, string NameEn, string? CountryIso3, Guid ZoneId, int Partners);

public sealed record LaunchRecordDto(Guid Id, Guid ExhibitorId, LaunchKind Kind, string TitleZh, string TitleEn);

public sealed record EventRecordDto(
    Guid Id, EventKind Kind, string TitleZh, string TitleEn, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string? ChainId,
    string? CityZh, string? CityEn, string? CountryIso3, int? OrganisationsReached);

public sealed record OutcomeRecordDto(Guid Id, ExpoOutcomeKind Kind, Guid OrganisationA, Guid OrganisationB, string? ChainId, decimal? Value, string Currency, Guid? MeetingId, DateOnly? SignedOn);

public sealed record InitiativeRecordDto(Guid Id, string TitleZh, string TitleEn, DateOnly PublishedOn, IReadOnlyList<Guid> EndorserIds);

public sealed record JointExhibitRecordDto(Guid Id, string ChainId, string NameZh, string NameEn, IReadOnlyList<JointExhibitMemberInput> Members);

public sealed record SupportProgrammeRecordDto(Guid Id, string NameZh, string NameEn, bool ForLdc, bool ForLldc, bool ForSids, IReadOnlyList<string> RegionCodes);

/// <summary>An exhibitor a programme covers, and why: <c>LDC</c>, <c>LLDC</c>, <c>SIDS</c> or the M49 code of its region or sub-region.</summary>
public sealed record EligibleExhibitorDto(Guid ExhibitorId, Guid OrganisationId, string NameZh, string NameEn, string CountryIso3, string CountryNameZh, string CountryNameEn, IReadOnlyList<string> Reasons);

/// <summary>
/// Everything the organiser's page of one edition shows. Of the records it holds the counts and a few of each kind:
/// events and initiatives the latest, outcomes the latest signed, launches by title (they carry no date).
/// </summary>
public sealed record EditionWorkspaceDto(
    EditionSetupDto Edition, IReadOnlyList<ZoneSetupDto> Zones, IReadOnlyList<HallSetupDto> Halls, IReadOnlyList<BoothSetupDto> Booths,
    IReadOnlyList<ExhibitorSetupDto> Exhibitors, IReadOnlyList<SupportProgrammeRecordDto> Programmes,
    int LaunchCount, int EventCount, int OutcomeCount, int InitiativeCount,
    IReadOnlyList<LaunchRecordDto> Launches, IReadOnlyList<EventRecordDto> Events, IReadOnlyList<OutcomeRecordDto> Outcomes,
    IReadOnlyList<InitiativeRecordDto> Initiatives);

public sealed record OrganisationChoiceDto(Guid Id, string NameZh, string NameEn, string? CountryIso3, OrganisationType Type);

/// <summary>
/// The organiser's management of an edition: its zones, halls and booths (no zone overflows its area, no booth is
/// given twice), exhibitors, and what happens at it. Every change is recorded in the audit log; every refusal names
/// the field, in the caller's language.
/// </summary>
public sealed partial class ExpoCommands(LianboDbContext db, AuditLog audit)
{
    public const int RecordsShown = 10;
    public const string DefaultCurrency = "CNY";

    // Edition

    public async Task<Outcome<EditionSetupDto>> CreateEditionAsync(Viewer actor, EditionInput input, CancellationToken ct = default)
    {
        if (!actor.IsOrganiser)
        {
            return Outcome<EditionSetupDto>.Forbidden(Messages.Format("OrganisersOnly"));
        }

        var errors = await CheckEditionAsync(null, input, ct);
        if (errors.Any)
        {
            return Outcome<EditionSetupDto>.Invalid(errors.ToDictionary());
        }

        var edition = new Edition { Id = Guid.NewGuid(), NameZh = "", NameEn = "", ThemeZh = "", ThemeEn = "", CityZh = "", CityEn = "", VenueZh = "", VenueEn = "" };
        Apply(edition, input);
        db.Editions.Add(edition);
        return await SavedAsync(actor, "edition", nameof(Edition), edition.Id, null, edition.ToSetupDto(), ct);
    }

    public async Task<Outcome<EditionSetupDto>> UpdateEditionAsync(Viewer actor, Guid editionId, EditionInput input, CancellationToken ct = default)
    {
        if (await FindEditionAsync(actor, editionId, ct) is { Kind: not OutcomeKind.Ok } refused)
        {
            return refused.As<EditionSetupDto>();
        }

        // Alone against every live booking in this edition (they share the lock): a booking reads the dates it computes
        // its slot from, and the dates must not move under it.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await StoreLocks.ExclusiveAsync(db, Meetings.MeetingRequests.EditionDatesLock(editionId), ct);
        var edition = await db.Editions.Include(e => e.Supporters).FirstAsync(e => e.Id == editionId, ct);
        var errors = await CheckEditionAsync(editionId, input, ct);
        if (errors.Any)
        {
            return Outcome<EditionSetupDto>.Invalid(errors.ToDictionary());
        }

        if (await DatesInUseAsync(edition, input, ct) is { } inUse)
        {
            return Outcome<EditionSetupDto>.Conflict(inUse);
        }

        var before = edition.ToSetupDto();
        var datesMove = edition.StartsOn != input.StartsOn || edition.EndsOn != input.EndsOn;
        Apply(edition, input);
        if (datesMove)
        {
            // A draft placed meetings on the old days; publishing it now would put them on other dates.
            await db.ScheduleDrafts.Where(d => d.EditionId == editionId && d.Status == Scheduling.ScheduleDraftStatus.Draft)
                .ExecuteUpdateAsync(u => u.SetProperty(d => d.Status, Scheduling.ScheduleDraftStatus.Discarded), ct);
        }

        var saved = await SavedAsync(actor, "edition", nameof(Edition), editionId, before, edition.ToSetupDto(), ct);
        await transaction.CommitAsync(ct);
        return saved;
    }

    /// <summary>
    /// Why the edition's days may not change as asked, or null. A meeting's slot is counted from the first day, so a
    /// new first day would move every booked meeting; a day removed or added would strand, or newly cover, meetings
    /// with times. Agreed times never change silently: the organiser cancels or re-times those meetings first.
    /// </summary>
    private async Task<string?> DatesInUseAsync(Edition edition, EditionInput input, CancellationToken ct)
    {
        if (edition.StartsOn == input.StartsOn && edition.EndsOn == input.EndsOn)
        {
            return null;
        }

        var timed = await db.Meetings.AsNoTracking()
            .Where(m => m.EditionId == edition.Id && m.Status == Meetings.MeetingStatus.Confirmed && m.StartsAt != null)
            .Select(m => new { m.StartsAt, m.Slot }).ToListAsync(ct);
        var settings = await db.EditionSchedules.AsNoTracking().FirstOrDefaultAsync(s => s.EditionId == edition.Id, ct);
        var now = Scheduling.MeetingGrid.Of(edition, settings);
        var then = Scheduling.MeetingGrid.Of(new Edition
        {
            Id = edition.Id, StartsOn = input.StartsOn, EndsOn = input.EndsOn,
            NameZh = "", NameEn = "", ThemeZh = "", ThemeEn = "", CityZh = "", CityEn = "", VenueZh = "", VenueEn = "",
        }, settings);
        var moved = timed.Count(m => (edition.StartsOn != input.StartsOn && m.Slot is not null)
            || now.IsExpoDay(m.StartsAt!.Value) != then.IsExpoDay(m.StartsAt!.Value));
        var held = edition.StartsOn != input.StartsOn && await db.SlotHolds.AnyAsync(h => h.EditionId == edition.Id, ct);
        return moved > 0 || held ? Messages.Format("EditionDatesInUse", Math.Max(moved, 1)) : null;
    }

    /// <summary>The organiser's view of one edition by its number; null when there is none.</summary>
    public async Task<EditionWorkspaceDto?> WorkspaceAsync(int number, CancellationToken ct = default)
    {
        var edition = await db.Editions.AsNoTracking().Include(e => e.Supporters).FirstOrDefaultAsync(e => e.Number == number, ct);
        if (edition is null)
        {
            return null;
        }

        var id = edition.Id;
        var used = await db.Booths.Where(b => b.EditionId == id).GroupBy(b => b.ZoneId).Select(g => new { g.Key, Used = g.Sum(b => b.SizeM2) }).ToDictionaryAsync(g => g.Key, g => g.Used, ct);
        var zones = await db.Zones.AsNoTracking().Where(z => z.EditionId == id).OrderBy(z => z.SortOrder).ThenBy(z => z.Code).ToListAsync(ct);
        var halls = await db.Halls.AsNoTracking().Where(h => h.EditionId == id).OrderBy(h => h.Code)
            .Select(h => new HallSetupDto(h.Id, h.Code, h.NameZh, h.NameEn)).ToListAsync(ct);
        var booths = await db.Booths.AsNoTracking().Where(b => b.EditionId == id).OrderBy(b => b.Code)
            .Select(b => new BoothSetupDto(b.Id, b.Code, b.HallId, b.ZoneId, b.SizeM2, b.ExhibitorId)).ToListAsync(ct);
        var exhibitors = await (from x in db.Exhibitors.AsNoTracking()
                                join o in db.Organisations on x.OrganisationId equals o.Id
                                where x.EditionId == id
                                orderby o.NameEn
                                select new ExhibitorSetupDto(x.Id, o.Id, o.NameZh, o.NameEn, o.CountryIso3, x.ZoneId, x.Partners.Count)).ToListAsync(ct);
        var programmes = (await db.SupportProgrammes.AsNoTracking().Where(p => p.EditionId == id).OrderBy(p => p.NameEn).ToListAsync(ct)).Select(p => p.ToSetupDto()).ToList();
        var launches = await db.Launches.AsNoTracking().Where(l => l.EditionId == id).OrderBy(l => l.TitleEn).Take(RecordsShown)
            .Select(l => new LaunchRecordDto(l.Id, l.ExhibitorId, l.Kind, l.TitleZh, l.TitleEn)).ToListAsync(ct);
        var events = (await db.Events.AsNoTracking().Where(e => e.EditionId == id).OrderByDescending(e => e.StartsAt).Take(RecordsShown).ToListAsync(ct)).Select(e => e.ToSetupDto()).ToList();
        var outcomes = (await db.Outcomes.AsNoTracking().Where(o => o.EditionId == id).OrderByDescending(o => o.SignedOn).ThenBy(o => o.Id).Take(RecordsShown).ToListAsync(ct)).Select(o => o.ToSetupDto()).ToList();
        var initiatives = (await db.Initiatives.AsNoTracking().Include(i => i.Endorsements).Where(i => i.EditionId == id).OrderByDescending(i => i.PublishedOn).Take(RecordsShown).ToListAsync(ct))
            .Select(i => i.ToSetupDto()).ToList();
        return new EditionWorkspaceDto(
            edition.ToSetupDto(), [.. zones.Select(z => z.ToSetupDto(used.GetValueOrDefault(z.Id)))], halls, booths, exhibitors, programmes,
            await db.Launches.CountAsync(l => l.EditionId == id, ct), await db.Events.CountAsync(e => e.EditionId == id, ct),
            await db.Outcomes.CountAsync(o => o.EditionId == id, ct), await db.Initiatives.CountAsync(i => i.EditionId == id, ct),
            launches, events, outcomes, initiatives);
    }

    /// <summary>The organisations an organiser may pick from (exhibitors, supporters, outcome parties), by English name.</summary>
    public async Task<List<OrganisationChoiceDto>> OrganisationChoicesAsync(CancellationToken ct = default) =>
        await db.Organisations.AsNoTracking().OrderBy(o => o.NameEn).Select(o => new OrganisationChoiceDto(o.Id, o.NameZh, o.NameEn, o.CountryIso3, o.Type)).ToListAsync(ct);

    // Zones

    public async Task<Outcome<ZoneSetupDto>> AddZoneAsync(Viewer actor, Guid editionId, ZoneInput input, CancellationToken ct = default) =>
        await SaveZoneAsync(actor, editionId, null, input, ct);

    public async Task<Outcome<ZoneSetupDto>> UpdateZoneAsync(Viewer actor, Guid editionId, Guid zoneId, ZoneInput input, CancellationToken ct = default) =>
        await SaveZoneAsync(actor, editionId, zoneId, input, ct);

    public async Task<Outcome<Guid>> RemoveZoneAsync(Viewer actor, Guid editionId, Guid zoneId, CancellationToken ct = default) =>
        // Booths and exhibitors keep their zone (restricting keys): the organiser moves or removes them first.
        await RemoveAsync<Zone>(actor, editionId, zoneId, "ZoneNotFound", async zone =>
            await db.Booths.AnyAsync(b => b.ZoneId == zoneId, ct) || await db.Exhibitors.AnyAsync(x => x.ZoneId == zoneId, ct) ? Messages.Format("ZoneInUse", zone.Code) : null,
            zone => zone.ToSetupDto(0), ct);

    private async Task<Outcome<ZoneSetupDto>> SaveZoneAsync(Viewer actor, Guid editionId, Guid? zoneId, ZoneInput input, CancellationToken ct)
    {
        var (refused, zone) = await RowAsync<Zone>(actor, editionId, zoneId, "ZoneNotFound", ct);
        if (refused is not null)
        {
            return refused.As<ZoneSetupDto>();
        }

        var errors = new FieldErrors();
        var code = await CodeAsync<Zone>(errors, editionId, zoneId, input.Code, 64, ct);

        var chainId = Blank(input.ChainId);
        await CheckChainAsync(errors, "chainId", chainId, ct);
        RequireNames(errors, input.NameZh, input.NameEn);
        Positive(errors, "areaM2", input.AreaM2);
        // Shrinking a zone below its booths would make it overflow.
        var used = zone is null ? 0 : await db.Booths.Where(b => b.ZoneId == zone.Id).SumAsync(b => b.SizeM2, ct);
        if (zone is not null && input.AreaM2 < used)
        {
            errors.Add("areaM2", Messages.Format("ZoneAreaBelowBooths", Area(used)));
        }

        if (errors.Any)
        {
            return Outcome<ZoneSetupDto>.Invalid(errors.ToDictionary());
        }

        var before = zone?.ToSetupDto(used);
        zone ??= db.Zones.Add(new Zone { Id = Guid.NewGuid(), EditionId = editionId, Code = "", NameZh = "", NameEn = "" }).Entity;
        zone.Code = code!;
        zone.ChainId = chainId;
        zone.NameZh = input.NameZh.Trim();
        zone.NameEn = input.NameEn.Trim();
        zone.AreaM2 = input.AreaM2;
        zone.SortOrder = input.SortOrder;
        return await SavedAsync(actor, "zone", nameof(Zone), zone.Id, before, zone.ToSetupDto(used), ct);
    }

    // Halls

    public async Task<Outcome<HallSetupDto>> AddHallAsync(Viewer actor, Guid editionId, HallInput input, CancellationToken ct = default) =>
        await SaveHallAsync(actor, editionId, null, input, ct);

    public async Task<Outcome<HallSetupDto>> UpdateHallAsync(Viewer actor, Guid editionId, Guid hallId, HallInput input, CancellationToken ct = default) =>
        await SaveHallAsync(actor, editionId, hallId, input, ct);

    public async Task<Outcome<Guid>> RemoveHallAsync(Viewer actor, Guid editionId, Guid hallId, CancellationToken ct = default) =>
        await RemoveAsync<Hall>(actor, editionId, hallId, "HallNotFound", async hall =>
            await db.Booths.AnyAsync(b => b.HallId == hallId, ct) ? Messages.Format("HallInUse", hall.Code) : null, hall => hall.ToSetupDto(), ct);

    private async Task<Outcome<HallSetupDto>> SaveHallAsync(Viewer actor, Guid editionId, Guid? hallId, HallInput input, CancellationToken ct)
    {
        var (refused, hall) = await RowAsync<Hall>(actor, editionId, hallId, "HallNotFound", ct);
        if (refused is not null)
        {
            return refused.As<HallSetupDto>();
        }

        var errors = new FieldErrors();
        var code = await CodeAsync<Hall>(errors, editionId, hallId, input.Code, 32, ct);
        RequireNames(errors, input.NameZh, input.NameEn);
        if (errors.Any)
        {
            return Outcome<HallSetupDto>.Invalid(errors.ToDictionary());
        }

        var before = hall?.ToSetupDto();
        hall ??= db.Halls.Add(new Hall { Id = Guid.NewGuid(), EditionId = editionId, Code = "", NameZh = "", NameEn = "" }).Entity;
        hall.Code = code!;
        hall.NameZh = input.NameZh.Trim();
        hall.NameEn = input.NameEn.Trim();
        return await SavedAsync(actor, "hall", nameof(Hall), hall.Id, before, hall.ToSetupDto(), ct);
    }

    // Booths

    public async Task<Outcome<BoothSetupDto>> AddBoothAsync(Viewer actor, Guid editionId, BoothInput input, CancellationToken ct = default) =>
        await SaveBoothAsync(actor, editionId, null, input, ct);

    public async Task<Outcome<BoothSetupDto>> UpdateBoothAsync(Viewer actor, Guid editionId, Guid boothId, BoothInput input, CancellationToken ct = default) =>
        await SaveBoothAsync(actor, editionId, boothId, input, ct);

    public async Task<Outcome<Guid>> RemoveBoothAsync(Viewer actor, Guid editionId, Guid boothId, CancellationToken ct = default) =>
        await RemoveAsync<Booth>(actor, editionId, boothId, "BoothNotFound", _ => Task.FromResult<string?>(null), booth => booth.ToSetupDto(), ct);

    private async Task<Outcome<BoothSetupDto>> SaveBoothAsync(Viewer actor, Guid editionId, Guid? boothId, BoothInput input, CancellationToken ct)
    {
        var (refused, booth) = await RowAsync<Booth>(actor, editionId, boothId, "BoothNotFound", ct);
        if (refused is not null)
        {
            return refused.As<BoothSetupDto>();
        }

        var errors = new FieldErrors();
        var code = await CodeAsync<Booth>(errors, editionId, boothId, input.Code, 32, ct);

        if (!await db.Halls.AnyAsync(h => h.Id == input.HallId && h.EditionId == editionId, ct))
        {
            errors.Add("hallId", Messages.Format("UnknownHall"));
        }

        var zone = await db.Zones.AsNoTracking().FirstOrDefaultAsync(z => z.Id == input.ZoneId && z.EditionId == editionId, ct);
        if (zone is null)
        {
            errors.Add("zoneId", Messages.Format("UnknownZone"));
        }
        else if (booth?.ExhibitorId is { } holder && !await db.Exhibitors.AnyAsync(x => x.Id == holder && x.ZoneId == zone.Id, ct))
        {
            // A given booth stays in its exhibitor's zone.
            errors.Add("zoneId", Messages.Format("BoothOtherZone", booth.Code));
        }

        if (Positive(errors, "sizeM2", input.SizeM2) && zone is not null)
        {
            var others = await db.Booths.Where(b => b.ZoneId == zone.Id && b.Id != boothId).SumAsync(b => b.SizeM2, ct);
            if (others + input.SizeM2 > zone.AreaM2)
            {
                errors.Add("sizeM2", Messages.Format("ZoneOverflow", zone.Code, Area(others + input.SizeM2), Area(zone.AreaM2)));
            }
        }

        if (errors.Any)
        {
            return Outcome<BoothSetupDto>.Invalid(errors.ToDictionary());
        }

        var before = booth?.ToSetupDto();
        booth ??= db.Booths.Add(new Booth { Id = Guid.NewGuid(), EditionId = editionId, Code = "" }).Entity;
        booth.Code = code!;
        booth.HallId = input.HallId;
        booth.ZoneId = input.ZoneId;
        booth.SizeM2 = input.SizeM2;
        return await SavedAsync(actor, "booth", nameof(Booth), booth.Id, before, booth.ToSetupDto(), ct);
    }

    /// <summary>
    /// Gives a free booth of the exhibitor's zone to the exhibitor. The booth is taken by one conditional UPDATE
    /// (only while it has no exhibitor), so of two concurrent assignments exactly one wins; the other is a conflict.
    /// </summary>
    public async Task<Outcome<BoothSetupDto>> AssignBoothAsync(Viewer actor, Guid editionId, Guid boothId, Guid exhibitorId, CancellationToken ct = default)
    {
        if (await FindEditionAsync(actor, editionId, ct) is { Kind: not OutcomeKind.Ok } refused)
        {
            return refused.As<BoothSetupDto>();
        }

        var booth = await db.Booths.AsNoTracking().FirstOrDefaultAsync(b => b.Id == boothId && b.EditionId == editionId, ct);
        if (booth is null)
        {
            return Outcome<BoothSetupDto>.NotFound(Messages.Format("BoothNotFound"));
        }

        var exhibitor = await db.Exhibitors.AsNoTracking().FirstOrDefaultAsync(x => x.Id == exhibitorId && x.EditionId == editionId, ct);
        if (exhibitor is null)
        {
            return Outcome<BoothSetupDto>.Invalid("exhibitorId", Messages.Format("UnknownExhibitor"));
        }

        if (exhibitor.ZoneId != booth.ZoneId)
        {
            return Outcome<BoothSetupDto>.Invalid("exhibitorId", Messages.Format("BoothOtherZone", booth.Code));
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var taken = await db.Booths.Where(b => b.Id == boothId && b.ExhibitorId == null)
            .ExecuteUpdateAsync(s => s.SetProperty(b => b.ExhibitorId, (Guid?)exhibitorId), ct);
        if (taken == 0)
        {
            var holder = await db.Booths.Where(b => b.Id == boothId).Select(b => b.ExhibitorId).FirstOrDefaultAsync(ct);
            booth.ExhibitorId = holder;
            if (holder == exhibitorId)
            {
                return Outcome<BoothSetupDto>.Ok(booth.ToSetupDto());
            }

            var name = await (from x in db.Exhibitors join o in db.Organisations on x.OrganisationId equals o.Id where x.Id == holder select new { o.NameZh, o.NameEn }).FirstOrDefaultAsync(ct);
            return Outcome<BoothSetupDto>.Conflict(Messages.Format("BoothTaken", booth.Code, name is null ? "?" : Localised(name.NameZh, name.NameEn)));
        }

        audit.Record(actor, "booth.assign", nameof(Booth), boothId.ToString(), after: new { exhibitorId });
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        // The update went around the change tracker: a copy of the booth it holds is stale, so it forgets it.
        foreach (var entry in db.ChangeTracker.Entries<Booth>().Where(e => e.Entity.Id == boothId).ToList())
        {
            entry.State = EntityState.Detached;
        }

        booth.ExhibitorId = exhibitorId;
        return Outcome<BoothSetupDto>.Ok(booth.ToSetupDto());
    }

    /// <summary>Frees a booth; freeing a free booth changes nothing.</summary>
    public async Task<Outcome<BoothSetupDto>> UnassignBoothAsync(Viewer actor, Guid editionId, Guid boothId, CancellationToken ct = default)
    {
        var (refused, booth) = await RowAsync<Booth>(actor, editionId, boothId, "BoothNotFound", ct);
        if (refused is not null)
        {
            return refused.As<BoothSetupDto>();
        }

        if (booth!.ExhibitorId is { } before)
        {
            booth.ExhibitorId = null;
            audit.Record(actor, "booth.unassign", nameof(Booth), boothId.ToString(), before: new { exhibitorId = before });
            await db.SaveChangesAsync(ct);
        }

        return Outcome<BoothSetupDto>.Ok(booth.ToSetupDto());
    }

    // Exhibitors

    public async Task<Outcome<ExhibitorSetupDto>> AddExhibitorAsync(Viewer actor, Guid editionId, ExhibitorInput input, CancellationToken ct = default)
    {
        if (await FindEditionAsync(actor, editionId, ct) is { Kind: not OutcomeKind.Ok } refused)
        {
            return refused.As<ExhibitorSetupDto>();
        }

        var errors = new FieldErrors();
        var org = await db.Organisations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == input.OrganisationId, ct);
        if (org is null)
        {
            errors.Add("organisationId", Messages.Format("UnknownOrganisation", input.OrganisationId));
        }
        else if (await db.Exhibitors.AnyAsync(x => x.EditionId == editionId && x.OrganisationId == org.Id, ct))
        {
            errors.Add("organisationId", Messages.Format("AlreadyExhibiting"));
        }

        if (!await db.Zones.AnyAsync(z => z.Id == input.ZoneId && z.EditionId == editionId, ct))
        {
            errors.Add("zoneId", Messages.Format("UnknownZone"));
        }

        var partners = (input.PartnerIds ?? []).Distinct().Where(p => p != input.OrganisationId).ToList();
        await CheckOrganisationsAsync(errors, "partnerIds", partners, ct);
        if (errors.Any)
        {
            return Outcome<ExhibitorSetupDto>.Invalid(errors.ToDictionary());
        }

        var exhibitor = new Exhibitor
        {
            Id = Guid.NewGuid(), EditionId = editionId, OrganisationId = org!.Id, ZoneId = input.ZoneId,
            Partners = [.. partners.Select(p => new ExhibitorPartner { OrganisationId = p })],
        };
        db.Exhibitors.Add(exhibitor);
        var dto = new ExhibitorSetupDto(exhibitor.Id, org.Id, org.NameZh, org.NameEn, org.CountryIso3, exhibitor.ZoneId, partners.Count);
        audit.Record(actor, "exhibitor.create", nameof(Exhibitor), exhibitor.Id.ToString(), after: new { exhibitor.OrganisationId, exhibitor.ZoneId, partners });
        await db.SaveChangesAsync(ct);
        return Outcome<ExhibitorSetupDto>.Ok(dto);
    }

    /// <summary>Removes an exhibitor with its launches and partners; its booths become free.</summary>
    public async Task<Outcome<Guid>> RemoveExhibitorAsync(Viewer actor, Guid editionId, Guid exhibitorId, CancellationToken ct = default) =>
        // The database frees its booths (SET NULL) and removes its launches and partners (CASCADE).
        await RemoveAsync<Exhibitor>(actor, editionId, exhibitorId, "ExhibitorNotFound", _ => Task.FromResult<string?>(null),
            exhibitor => new { exhibitor.OrganisationId, exhibitor.ZoneId }, ct);

    // Records of what happens at the edition

    public async Task<Outcome<LaunchRecordDto>> RecordLaunchAsync(Viewer actor, Guid editionId, LaunchInput input, CancellationToken ct = default)
    {
        if (await FindEditionAsync(actor, editionId, ct) is { Kind: not OutcomeKind.Ok } refused)
        {
            return refused.As<LaunchRecordDto>();
        }

        var errors = new FieldErrors();
        if (!await db.Exhibitors.AnyAsync(x => x.Id == input.ExhibitorId && x.EditionId == editionId, ct))
        {
            errors.Add("exhibitorId", Messages.Format("UnknownExhibitor"));
        }

        Defined(errors, "kind", input.Kind);
        RequireTitles(errors, input.TitleZh, input.TitleEn);
        if (errors.Any)
        {
            return Outcome<LaunchRecordDto>.Invalid(errors.ToDictionary());
        }

        var launch = new Launch { Id = Guid.NewGuid(), EditionId = editionId, ExhibitorId = input.ExhibitorId, Kind = input.Kind, TitleZh = input.TitleZh.Trim(), TitleEn = input.TitleEn.Trim() };
        db.Launches.Add(launch);
        var dto = new LaunchRecordDto(launch.Id, launch.ExhibitorId, launch.Kind, launch.TitleZh, launch.TitleEn);
        return await SavedAsync(actor, "launch", nameof(Launch), launch.Id, null, dto, ct);
    }

    public async Task<Outcome<EventRecordDto>> RecordEventAsync(Viewer actor, Guid editionId, EventInput input, CancellationToken ct = default)
    {
        if (await FindEditionAsync(actor, editionId, ct) is { Kind: not OutcomeKind.Ok } refused)
        {
            return refused.As<EventRecordDto>();
        }

        var errors = new FieldErrors();
        Defined(errors, "kind", input.Kind);
        RequireTitles(errors, input.TitleZh, input.TitleEn);
        if (input.EndsAt <= input.StartsAt)
        {
            errors.Add("endsAt", Messages.Format("EventEndsBeforeStart"));
        }

        var chainId = Blank(input.ChainId);
        await CheckChainAsync(errors, "chainId", chainId, ct);
        var country = Blank(input.CountryIso3)?.ToUpperInvariant();
        var roadshow = input.Kind == EventKind.Roadshow;
        if (roadshow && country is null)
        {
            errors.Add("countryIso3", Messages.Format("RoadshowNeedsCountry"));
        }
        else if (country is not null && !await db.Countries.AnyAsync(c => c.Iso3 == country, ct))
        {
            errors.Add("countryIso3", Messages.Format("UnknownCountry", country));
        }

        if (roadshow)
        {
            InputRules.Require(errors, "cityZh", input.CityZh, 50);
            InputRules.Require(errors, "cityEn", input.CityEn, 100);
        }
        else
        {
            InputRules.Limit(errors, "cityZh", input.CityZh, 50);
            InputRules.Limit(errors, "cityEn", input.CityEn, 100);
        }

        if (input.OrganisationsReached < 0)
        {
            errors.Add("organisationsReached", Messages.Format("NotNegative", "organisationsReached"));
        }

        if (errors.Any)
        {
            return Outcome<EventRecordDto>.Invalid(errors.ToDictionary());
        }

        var ev = new ExpoEvent
        {
            Id = Guid.NewGuid(), EditionId = editionId, Kind = input.Kind, TitleZh = input.TitleZh.Trim(), TitleEn = input.TitleEn.Trim(),
            // PostgreSQL stores timestamptz only in UTC; SQLite compares the stored numbers, which need one offset too.
            StartsAt = input.StartsAt.ToUniversalTime(), EndsAt = input.EndsAt.ToUniversalTime(), ChainId = chainId,
            CityZh = Blank(input.CityZh), CityEn = Blank(input.CityEn), CountryIso3 = country, OrganisationsReached = input.OrganisationsReached,
        };
        db.Events.Add(ev);
        return await SavedAsync(actor, "event", nameof(ExpoEvent), ev.Id, null, ev.ToSetupDto(), ct);
    }

    public async Task<Outcome<OutcomeRecordDto>> RecordOutcomeAsync(Viewer actor, Guid editionId, OutcomeInput input, CancellationToken ct = default)
    {
        if (await FindEditionAsync(actor, editionId, ct) is { Kind: not OutcomeKind.Ok } refused)
        {
            return refused.As<OutcomeRecordDto>();
        }

        var errors = new FieldErrors();
        Defined(errors, "kind", input.Kind);
        await CheckOrganisationsAsync(errors, "organisationA", [input.OrganisationA], ct);
        await CheckOrganisationsAsync(errors, "organisationB", [input.OrganisationB], ct);
        if (input.OrganisationA == input.OrganisationB)
        {
            errors.Add("organisationB", Messages.Format("SameOrganisation"));
        }

        var chainId = Blank(input.ChainId);
        await CheckChainAsync(errors, "chainId", chainId, ct);
        if (input.Value < 0)
        {
            errors.Add("value", Messages.Format("NotNegative", "value"));
        }

        var currency = Blank(input.Currency)?.ToUpperInvariant() ?? DefaultCurrency;
        if (!CurrencyPattern().IsMatch(currency))
        {
            errors.Add("currency", Messages.Format("BadCurrency", currency));
        }

        if (errors.Any)
        {
            return Outcome<OutcomeRecordDto>.Invalid(errors.ToDictionary());
        }

        var outcome = new ExpoOutcome
        {
            Id = Guid.NewGuid(), EditionId = editionId, Kind = input.Kind, OrganisationA = input.OrganisationA, OrganisationB = input.OrganisationB,
            ChainId = chainId, Value = input.Value, Currency = currency, MeetingId = input.MeetingId, SignedOn = input.SignedOn,
        };
        db.Outcomes.Add(outcome);
        return await SavedAsync(actor, "outcome", nameof(ExpoOutcome), outcome.Id, null, outcome.ToSetupDto(), ct);
    }

    public async Task<Outcome<InitiativeRecordDto>> RecordInitiativeAsync(Viewer actor, Guid editionId, InitiativeInput input, CancellationToken ct = default)
    {
        if (await FindEditionAsync(actor, editionId, ct) is { Kind: not OutcomeKind.Ok } refused)
        {
            return refused.As<InitiativeRecordDto>();
        }

        var errors = new FieldErrors();
        RequireTitles(errors, input.TitleZh, input.TitleEn);
        InputRules.Require(errors, "textZh", input.TextZh, 20000);
        InputRules.Require(errors, "textEn", input.TextEn, 40000);
        var endorsers = (input.EndorserIds ?? []).Distinct().ToList();
        await CheckOrganisationsAsync(errors, "endorserIds", endorsers, ct);
        if (errors.Any)
        {
            return Outcome<InitiativeRecordDto>.Invalid(errors.ToDictionary());
        }

        var initiative = new Initiative
        {
            Id = Guid.NewGuid(), EditionId = editionId, TitleZh = input.TitleZh.Trim(), TitleEn = input.TitleEn.Trim(),
            TextZh = input.TextZh.Trim(), TextEn = input.TextEn.Trim(), PublishedOn = input.PublishedOn,
            Endorsements = [.. endorsers.Select(o => new InitiativeEndorsement { OrganisationId = o })],
        };
        db.Initiatives.Add(initiative);
        return await SavedAsync(actor, "initiative", nameof(Initiative), initiative.Id, null, initiative.ToSetupDto(), ct);
    }

    public async Task<Outcome<JointExhibitRecordDto>> RecordJointExhibitAsync(Viewer actor, Guid editionId, JointExhibitInput input, CancellationToken ct = default)
    {
        if (await FindEditionAsync(actor, editionId, ct) is { Kind: not OutcomeKind.Ok } refused)
        {
            return refused.As<JointExhibitRecordDto>();
        }

        var errors = new FieldErrors();
        var chainId = Blank(input.ChainId);
        if (chainId is null)
        {
            errors.Add("chainId", Messages.Format("Required", "chainId"));
        }

        var stages = await CheckChainAsync(errors, "chainId", chainId, ct);
        RequireNames(errors, input.NameZh, input.NameEn);
        var members = input.Members ?? [];
        if (members.Count < 2)
        {
            errors.Add("members", Messages.Format("JointExhibitNeedsMembers"));
        }

        var organisations = members.OfType<JointExhibitMemberInput>().Select(m => m.OrganisationId).ToList();
        var exhibiting = (await db.Exhibitors.Where(x => x.EditionId == editionId && organisations.Contains(x.OrganisationId)).Select(x => x.OrganisationId).ToListAsync(ct)).ToHashSet();
        foreach (var (member, i) in members.Select((m, i) => (m, i)))
        {
            // A JSON list may hold a null whatever its type says.
            if (member is null)
            {
                errors.Add($"members[{i}]", Messages.Format("FieldRequired", $"members[{i}]"));
                continue;
            }

            if (!exhibiting.Contains(member.OrganisationId))
            {
                errors.Add($"members[{i}].organisationId", Messages.Format("NotAnExhibitor"));
            }

            if (stages is not null && !stages.Contains(member.StageId ?? ""))
            {
                errors.Add($"members[{i}].stageId", Messages.Format("UnknownStage", chainId, member.StageId));
            }
        }

        if (errors.Any)
        {
            return Outcome<JointExhibitRecordDto>.Invalid(errors.ToDictionary());
        }

        var exhibit = new JointExhibit
        {
            Id = Guid.NewGuid(), EditionId = editionId, ChainId = chainId!, NameZh = input.NameZh.Trim(), NameEn = input.NameEn.Trim(),
            Members = [.. members.Select((m, i) => new JointExhibitMember { Position = i, OrganisationId = m.OrganisationId, StageId = m.StageId })],
        };
        db.JointExhibits.Add(exhibit);
        var dto = new JointExhibitRecordDto(exhibit.Id, exhibit.ChainId, exhibit.NameZh, exhibit.NameEn, [.. members]);
        return await SavedAsync(actor, "joint-exhibit", nameof(JointExhibit), exhibit.Id, null, dto, ct);
    }

    public async Task<Outcome<SupportProgrammeRecordDto>> RecordSupportProgrammeAsync(Viewer actor, Guid editionId, SupportProgrammeInput input, CancellationToken ct = default)
    {
        if (await FindEditionAsync(actor, editionId, ct) is { Kind: not OutcomeKind.Ok } refused)
        {
            return refused.As<SupportProgrammeRecordDto>();
        }

        var errors = new FieldErrors();
        RequireNames(errors, input.NameZh, input.NameEn);
        var regions = new List<int>();
        foreach (var text in (input.RegionCodes ?? []).Select(r => r?.Trim() ?? "").Where(r => r.Length > 0).Distinct(StringComparer.Ordinal))
        {
            if (text.Length <= 3 && text.All(char.IsAsciiDigit) && int.Parse(text, CultureInfo.InvariantCulture) is var code
                && await db.Countries.AnyAsync(c => c.RegionCode == code || c.SubRegionCode == code, ct))
            {
                regions.Add(code);
            }
            else
            {
                errors.Add("regionCodes", Messages.Format("UnknownRegion", text));
            }
        }

        if (!input.ForLdc && !input.ForLldc && !input.ForSids && regions.Count == 0 && !errors.Any)
        {
            errors.Add("regionCodes", Messages.Format("ProgrammeNeedsCriterion"));
        }

        if (errors.Any)
        {
            return Outcome<SupportProgrammeRecordDto>.Invalid(errors.ToDictionary());
        }

        var programme = new SupportProgramme
        {
            Id = Guid.NewGuid(), EditionId = editionId, NameZh = input.NameZh.Trim(), NameEn = input.NameEn.Trim(),
            ForLdc = input.ForLdc, ForLldc = input.ForLldc, ForSids = input.ForSids,
            RegionCodes = string.Join(",", regions.Order().Select(r => r.ToString("000", CultureInfo.InvariantCulture))),
        };
        db.SupportProgrammes.Add(programme);
        return await SavedAsync(actor, "support-programme", nameof(SupportProgramme), programme.Id, null, programme.ToSetupDto(), ct);
    }

    /// <summary>
    /// The exhibitors a programme covers, computed from the country reference (UN LDC, LLDC and SIDS lists, M49
    /// regions) at the time of asking, so a country's graduation shows without touching the programme.
    /// </summary>
    public async Task<Outcome<List<EligibleExhibitorDto>>> EligibleExhibitorsAsync(Viewer actor, Guid editionId, Guid programmeId, CancellationToken ct = default)
    {
        if (await FindEditionAsync(actor, editionId, ct) is { Kind: not OutcomeKind.Ok } refused)
        {
            return refused.As<List<EligibleExhibitorDto>>();
        }

        var programme = await db.SupportProgrammes.AsNoTracking().FirstOrDefaultAsync(p => p.Id == programmeId && p.EditionId == editionId, ct);
        if (programme is null)
        {
            return Outcome<List<EligibleExhibitorDto>>.NotFound(Messages.Format("ProgrammeNotFound"));
        }

        var regions = RegionCodesOf(programme).Select(r => int.Parse(r, CultureInfo.InvariantCulture)).ToList();
        var rows = await (from x in db.Exhibitors.AsNoTracking()
                          join o in db.Organisations on x.OrganisationId equals o.Id
                          join c in db.Countries on o.CountryIso3 equals c.Iso3
                          where x.EditionId == editionId
                                && ((programme.ForLdc && c.IsLdc) || (programme.ForLldc && c.IsLldc) || (programme.ForSids && c.IsSids)
                                    || (c.RegionCode != null && regions.Contains(c.RegionCode.Value))
                                    || (c.SubRegionCode != null && regions.Contains(c.SubRegionCode.Value)))
                          orderby o.NameEn
                          select new { x.Id, OrganisationId = o.Id, o.NameZh, o.NameEn, c.Iso3, CountryZh = c.NameZh, CountryEn = c.NameEn, c.IsLdc, c.IsLldc, c.IsSids, c.RegionCode, c.SubRegionCode })
            .ToListAsync(ct);
        return Outcome<List<EligibleExhibitorDto>>.Ok([.. rows.Select(r => new EligibleExhibitorDto(r.Id, r.OrganisationId, r.NameZh, r.NameEn, r.Iso3, r.CountryZh, r.CountryEn,
        [
            .. programme.ForLdc && r.IsLdc ? ["LDC"] : Array.Empty<string>(),
            .. programme.ForLldc && r.IsLldc ? ["LLDC"] : Array.Empty<string>(),
            .. programme.ForSids && r.IsSids ? ["SIDS"] : Array.Empty<string>(),
            .. new[] { r.RegionCode, r.SubRegionCode }.Where(c => c is { } code && regions.Contains(code)).Select(c => c!.Value.ToString("000", CultureInfo.InvariantCulture)),
        ]))]);
    }

    internal static IReadOnlyList<string> RegionCodesOf(SupportProgramme programme) =>
        programme.RegionCodes.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    // Shared checks

    /// <summary>The edition exists and the actor is an organiser; the caller then loads what it needs.</summary>
    private async Task<Outcome<bool>> FindEditionAsync(Viewer actor, Guid editionId, CancellationToken ct)
    {
        if (!actor.IsOrganiser)
        {
            return Outcome<bool>.Forbidden(Messages.Format("OrganisersOnly"));
        }

        return await db.Editions.AnyAsync(e => e.Id == editionId, ct)
            ? Outcome<bool>.Ok(true)
            : Outcome<bool>.NotFound(Messages.Format("EditionNotFound"));
    }

    /// <summary>
    /// The edition's row to change, null for a new one (<paramref name="id"/> null), or why not: the actor is no
    /// organiser, there is no such edition, or the edition has no such row.
    /// </summary>
    private async Task<(Outcome<bool>? Refused, T? Row)> RowAsync<T>(Viewer actor, Guid editionId, Guid? id, string notFound, CancellationToken ct) where T : class
    {
        if (await FindEditionAsync(actor, editionId, ct) is { Kind: not OutcomeKind.Ok } refused)
        {
            return (refused, null);
        }

        if (id is not { } key)
        {
            return (null, null);
        }

        // By column name: zones, halls, booths and exhibitors share Id and EditionId but no type.
        var row = await db.Set<T>().FirstOrDefaultAsync(r => EF.Property<Guid>(r, "Id") == key && EF.Property<Guid>(r, "EditionId") == editionId, ct);
        return row is null ? (Outcome<bool>.NotFound(Messages.Format(notFound)), null) : (null, row);
    }

    /// <summary>Removes a row of the edition unless <paramref name="conflict"/> says why it must stay; audited as <c>zone.delete</c> and so on.</summary>
    private async Task<Outcome<Guid>> RemoveAsync<T>(
        Viewer actor, Guid editionId, Guid id, string notFound, Func<T, Task<string?>> conflict, Func<T, object> before, CancellationToken ct) where T : class
    {
        var (refused, row) = await RowAsync<T>(actor, editionId, id, notFound, ct);
        if (refused is not null)
        {
            return refused.As<Guid>();
        }

        if (await conflict(row!) is { } why)
        {
            return Outcome<Guid>.Conflict(why);
        }

        db.Remove(row!);
        audit.Record(actor, typeof(T).Name.ToLowerInvariant() + ".delete", typeof(T).Name, id.ToString(), before: before(row!));
        await db.SaveChangesAsync(ct);
        return Outcome<Guid>.Ok(id);
    }

    /// <summary>Saves a new row (<paramref name="before"/> null: <c>zone.create</c>) or a change (<c>zone.update</c>) with its audit entry.</summary>
    private async Task<Outcome<T>> SavedAsync<T>(Viewer actor, string entity, string entityType, Guid id, object? before, T after, CancellationToken ct)
    {
        audit.Record(actor, entity + (before is null ? ".create" : ".update"), entityType, id.ToString(), before, after);
        await db.SaveChangesAsync(ct);
        return Outcome<T>.Ok(after);
    }

    /// <summary>A well-formed code that no other zone, hall or booth (as <typeparamref name="T"/>) of the edition uses; null when not.</summary>
    private async Task<string?> CodeAsync<T>(FieldErrors errors, Guid editionId, Guid? id, string? value, int maxLength, CancellationToken ct) where T : class
    {
        var code = Code(errors, "code", value, maxLength);
        if (code is not null && await db.Set<T>().AnyAsync(r => EF.Property<Guid>(r, "EditionId") == editionId && EF.Property<string>(r, "Code") == code && EF.Property<Guid>(r, "Id") != id, ct))
        {
            errors.Add("code", Messages.Format("CodeTakenInEdition", code));
            return null;
        }

        return code;
    }

    private async Task<FieldErrors> CheckEditionAsync(Guid? editionId, EditionInput input, CancellationToken ct)
    {
        var errors = new FieldErrors();
        if (input.Number < 1)
        {
            errors.Add("number", Messages.Format("MustBePositive", "number"));
        }
        else if (await db.Editions.AnyAsync(e => e.Number == input.Number && e.Id != editionId, ct))
        {
            errors.Add("number", Messages.Format("EditionNumberTaken", input.Number));
        }

        RequireNames(errors, input.NameZh, input.NameEn);
        InputRules.Require(errors, "themeZh", input.ThemeZh, 100);
        InputRules.Require(errors, "themeEn", input.ThemeEn, 200);
        if (input.EndsOn < input.StartsOn)
        {
            errors.Add("endsOn", Messages.Format("EditionEndsBeforeStart"));
        }

        InputRules.Require(errors, "cityZh", input.CityZh, 50);
        InputRules.Require(errors, "cityEn", input.CityEn, 100);
        InputRules.Require(errors, "venueZh", input.VenueZh, 100);
        InputRules.Require(errors, "venueEn", input.VenueEn, 200);
        Positive(errors, "floorAreaM2", input.FloorAreaM2);
        if (Blank(input.GuestCountryIso3)?.ToUpperInvariant() is { } guest && !await db.Countries.AnyAsync(c => c.Iso3 == guest, ct))
        {
            errors.Add("guestCountryIso3", Messages.Format("UnknownCountry", guest));
        }

        InputRules.Limit(errors, "guestProvinceZh", input.GuestProvinceZh, 50);
        InputRules.Limit(errors, "guestProvinceEn", input.GuestProvinceEn, 100);
        await CheckOrganisationsAsync(errors, "supporterIds", (input.SupporterIds ?? []).Distinct().ToList(), ct);
        return errors;
    }

    private static void Apply(Edition edition, EditionInput input)
    {
        edition.Number = input.Number;
        edition.NameZh = input.NameZh.Trim();
        edition.NameEn = input.NameEn.Trim();
        edition.ThemeZh = input.ThemeZh.Trim();
        edition.ThemeEn = input.ThemeEn.Trim();
        edition.StartsOn = input.StartsOn;
        edition.EndsOn = input.EndsOn;
        edition.CityZh = input.CityZh.Trim();
        edition.CityEn = input.CityEn.Trim();
        edition.VenueZh = input.VenueZh.Trim();
        edition.VenueEn = input.VenueEn.Trim();
        edition.FloorAreaM2 = input.FloorAreaM2;
        edition.GuestCountryIso3 = Blank(input.GuestCountryIso3)?.ToUpperInvariant();
        edition.GuestProvinceZh = Blank(input.GuestProvinceZh);
        edition.GuestProvinceEn = Blank(input.GuestProvinceEn);
        var supporters = (input.SupporterIds ?? []).Distinct().ToList();
        edition.Supporters.RemoveAll(s => !supporters.Contains(s.OrganisationId));
        edition.Supporters.AddRange(supporters.Where(s => edition.Supporters.All(x => x.OrganisationId != s)).Select(s => new EditionSupporter { EditionId = edition.Id, OrganisationId = s }));
    }

    /// <summary>A chain id, when given, must name a stored chain; returns the chain's stage ids, or null.</summary>
    private async Task<HashSet<string>?> CheckChainAsync(FieldErrors errors, string field, string? chainId, CancellationToken ct)
    {
        if (chainId is null)
        {
            return null;
        }

        var chain = await db.Chains.AsNoTracking().Include(c => c.Stages).FirstOrDefaultAsync(c => c.Id == chainId, ct);
        if (chain is null)
        {
            errors.Add(field, Messages.Format("UnknownChain", chainId));
            return null;
        }

        return chain.Stages.Select(s => s.StageId).ToHashSet(StringComparer.Ordinal);
    }

    private async Task CheckOrganisationsAsync(FieldErrors errors, string field, IReadOnlyList<Guid> ids, CancellationToken ct)
    {
        if (ids.Count == 0)
        {
            return;
        }

        var known = await db.Organisations.Where(o => ids.Contains(o.Id)).Select(o => o.Id).ToListAsync(ct);
        foreach (var unknown in ids.Except(known))
        {
            errors.Add(field, Messages.Format("UnknownOrganisation", unknown));
        }
    }

    private static void RequireNames(FieldErrors errors, string? zh, string? en)
    {
        InputRules.Require(errors, "nameZh", zh, 100);
        InputRules.Require(errors, "nameEn", en, 200);
    }

    private static void RequireTitles(FieldErrors errors, string? zh, string? en)
    {
        InputRules.Require(errors, "titleZh", zh, 200);
        InputRules.Require(errors, "titleEn", en, 300);
    }

    private static bool Positive(FieldErrors errors, string field, double value)
    {
        if (value > 0 && double.IsFinite(value))
        {
            return true;
        }

        errors.Add(field, Messages.Format("MustBePositive", field));
        return false;
    }

    private static void Defined<TEnum>(FieldErrors errors, string field, TEnum value) where TEnum : struct, Enum
    {
        if (!Enum.IsDefined(value))
        {
            errors.Add(field, Messages.Format("UnknownKind", value, string.Join(", ", Enum.GetNames<TEnum>())));
        }
    }

    /// <summary>A zone, hall or booth code as the organiser's plans write it (A1, A1-001, smart-vehicles); null when not one.</summary>
    private static string? Code(FieldErrors errors, string field, string? value, int maxLength)
    {
        var code = value?.Trim() ?? "";
        if (code.Length == 0 || code.Length > maxLength || !CodePattern().IsMatch(code))
        {
            errors.Add(field, Messages.Format("CodeFormat", maxLength));
            return null;
        }

        return code;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string Area(double m2) => m2.ToString("#,0.##", CultureInfo.CurrentCulture);

    private static string Localised(string zh, string en) => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "zh" ? zh : en;

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]*$")]
    private static partial Regex CodePattern();

    [GeneratedRegex("^[A-Z]{3}$")]
    private static partial Regex CurrencyPattern();
}

/// <summary>The small hand-written mappings from the expo's rows to what the organiser gets back.</summary>
internal static class ExpoSetupMapping
{
    public static Outcome<T> As<T>(this Outcome<bool> refused) => refused.Kind switch
    {
        OutcomeKind.NotFound => Outcome<T>.NotFound(refused.Detail!),
        OutcomeKind.Forbidden => Outcome<T>.Forbidden(refused.Detail!),
        _ => throw new InvalidOperationException($"Only a refusal converts, not {refused.Kind}."),
    };

    public static EditionSetupDto ToSetupDto(this Edition e) => new(
        e.Id, e.Number, e.NameZh, e.NameEn, e.ThemeZh, e.ThemeEn, e.StartsOn, e.EndsOn, e.CityZh, e.CityEn, e.VenueZh, e.VenueEn, e.FloorAreaM2,
        e.GuestCountryIso3, e.GuestProvinceZh, e.GuestProvinceEn, [.. e.Supporters.Select(s => s.OrganisationId)]);

    public static ZoneSetupDto ToSetupDto(this Zone z, double usedM2) => new(z.Id, z.Code, z.ChainId, z.NameZh, z.NameEn, z.AreaM2, usedM2, z.SortOrder);

    public static HallSetupDto ToSetupDto(this Hall h) => new(h.Id, h.Code, h.NameZh, h.NameEn);

    public static BoothSetupDto ToSetupDto(this Booth b) => new(b.Id, b.Code, b.HallId, b.ZoneId, b.SizeM2, b.ExhibitorId);

    public static EventRecordDto ToSetupDto(this ExpoEvent e) =>
        new(e.Id, e.Kind, e.TitleZh, e.TitleEn, e.StartsAt, e.EndsAt, e.ChainId, e.CityZh, e.CityEn, e.CountryIso3, e.OrganisationsReached);

    public static OutcomeRecordDto ToSetupDto(this ExpoOutcome o) =>
        new(o.Id, o.Kind, o.OrganisationA, o.OrganisationB, o.ChainId, o.Value, o.Currency, o.MeetingId, o.SignedOn);

    public static InitiativeRecordDto ToSetupDto(this Initiative i) => new(i.Id, i.TitleZh, i.TitleEn, i.PublishedOn, [.. i.Endorsements.Select(e => e.OrganisationId)]);

    public static SupportProgrammeRecordDto ToSetupDto(this SupportProgramme p) =>
        new(p.Id, p.NameZh, p.NameEn, p.ForLdc, p.ForLldc, p.ForSids, ExpoCommands.RegionCodesOf(p));
}
