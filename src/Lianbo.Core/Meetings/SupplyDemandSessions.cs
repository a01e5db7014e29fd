using System.ComponentModel;
using Lianbo.Core.Accounts;
using Lianbo.Core.Data;
using Lianbo.Core.Matchmaking;
using Lianbo.Matching;
using Microsoft.EntityFrameworkCore;

namespace Lianbo.Core.Meetings;

public sealed record NeedInput(
    [property: Description("1–200 characters.")] string? Title,
    [property: Description("What is needed, in Chinese and/or English; up to 2,000 characters.")] string? Description,
    [property: Description("HS 2022 codes (2, 4 or 6 digits).")] IReadOnlyList<string>? NeedHs,
    [property: Description("Chain stages as chain/stage.")] IReadOnlyList<string>? NeedStages,
    [property: Description("ISO3 codes of countries whose suppliers are not wanted (e.g. for a second source elsewhere).")] IReadOnlyList<string>? AvoidCountries);

public sealed record SessionInput(DateTimeOffset? StartsAt, [property: Description("15–240.")] int? Minutes, string? VenueZh, string? VenueEn);

public sealed record NeedSupplierDto(Guid OrganisationId, string NameZh, string NameEn, string? CountryIso3, double Score);

public sealed record SessionDto(DateTimeOffset StartsAt, int Minutes, string? VenueZh, string? VenueEn);

public sealed record NeedDto(
    Guid Id, Guid EditionId, CounterpartDto Buyer, string Title, string Description, IReadOnlyList<string> NeedHs, IReadOnlyList<string> NeedStages,
    IReadOnlyList<string> AvoidCountries, NeedStatus Status, DateTimeOffset CreatedAt, IReadOnlyList<NeedSupplierDto> Suppliers, SessionDto? Session,
    [property: Description("True for the buyer's own members.")] bool Mine);

/// <summary>
/// Supply-demand sessions (供需对接会): a buyer posts a procurement need, the engine shortlists suppliers, the buyer
/// chooses, the organiser confirms a session with the chosen ones. A need is seen by its buyer and the organisers,
/// and by the invited suppliers once the session is confirmed.
/// </summary>
public sealed class SupplyDemandSessions(LianboDbContext db, AuditLog audit, Matchmaker matchmaker, TimeProvider clock)
{
    public const int MaxTitle = 200;
    public const int MaxDescription = 2000;
    public const int MaxSuppliers = 10;
    public const int MaxVenue = 200;

    public async Task<Outcome<NeedDto>> PostAsync(Viewer viewer, Guid edition, NeedInput input, CancellationToken ct = default)
    {
        if (viewer.OrganisationId is not { } buyer)
        {
            return Outcome<NeedDto>.Forbidden(Messages.Format("MeetingNeedsOrganisation"));
        }

        if (!await db.Editions.AnyAsync(e => e.Id == edition, ct))
        {
            return Outcome<NeedDto>.NotFound(Messages.Format("EditionNotFound"));
        }

        var errors = new FieldErrors();
        var title = (input.Title ?? "").Trim();
        var description = (input.Description ?? "").Trim();
        if (title.Length == 0)
        {
            errors.Add("title", Messages.Format("Required", Messages.Field("title")));
        }

        InputRules.Limit(errors, "title", title, MaxTitle);
        InputRules.Limit(errors, "description", description, MaxDescription);
        var hs = await MatchProfiles.CheckHsAsync(db, errors, "needHs", input.NeedHs ?? [], ct);
        var stages = await MatchProfiles.CheckStagesAsync(db, errors, "needStages", input.NeedStages ?? [], ct);
        var avoid = await MatchProfiles.CheckCountriesAsync(db, errors, "avoidCountries", input.AvoidCountries ?? [], ct);
        if (hs.Count == 0 && stages.Count == 0 && description.Length == 0)
        {
            errors.Add("needHs", Messages.Format("NeedNothing"));
        }

        if (errors.Any)
        {
            return Outcome<NeedDto>.Invalid(errors.ToDictionary());
        }

        var now = clock.GetUtcNow();
        var need = new ProcurementNeed
        {
            Id = Guid.NewGuid(), EditionId = edition, BuyerOrganisationId = buyer, CreatedByUserId = viewer.UserId, Title = title, Description = description,
            NeedHs = string.Join(',', hs), NeedStages = string.Join(',', stages), AvoidCountries = string.Join(',', avoid), Status = NeedStatus.Open,
            CreatedAt = now, UpdatedAt = now,
        };
        db.ProcurementNeeds.Add(need);
        audit.Record(viewer, "need.post", nameof(ProcurementNeed), need.Id.ToString(), after: new { need.Title, need.NeedHs, need.NeedStages, need.AvoidCountries });
        await db.SaveChangesAsync(ct);
        return Outcome<NeedDto>.Ok((await DescribeAsync(viewer, [need.Id], ct)).Single());
    }

    /// <summary>An edition's needs as the viewer may see them: organisers all; a participant its own and the confirmed sessions it is invited to.</summary>
    public async Task<Outcome<List<NeedDto>>> ListAsync(Viewer viewer, Guid edition, CancellationToken ct = default)
    {
        if (!await db.Editions.AnyAsync(e => e.Id == edition, ct))
        {
            return Outcome<List<NeedDto>>.NotFound(Messages.Format("EditionNotFound"));
        }

        var ids = await Visible(viewer, edition).Select(n => n.Id).ToListAsync(ct);
        return Outcome<List<NeedDto>>.Ok(await DescribeAsync(viewer, ids, ct));
    }

    /// <summary>A page of <see cref="ListAsync(Viewer, Guid, CancellationToken)"/>, in its order (the latest change first).</summary>
    public async Task<Outcome<Page<NeedDto>>> ListAsync(Viewer viewer, Guid edition, int page, int pageSize, CancellationToken ct = default)
    {
        if (!await db.Editions.AnyAsync(e => e.Id == edition, ct))
        {
            return Outcome<Page<NeedDto>>.NotFound(Messages.Format("EditionNotFound"));
        }

        var ids = await Visible(viewer, edition).OrderByDescending(n => n.UpdatedAt).ThenBy(n => n.Id).Select(n => n.Id).ToPageAsync(page, pageSize, ct);
        return Outcome<Page<NeedDto>>.Ok(new Page<NeedDto>(await DescribeAsync(viewer, [.. ids.Items], ct), ids.Total, page, pageSize));
    }

    // The edition's needs the viewer may see: organisers all; a participant its own and the confirmed sessions it is invited to.
    private IQueryable<ProcurementNeed> Visible(Viewer viewer, Guid edition)
    {
        var org = viewer.OrganisationId;
        return db.ProcurementNeeds.AsNoTracking().Where(n => n.EditionId == edition)
            .Where(n => viewer.IsOrganiser || n.BuyerOrganisationId == org
                || (n.Status == NeedStatus.Confirmed && n.Suppliers.Any(s => s.OrganisationId == org)));
    }

    /// <summary>The engine's suppliers for a need, with their reasons: for the buyer and organisers.</summary>
    public async Task<Outcome<List<RecommendationDto>>> ShortlistAsync(Viewer viewer, Guid id, int limit, CancellationToken ct = default)
    {
        var need = await VisibleAsync(viewer, id, ct);
        if (need is null)
        {
            return Outcome<List<RecommendationDto>>.NotFound(Messages.Format("NeedNotFound"));
        }

        return Outcome<List<RecommendationDto>>.Ok(await ShortlistAsync(need, limit, ct));
    }

    /// <summary>The buyer chooses the suppliers it wants to meet (1–10), from the shortlist or not.</summary>
    public async Task<Outcome<NeedDto>> ChooseAsync(Viewer viewer, Guid id, IReadOnlyList<Guid>? suppliers, CancellationToken ct = default)
    {
        var need = await VisibleAsync(viewer, id, ct, tracked: true);
        if (need is null)
        {
            return Outcome<NeedDto>.NotFound(Messages.Format("NeedNotFound"));
        }

        if (!viewer.BelongsTo(need.BuyerOrganisationId))
        {
            return Outcome<NeedDto>.Forbidden(Messages.Format("NeedBuyerChooses"));
        }

        if (need.Status is not (NeedStatus.Open or NeedStatus.Chosen))
        {
            return Outcome<NeedDto>.Conflict(Messages.Format("NeedNotOpen", StatusName(need.Status)));
        }

        var chosen = (suppliers ?? []).Distinct().ToList();
        var errors = new FieldErrors();
        if (chosen.Count is < 1 or > MaxSuppliers)
        {
            errors.Add("suppliers", Messages.Format("NeedSuppliersCount", MaxSuppliers));
        }

        var avoid = Matchmaker.Split(need.AvoidCountries);
        // A supplier the buyer may not be shown is as unknown as one that does not exist.
        var orgs = await Organisations.Shown(db).AsNoTracking().Where(o => chosen.Contains(o.Id)).ToDictionaryAsync(o => o.Id, ct);
        foreach (var supplier in chosen)
        {
            if (!orgs.TryGetValue(supplier, out var org) || supplier == need.BuyerOrganisationId)
            {
                errors.Add("suppliers", Messages.Format("NeedSupplierUnknown", supplier));
            }
            else if (org.CountryIso3 is { } country && avoid.Contains(country))
            {
                errors.Add("suppliers", Messages.Format("NeedSupplierAvoided", org.NameEn, country));
            }
        }

        if (errors.Any)
        {
            return Outcome<NeedDto>.Invalid(errors.ToDictionary());
        }

        var scores = (await ShortlistAsync(need, 50, ct)).ToDictionary(r => r.OrganisationId, r => r.Score);
        db.NeedSuppliers.RemoveRange(need.Suppliers);
        need.Suppliers = [.. chosen.Select(s => new NeedSupplier { NeedId = need.Id, OrganisationId = s, Score = scores.GetValueOrDefault(s) })];
        need.Status = NeedStatus.Chosen;
        need.UpdatedAt = clock.GetUtcNow();
        audit.Record(viewer, "need.choose", nameof(ProcurementNeed), need.Id.ToString(), after: new { suppliers = chosen });
        await db.SaveChangesAsync(ct);
        return Outcome<NeedDto>.Ok((await DescribeAsync(viewer, [need.Id], ct)).Single());
    }

    /// <summary>The organiser confirms a session with the chosen suppliers; the buyer and each supplier are told, and may see each other's contact details.</summary>
    public async Task<Outcome<NeedDto>> ConfirmAsync(Viewer viewer, Guid id, SessionInput input, CancellationToken ct = default)
    {
        if (!viewer.IsOrganiser)
        {
            return Outcome<NeedDto>.Forbidden(Messages.Format("NeedOrganisersConfirm"));
        }

        var need = await db.ProcurementNeeds.Include(n => n.Suppliers).FirstOrDefaultAsync(n => n.Id == id, ct);
        if (need is null)
        {
            return Outcome<NeedDto>.NotFound(Messages.Format("NeedNotFound"));
        }

        if (need.Status != NeedStatus.Chosen)
        {
            return Outcome<NeedDto>.Conflict(Messages.Format("NeedNotChosen", StatusName(need.Status)));
        }

        var errors = new FieldErrors();
        if (input.StartsAt is null)
        {
            errors.Add("startsAt", Messages.Format("Required", Messages.Field("startsAt")));
        }

        if (input.Minutes is not { } minutes || minutes is < 15 or > MeetingRequests.MaxMinutes)
        {
            errors.Add("minutes", Messages.Format("OutOfRange", Messages.Field("minutes"), 15, MeetingRequests.MaxMinutes));
        }

        InputRules.Limit(errors, "venueZh", input.VenueZh, MaxVenue);
        InputRules.Limit(errors, "venueEn", input.VenueEn, MaxVenue);
        if (errors.Any)
        {
            return Outcome<NeedDto>.Invalid(errors.ToDictionary());
        }

        var now = clock.GetUtcNow();
        need.Status = NeedStatus.Confirmed;
        need.SessionStartsAt = input.StartsAt!.Value.ToUniversalTime();
        need.SessionMinutes = input.Minutes;
        need.VenueZh = Blank(input.VenueZh);
        need.VenueEn = Blank(input.VenueEn);
        need.UpdatedAt = now;
        Notify(need.BuyerOrganisationId, NoticeKind.SessionConfirmed, need, now);
        foreach (var supplier in need.Suppliers)
        {
            Notify(supplier.OrganisationId, NoticeKind.SessionInvited, need, now);
            await Organisations.AddGrantAsync(db, need.BuyerOrganisationId, supplier.OrganisationId, $"session {need.Id}", now, ct);
        }

        audit.Record(viewer, "need.confirm", nameof(ProcurementNeed), need.Id.ToString(), after: new { need.SessionStartsAt, need.SessionMinutes, suppliers = need.Suppliers.Count });
        await db.SaveChangesAsync(ct);
        return Outcome<NeedDto>.Ok((await DescribeAsync(viewer, [need.Id], ct)).Single());
    }

    /// <summary>The buyer or an organiser closes a need (fulfilled or withdrawn).</summary>
    public async Task<Outcome<NeedDto>> CloseAsync(Viewer viewer, Guid id, CancellationToken ct = default)
    {
        var need = await VisibleAsync(viewer, id, ct, tracked: true);
        if (need is null)
        {
            return Outcome<NeedDto>.NotFound(Messages.Format("NeedNotFound"));
        }

        if (!viewer.IsOrganiser && !viewer.BelongsTo(need.BuyerOrganisationId))
        {
            return Outcome<NeedDto>.Forbidden(Messages.Format("NeedBuyerChooses"));
        }

        need.Status = NeedStatus.Closed;
        need.UpdatedAt = clock.GetUtcNow();
        audit.Record(viewer, "need.close", nameof(ProcurementNeed), need.Id.ToString());
        await db.SaveChangesAsync(ct);
        return Outcome<NeedDto>.Ok((await DescribeAsync(viewer, [need.Id], ct)).Single());
    }

    // The buyer's members and organisers see a need; invited suppliers once it is confirmed; to anyone else it does not exist.
    private async Task<ProcurementNeed?> VisibleAsync(Viewer viewer, Guid id, CancellationToken ct, bool tracked = false)
    {
        var query = db.ProcurementNeeds.Include(n => n.Suppliers).Where(n => n.Id == id);
        var need = await (tracked ? query : query.AsNoTracking()).FirstOrDefaultAsync(ct);
        return need is not null && (viewer.IsOrganiser || viewer.BelongsTo(need.BuyerOrganisationId)) ? need : null;
    }

    private Task<List<RecommendationDto>> ShortlistAsync(ProcurementNeed need, int limit, CancellationToken ct) =>
        matchmaker.ShortlistAsync(db, need.BuyerOrganisationId, Matchmaker.Split(need.NeedHs),
            [.. Matchmaker.Split(need.NeedStages).Select(s => s.Split('/')).Where(s => s.Length == 2).Select(s => new StageKey(s[0], s[1]))],
            $"{need.Title} {need.Description}", Matchmaker.Split(need.AvoidCountries), limit, ct);

    private void Notify(Guid organisation, NoticeKind kind, ProcurementNeed need, DateTimeOffset now) =>
        db.Notices.Add(new Notice
        {
            OrganisationId = organisation, Kind = kind, NeedId = need.Id, OtherOrganisationId = need.BuyerOrganisationId, When = need.SessionStartsAt,
            Subject = need.Title, CreatedAt = now,
        });

    private async Task<List<NeedDto>> DescribeAsync(Viewer viewer, IReadOnlyList<Guid> ids, CancellationToken ct)
    {
        var needs = await db.ProcurementNeeds.AsNoTracking().Include(n => n.Suppliers).Where(n => ids.Contains(n.Id)).OrderByDescending(n => n.UpdatedAt).ThenBy(n => n.Id).ToListAsync(ct);
        var orgIds = needs.SelectMany(n => n.Suppliers.Select(s => s.OrganisationId).Append(n.BuyerOrganisationId)).Distinct().ToList();
        var orgs = await db.Organisations.AsNoTracking().Where(o => orgIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, ct);
        return [.. needs.Select(n =>
        {
            var buyer = orgs[n.BuyerOrganisationId];
            return new NeedDto(
                n.Id, n.EditionId, new CounterpartDto(buyer.Id, buyer.NameZh, buyer.NameEn, buyer.CountryIso3), n.Title, n.Description,
                Matchmaker.Split(n.NeedHs), Matchmaker.Split(n.NeedStages), Matchmaker.Split(n.AvoidCountries), n.Status, n.CreatedAt,
                [.. n.Suppliers.OrderByDescending(s => s.Score).Select(s => (Org: orgs[s.OrganisationId], s.Score))
                    .Select(s => new NeedSupplierDto(s.Org.Id, s.Org.NameZh, s.Org.NameEn, s.Org.CountryIso3, s.Score))],
                n.SessionStartsAt is { } at ? new SessionDto(at, n.SessionMinutes ?? 0, n.VenueZh, n.VenueEn) : null,
                viewer.BelongsTo(n.BuyerOrganisationId));
        })];
    }

    private static string StatusName(NeedStatus status) => Messages.Format("NeedStatus" + status);

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
