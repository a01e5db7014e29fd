using System.Globalization;
using System.Text.RegularExpressions;
using Lianbo.Core.Accounts;
using Lianbo.Core.Chains;
using Lianbo.Core.Data;
using Microsoft.EntityFrameworkCore;


namespace Lianbo.Core.Expo;

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
