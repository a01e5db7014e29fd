using System.ComponentModel;
using Lianbo.Core.Accounts;
using Lianbo.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Lianbo.Core.Expo;

public sealed record EditionSummaryDto(
    Guid Id, int Number, string NameZh, string NameEn, string ThemeZh, string ThemeEn, DateOnly StartsOn, DateOnly EndsOn,
    string CityZh, string CityEn,
    [property: Description("Generated demo data (removed by `lianbo demo remove`).")] bool IsDemo,
    int Exhibitors);

public sealed record NamedRef(Guid Id, string NameZh, string NameEn);

public sealed record ZoneDto(Guid Id, string Code, string? ChainId, string NameZh, string NameEn, double AreaM2, int Exhibitors, int Booths);

public sealed record HallDto(Guid Id, string Code, string NameZh, string NameEn, int Booths);

public sealed record EditionDto(
    EditionSummaryDto Summary, string VenueZh, string VenueEn, double FloorAreaM2,
    string? GuestCountryIso3, string? GuestProvinceZh, string? GuestProvinceEn,
    IReadOnlyList<NamedRef> Supporters, IReadOnlyList<ZoneDto> Zones, IReadOnlyList<HallDto> Halls);

/// <summary>The public exhibitor directory's filters; all optional.</summary>
public sealed record ExhibitorFilter(
    string? Search = null, string? Chain = null, string? Country = null, int? Region = null, SizeClass? Size = null, bool? Launches = null);

public sealed record ExhibitorListItemDto(
    Guid Id, Guid OrganisationId, string NameZh, string NameEn, string? CountryIso3, string? CountryZh, string? CountryEn,
    OrganisationType Type, SizeClass Size, bool IsFortuneGlobal500, bool IsIndustryLeader,
    string ZoneCode, string? ChainId, string ZoneZh, string ZoneEn, IReadOnlyList<string> Booths, int Launches);

public sealed record BoothDto(string Code, string HallCode, double SizeM2);

public sealed record LaunchDto(Guid Id, LaunchKind Kind, string TitleZh, string TitleEn);

public sealed record StageRef(string ChainId, string StageId, string ChainZh, string ChainEn, string StageZh, string StageEn);

public sealed record ProductRef(string Hs, string? DescriptionEn, string? DescriptionZh = null)
{
    /// <summary>The product's name in the given UI language (null for a code HS 2022 does not have).</summary>
    public string? Name(System.Globalization.CultureInfo culture) =>
        DescriptionEn is null ? null : Reference.ReferenceMappings.HsName(DescriptionEn, DescriptionZh, culture);
}

public sealed record JointExhibitStepDto(int Position, Guid OrganisationId, string NameZh, string NameEn, string? CountryIso3, string StageId, string StageZh, string StageEn);

public sealed record JointExhibitDto(Guid Id, string ChainId, string NameZh, string NameEn, IReadOnlyList<JointExhibitStepDto> Path);

/// <summary>An exhibitor's public page: no contact details (those follow an accepted meeting); the description and logo its admin gave.</summary>
public sealed record ExhibitorDto(
    ExhibitorListItemDto Exhibitor, int EditionNumber, string? Website, IReadOnlyList<BoothDto> Booths, IReadOnlyList<LaunchDto> Launches,
    IReadOnlyList<StageRef> Stages, IReadOnlyList<ProductRef> Products, IReadOnlyList<JointExhibitDto> JointExhibits, IReadOnlyList<NamedRef> Partners,
    string? DescriptionEn, string? DescriptionZh, string? LogoUrl);

/// <summary>
/// The public side of the expo: editions, the exhibitor directory and exhibitor pages. An exhibitor list is
/// public by nature (the expo publishes its catalogue); contact details never appear here.
/// </summary>
public sealed class ExpoQueries(LianboDbContext db)
{
    public async Task<List<EditionSummaryDto>> EditionsAsync(CancellationToken ct = default) =>
        await db.Editions.AsNoTracking().OrderByDescending(e => e.Number)
            .Select(e => new EditionSummaryDto(e.Id, e.Number, e.NameZh, e.NameEn, e.ThemeZh, e.ThemeEn, e.StartsOn, e.EndsOn, e.CityZh, e.CityEn, e.IsDemo,
                db.Exhibitors.Count(x => x.EditionId == e.Id)))
            .ToListAsync(ct);

    public async Task<Guid?> EditionIdAsync(int number, CancellationToken ct = default) =>
        await db.Editions.Where(e => e.Number == number).Select(e => (Guid?)e.Id).FirstOrDefaultAsync(ct);

    public async Task<EditionDto?> EditionAsync(Guid id, CancellationToken ct = default)
    {
        var edition = await db.Editions.AsNoTracking().Include(e => e.Supporters).FirstOrDefaultAsync(e => e.Id == id, ct);
        if (edition is null)
        {
            return null;
        }

        var summary = new EditionSummaryDto(edition.Id, edition.Number, edition.NameZh, edition.NameEn, edition.ThemeZh, edition.ThemeEn, edition.StartsOn, edition.EndsOn,
            edition.CityZh, edition.CityEn, edition.IsDemo, await db.Exhibitors.CountAsync(x => x.EditionId == id, ct));
        var supporterIds = edition.Supporters.Select(s => s.OrganisationId).ToList();
        var supporters = await db.Organisations.Where(o => supporterIds.Contains(o.Id)).OrderBy(o => o.NameEn).Select(o => new NamedRef(o.Id, o.NameZh, o.NameEn)).ToListAsync(ct);
        var zones = await db.Zones.AsNoTracking().Where(z => z.EditionId == id).OrderBy(z => z.SortOrder).ThenBy(z => z.Code)
            .Select(z => new ZoneDto(z.Id, z.Code, z.ChainId, z.NameZh, z.NameEn, z.AreaM2, db.Exhibitors.Count(x => x.ZoneId == z.Id), db.Booths.Count(b => b.ZoneId == z.Id)))
            .ToListAsync(ct);
        var halls = await db.Halls.AsNoTracking().Where(h => h.EditionId == id).OrderBy(h => h.Code)
            .Select(h => new HallDto(h.Id, h.Code, h.NameZh, h.NameEn, db.Booths.Count(b => b.HallId == h.Id)))
            .ToListAsync(ct);
        return new EditionDto(summary, edition.VenueZh, edition.VenueEn, edition.FloorAreaM2, edition.GuestCountryIso3, edition.GuestProvinceZh, edition.GuestProvinceEn, supporters, zones, halls);
    }

    /// <summary>The countries (ISO3) of an edition's exhibitors: the directory's filters offer only these.</summary>
    public async Task<List<string>> ExhibitorCountriesAsync(Guid editionId, CancellationToken ct = default) =>
        await (from e in db.Exhibitors.AsNoTracking()
               join o in db.Organisations on e.OrganisationId equals o.Id
               where e.EditionId == editionId && o.CountryIso3 != null
               select o.CountryIso3!).Distinct().ToListAsync(ct);

    /// <summary>Search matches either name, a product's HS code (prefix) or description, or the zone's name.</summary>
    public async Task<Page<ExhibitorListItemDto>> ExhibitorsAsync(Guid editionId, ExhibitorFilter filter, int page, int pageSize, CancellationToken ct = default)
    {
        var query = from e in db.Exhibitors.AsNoTracking()
                    join o in db.Organisations on e.OrganisationId equals o.Id
                    join z in db.Zones on e.ZoneId equals z.Id
                    where e.EditionId == editionId
                    select new { e, o, z };
        if (filter.Chain is { Length: > 0 } chain)
        {
            query = query.Where(x => x.z.ChainId == chain || x.z.Code == chain);
        }

        if (filter.Country is { Length: > 0 } country)
        {
            var iso3 = country.Trim().ToUpperInvariant();
            query = query.Where(x => x.o.CountryIso3 == iso3);
        }

        if (filter.Region is { } region)
        {
            query = query.Where(x => db.Countries.Any(c => c.Iso3 == x.o.CountryIso3 && (c.RegionCode == region || c.SubRegionCode == region)));
        }

        if (filter.Size is { } size)
        {
            query = query.Where(x => x.o.Size == size);
        }

        if (filter.Launches is { } launches)
        {
            query = query.Where(x => db.Launches.Any(l => l.ExhibitorId == x.e.Id) == launches);
        }

        if (filter.Search?.Trim() is { Length: > 0 } search)
        {
            var term = search.ToLowerInvariant();
            query = query.Where(x =>
                x.o.NameEn.ToLower().Contains(term) || x.o.NameZh.Contains(search) ||
                x.z.NameEn.ToLower().Contains(term) || x.z.NameZh.Contains(search) ||
                db.OrganisationProducts.Any(p => p.OrganisationId == x.o.Id && (p.Hs.StartsWith(search) ||
                    db.HsCodes.Any(h => h.Revision == "HS2022" && h.Code == p.Hs && (h.DescriptionEn.ToLower().Contains(term) || (h.DescriptionZh != null && h.DescriptionZh.Contains(search)))))));
        }

        var total = await query.CountAsync(ct);
        var rows = await query
            .OrderBy(x => x.z.SortOrder).ThenBy(x => x.o.NameEn).ThenBy(x => x.e.Id)
            .Skip((page - 1) * pageSize).Take(pageSize)
            .Select(x => new { x.e.Id, Org = x.o, Zone = x.z })
            .ToListAsync(ct);
        var items = await ItemsAsync(rows.Select(r => (r.Id, r.Org, r.Zone)).ToList(), ct);
        return new Page<ExhibitorListItemDto>(items, total, page, pageSize);
    }

    public async Task<ExhibitorDto?> ExhibitorAsync(Guid exhibitorId, CancellationToken ct = default)
    {
        var row = await (from e in db.Exhibitors.AsNoTracking()
                         join o in db.Organisations.Include(o => o.Products).Include(o => o.Stages) on e.OrganisationId equals o.Id
                         join z in db.Zones on e.ZoneId equals z.Id
                         join ed in db.Editions on e.EditionId equals ed.Id
                         where e.Id == exhibitorId
                         select new { e, o, z, ed.Number }).AsSplitQuery().FirstOrDefaultAsync(ct);
        if (row is null)
        {
            return null;
        }

        var item = (await ItemsAsync([(row.e.Id, row.o, row.z)], ct))[0];
        var booths = await (from b in db.Booths join h in db.Halls on b.HallId equals h.Id where b.ExhibitorId == exhibitorId orderby b.Code select new BoothDto(b.Code, h.Code, b.SizeM2)).ToListAsync(ct);
        var launches = await db.Launches.Where(l => l.ExhibitorId == exhibitorId).OrderBy(l => l.TitleEn).Select(l => new LaunchDto(l.Id, l.Kind, l.TitleZh, l.TitleEn)).ToListAsync(ct);
        var stageKeys = row.o.Stages.Select(s => s.ChainId + "/" + s.StageId).ToList();
        var stages = await StagesAsync(row.o.Stages.Select(s => s.ChainId).Distinct().ToList(), ct);
        var codes = row.o.Products.Select(p => p.Hs).ToList();
        var descriptions = await db.HsCodes.Where(h => h.Revision == "HS2022" && codes.Contains(h.Code)).ToDictionaryAsync(h => h.Code, ct);
        var partnerIds = await db.ExhibitorPartners.Where(p => p.ExhibitorId == exhibitorId).Select(p => p.OrganisationId).ToListAsync(ct);
        var partners = await db.Organisations.Where(o => partnerIds.Contains(o.Id)).OrderBy(o => o.NameEn).Select(o => new NamedRef(o.Id, o.NameZh, o.NameEn)).ToListAsync(ct);
        var jointIds = await db.JointExhibits.Where(j => j.EditionId == row.e.EditionId && j.Members.Any(m => m.OrganisationId == row.o.Id)).Select(j => j.Id).ToListAsync(ct);
        return new ExhibitorDto(
            item,
            row.Number,
            row.o.Website,
            booths,
            launches,
            [.. stages.Where(s => stageKeys.Contains(s.ChainId + "/" + s.StageId))],
            [.. codes.Order(StringComparer.Ordinal).Select(c => new ProductRef(c, descriptions.GetValueOrDefault(c)?.DescriptionEn, descriptions.GetValueOrDefault(c)?.DescriptionZh))],
            await JointExhibitsAsync(j => jointIds.Contains(j.Id), ct),
            partners,
            row.o.DescriptionEn,
            row.o.DescriptionZh,
            Accounts.OrganisationLogos.Url(row.o));
    }

    /// <summary>Joint exhibits as paths through their chains, with each step's organisation and stage.</summary>
    public async Task<List<JointExhibitDto>> JointExhibitsAsync(System.Linq.Expressions.Expression<Func<JointExhibit, bool>> which, CancellationToken ct = default)
    {
        var exhibits = await db.JointExhibits.AsNoTracking().Include(j => j.Members).Where(which).OrderBy(j => j.NameEn).ToListAsync(ct);
        var orgIds = exhibits.SelectMany(j => j.Members).Select(m => m.OrganisationId).Distinct().ToList();
        var orgs = await db.Organisations.AsNoTracking().Where(o => orgIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, ct);
        var stages = (await StagesAsync(exhibits.Select(j => j.ChainId).Distinct().ToList(), ct)).ToDictionary(s => (s.ChainId, s.StageId));
        return [.. exhibits.Select(j => new JointExhibitDto(j.Id, j.ChainId, j.NameZh, j.NameEn, [.. j.Members.OrderBy(m => m.Position).Select(m =>
        {
            var org = orgs[m.OrganisationId];
            var stage = stages.GetValueOrDefault((j.ChainId, m.StageId));
            return new JointExhibitStepDto(m.Position, org.Id, org.NameZh, org.NameEn, org.CountryIso3, m.StageId, stage?.StageZh ?? m.StageId, stage?.StageEn ?? m.StageId);
        })]))];
    }

    private async Task<List<StageRef>> StagesAsync(List<string> chainIds, CancellationToken ct) =>
        await (from s in db.Set<Chains.ChainStage>()
               join c in db.Chains on s.ChainId equals c.Id
               where chainIds.Contains(s.ChainId)
               orderby c.Order, s.SortOrder
               select new StageRef(s.ChainId, s.StageId, c.NameZh, c.NameEn, s.NameZh, s.NameEn)).ToListAsync(ct);

    private async Task<List<ExhibitorListItemDto>> ItemsAsync(List<(Guid Id, Organisation Org, Zone Zone)> rows, CancellationToken ct)
    {
        var ids = rows.Select(r => r.Id).ToList();
        var isoCodes = rows.Select(r => r.Org.CountryIso3).OfType<string>().Distinct().ToList();
        var countries = await db.Countries.Where(c => isoCodes.Contains(c.Iso3)).ToDictionaryAsync(c => c.Iso3, c => (c.NameZh, c.NameEn), ct);
        var booths = (await db.Booths.Where(b => b.ExhibitorId != null && ids.Contains(b.ExhibitorId.Value)).Select(b => new { b.ExhibitorId, b.Code }).ToListAsync(ct))
            .ToLookup(b => b.ExhibitorId!.Value, b => b.Code);
        var launches = await db.Launches.Where(l => ids.Contains(l.ExhibitorId)).GroupBy(l => l.ExhibitorId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        return [.. rows.Select(r =>
        {
            var country = r.Org.CountryIso3 is { } iso ? countries.GetValueOrDefault(iso) : default;
            return new ExhibitorListItemDto(r.Id, r.Org.Id, r.Org.NameZh, r.Org.NameEn, r.Org.CountryIso3, country.NameZh, country.NameEn, r.Org.Type, r.Org.Size,
                r.Org.IsFortuneGlobal500, r.Org.IsIndustryLeader, r.Zone.Code, r.Zone.ChainId, r.Zone.NameZh, r.Zone.NameEn,
                [.. booths[r.Id].Order(StringComparer.Ordinal)], launches.GetValueOrDefault(r.Id));
        })];
    }
}
