using Lianbo.Core.Accounts;
using Microsoft.EntityFrameworkCore;


namespace Lianbo.Core.Expo;

// An edition's set-up: zones, halls, booths and their assignment, exhibitors.
public sealed partial class ExpoCommands
{
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
}
