using System.Globalization;
using Lianbo.Core.Accounts;
using Lianbo.Core.Chains;
using Lianbo.Core.Data;
using Lianbo.Core.Reference;
using Microsoft.EntityFrameworkCore;

namespace Lianbo.Core.Matchmaking;

/// <summary>
/// A search of the participant directory. <see cref="Search"/> matches either name; <see cref="Product"/> an HS code
/// (an organisation offering the code, a narrower one or the heading or chapter holding it) or words of an HS name in
/// either language; <see cref="Stage"/> is chain/stage; <see cref="Marked"/> keeps only the caller's saved or
/// refused organisations.
/// </summary>
public sealed record ParticipantFilter(
    string? Search = null, string? Product = null, string? Stage = null, string? Country = null, OrganisationType? Type = null, MarkKind? Marked = null);

public sealed record NamedCode(string Code, string Name);

/// <summary>An organisation as a card of the directory shows it: never its contact details; the caller's own mark.</summary>
public sealed record ParticipantDto(
    Guid Id, string NameEn, string NameZh, string? CountryIso3, string? CountryName, OrganisationType Type, string? Website,
    IReadOnlyList<NamedCode> Products, IReadOnlyList<NamedCode> Stages, MarkKind? Mark,
    string? DescriptionEn, string? DescriptionZh, string? LogoUrl);

/// <summary>What the directory's filters offer: only countries and stages some listed organisation has.</summary>
public sealed record ParticipantFacets(IReadOnlyList<NamedCode> Countries, IReadOnlyList<NamedCode> Stages);

public sealed record MarkDto(Guid OrganisationId, MarkKind Kind, DateTimeOffset MarkedAt);

/// <summary>
/// The participant directory for signed-in users, and each user's private marks on its organisations ("saved", "not
/// interested"). Only organisations shown to participants (<see cref="Organisations.Shown"/>) appear or may be marked;
/// the caller's own organisation is left out. "Not interested" is a refusal the recommender honours for the user's
/// organisation (<see cref="Matchmaker"/> loads it into the profile's exclusions).
/// </summary>
public sealed class Participants(LianboDbContext db, Matchmaker matchmaker, TimeProvider clock)
{
    public const int MaxPageSize = 100;
    public const int MaxSearch = 200;

    public async Task<Outcome<Page<ParticipantDto>>> SearchAsync(Viewer viewer, ParticipantFilter filter, int page, int pageSize, CancellationToken ct = default)
    {
        var errors = new FieldErrors();
        if (page < 1)
        {
            errors.Add("page", Messages.Format("OutOfRange", "page", 1, int.MaxValue));
        }

        if (pageSize is < 1 or > MaxPageSize)
        {
            errors.Add("pageSize", Messages.Format("OutOfRange", "pageSize", 1, MaxPageSize));
        }

        foreach (var (field, text) in new[] { ("search", filter.Search), ("product", filter.Product) })
        {
            InputRules.Limit(errors, field, text, MaxSearch);
        }

        if (Blank(filter.Stage) is { } stage && stage.Split('/') is not [{ Length: > 0 }, { Length: > 0 }])
        {
            errors.Add("stage", Messages.Format("MatchUnknownStage", stage));
        }

        if (errors.Any)
        {
            return Outcome<Page<ParticipantDto>>.Invalid(errors.ToDictionary());
        }

        var query = Visible(viewer);
        if (Blank(filter.Search) is { } search)
        {
            var lower = search.ToLowerInvariant();
            query = query.Where(o => o.NameEn.ToLower().Contains(lower) || o.NameZh.Contains(search));
        }

        if (Blank(filter.Product) is { } product)
        {
            query = query.Where(ProductMatches(product));
        }

        if (Blank(filter.Stage) is { } wanted)
        {
            var parts = wanted.Split('/');
            var (chain, stageId) = (parts[0], parts[1]);
            query = query.Where(o => db.OrganisationStages.Any(s => s.OrganisationId == o.Id && s.ChainId == chain && s.StageId == stageId));
        }

        if (Blank(filter.Country)?.ToUpperInvariant() is { } country)
        {
            query = query.Where(o => o.CountryIso3 == country);
        }

        if (filter.Type is { } type)
        {
            query = query.Where(o => o.Type == type);
        }

        var marks = db.Set<OrganisationMark>().Where(m => m.UserId == viewer.UserId);
        if (filter.Marked is { } kind)
        {
            query = query.Where(o => marks.Any(m => m.OrganisationId == o.Id && m.Kind == kind));
        }

        var total = await query.CountAsync(ct);
        // By the English name in both languages: the same order on both providers (neither sorts Chinese by pinyin).
        var orgs = await query.OrderBy(o => o.NameEn).ThenBy(o => o.Id).Skip((page - 1) * pageSize).Take(pageSize).AsNoTracking().ToListAsync(ct);
        return Outcome<Page<ParticipantDto>>.Ok(new Page<ParticipantDto>(await DescribeAsync(viewer, orgs, ct), total, page, pageSize));
    }

    /// <summary>One organisation of the directory, for its page; "not found" for one the viewer may not find.</summary>
    public async Task<Outcome<ParticipantDto>> GetAsync(Viewer viewer, Guid organisation, CancellationToken ct = default)
    {
        var org = await Organisations.Shown(db).AsNoTracking().FirstOrDefaultAsync(o => o.Id == organisation, ct);
        return org is null
            ? Outcome<ParticipantDto>.NotFound(Messages.Format("OrganisationNotFound"))
            : Outcome<ParticipantDto>.Ok((await DescribeAsync(viewer, [org], ct))[0]);
    }

    /// <summary>The countries and chain stages of the organisations the viewer may find, named in the current language.</summary>
    public async Task<ParticipantFacets> FacetsAsync(Viewer viewer, CancellationToken ct = default)
    {
        var visible = Visible(viewer);
        var zh = CultureInfo.CurrentUICulture.IsChinese();
        var countries = await db.Countries.AsNoTracking().Where(c => visible.Any(o => o.CountryIso3 == c.Iso3))
            .Select(c => new NamedCode(c.Iso3, zh ? c.NameZh : c.NameEn)).ToListAsync(ct);
        var stages = await (from s in db.Set<ChainStage>()
                            join c in db.Chains on s.ChainId equals c.Id
                            where db.OrganisationStages.Any(x => x.ChainId == s.ChainId && x.StageId == s.StageId && visible.Any(o => o.Id == x.OrganisationId))
                            orderby c.Id, s.SortOrder
                            select new { s.ChainId, s.StageId, Chain = zh ? c.NameZh : c.NameEn, Stage = zh ? s.NameZh : s.NameEn }).ToListAsync(ct);
        var culture = CultureInfo.CurrentUICulture;
        return new ParticipantFacets(
            [.. countries.OrderBy(c => c.Name, StringComparer.Create(culture, ignoreCase: true))],
            [.. stages.Select(s => new NamedCode($"{s.ChainId}/{s.StageId}", $"{s.Chain} · {s.Stage}"))]);
    }

    /// <summary>Marks an organisation the caller may find as saved or not interested, replacing any mark it had.</summary>
    public async Task<Outcome<MarkDto>> MarkAsync(Viewer viewer, Guid organisation, MarkKind kind, CancellationToken ct = default)
    {
        if (!Enum.IsDefined(kind))
        {
            return Outcome<MarkDto>.Invalid("kind", Messages.Format("MarkUnknownKind", kind));
        }

        if (viewer.BelongsTo(organisation))
        {
            return Outcome<MarkDto>.Invalid("organisation", Messages.Format("MarkOwnOrganisation"));
        }

        if (!await Visible(viewer).AnyAsync(o => o.Id == organisation, ct))
        {
            return Outcome<MarkDto>.NotFound(Messages.Format("OrganisationNotFound"));
        }

        var mark = await db.Set<OrganisationMark>().FirstOrDefaultAsync(m => m.UserId == viewer.UserId && m.OrganisationId == organisation, ct);
        if (mark is null)
        {
            mark = new OrganisationMark { UserId = viewer.UserId, OrganisationId = organisation };
            db.Set<OrganisationMark>().Add(mark);
        }

        var refusalChanged = mark.Kind != kind || db.Entry(mark).State == EntityState.Added;
        mark.Kind = kind;
        mark.MarkedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        if (refusalChanged)
        {
            await RefreshAsync(viewer, ct);
        }

        return Outcome<MarkDto>.Ok(new MarkDto(organisation, mark.Kind, mark.MarkedAt));
    }

    /// <summary>Undo: removes the caller's mark on the organisation, whichever it was.</summary>
    public async Task<Outcome<MarkDto>> UnmarkAsync(Viewer viewer, Guid organisation, CancellationToken ct = default)
    {
        var mark = await db.Set<OrganisationMark>().FirstOrDefaultAsync(m => m.UserId == viewer.UserId && m.OrganisationId == organisation, ct);
        if (mark is null)
        {
            return Outcome<MarkDto>.NotFound(Messages.Format("MarkNotFound"));
        }

        db.Set<OrganisationMark>().Remove(mark);
        await db.SaveChangesAsync(ct);
        await RefreshAsync(viewer, ct);
        return Outcome<MarkDto>.Ok(new MarkDto(organisation, mark.Kind, mark.MarkedAt));
    }

    /// <summary>The caller's marks on the given organisations.</summary>
    public async Task<Dictionary<Guid, MarkKind>> MarksAsync(Viewer viewer, IReadOnlyCollection<Guid> organisations, CancellationToken ct = default) =>
        await db.Set<OrganisationMark>().AsNoTracking().Where(m => m.UserId == viewer.UserId && organisations.Contains(m.OrganisationId))
            .ToDictionaryAsync(m => m.OrganisationId, m => m.Kind, ct);

    /// <summary>Whether the viewer has any organisation's match profile to be recommended from (else the page says to fill it).</summary>
    public Task<bool> HasProfileAsync(Viewer viewer, CancellationToken ct = default) =>
        viewer.OrganisationId is { } id ? db.MatchProfiles.AnyAsync(p => p.OrganisationId == id, ct) : Task.FromResult(false);

    // Organisations shown to participants, less the caller's own.
    private IQueryable<Organisation> Visible(Viewer viewer) =>
        Organisations.Shown(db).Where(o => viewer.OrganisationId == null || o.Id != viewer.OrganisationId);

    // Digits: an HS code, matched by the organisation's code, a narrower one, or the heading or chapter holding it
    // (who offers heading 8507 may well supply 850760). Words: the HS names, in English or Chinese, of those codes.
    private System.Linq.Expressions.Expression<Func<Organisation, bool>> ProductMatches(string product)
    {
        if (product.All(char.IsAsciiDigit))
        {
            List<string> broader = [.. new[] { 2, 4 }.Where(n => product.Length > n).Select(n => product[..n]), product];
            return o => db.OrganisationProducts.Any(p => p.OrganisationId == o.Id && (broader.Contains(p.Hs) || p.Hs.StartsWith(product)));
        }

        var lower = product.ToLowerInvariant();
        var names = db.HsCodes.Where(h => h.Revision == HsRevision.Hs2022 && (h.DescriptionEn.ToLower().Contains(lower) || (h.DescriptionZh != null && h.DescriptionZh.Contains(product))));
        return o => db.OrganisationProducts.Any(p => p.OrganisationId == o.Id
            && names.Any(h => h.Code == p.Hs || h.Code == p.Hs.Substring(0, 4) || h.Code == p.Hs.Substring(0, 2)));
    }

    private async Task<List<ParticipantDto>> DescribeAsync(Viewer viewer, List<Organisation> orgs, CancellationToken ct)
    {
        var ids = orgs.Select(o => o.Id).ToList();
        var culture = CultureInfo.CurrentUICulture;
        var zh = culture.IsChinese();
        var products = (await db.OrganisationProducts.AsNoTracking().Where(p => ids.Contains(p.OrganisationId)).ToListAsync(ct)).ToLookup(p => p.OrganisationId, p => p.Hs);
        var codes = products.SelectMany(p => p).Distinct().ToList();
        var hs = await db.HsCodes.AsNoTracking().Where(h => h.Revision == HsRevision.Hs2022 && codes.Contains(h.Code))
            .ToDictionaryAsync(h => h.Code, h => ReferenceMappings.HsName(h.DescriptionEn, h.DescriptionZh, culture), ct);
        var stages = (await (from x in db.OrganisationStages
                             join s in db.Set<ChainStage>() on new { x.ChainId, x.StageId } equals new { s.ChainId, s.StageId }
                             join c in db.Chains on s.ChainId equals c.Id
                             where ids.Contains(x.OrganisationId)
                             select new { x.OrganisationId, x.ChainId, x.StageId, Chain = zh ? c.NameZh : c.NameEn, Stage = zh ? s.NameZh : s.NameEn }).ToListAsync(ct))
            .ToLookup(s => s.OrganisationId);
        var isoCodes = orgs.Select(o => o.CountryIso3).OfType<string>().Distinct().ToList();
        var countries = await db.Countries.AsNoTracking().Where(c => isoCodes.Contains(c.Iso3)).ToDictionaryAsync(c => c.Iso3, c => zh ? c.NameZh : c.NameEn, ct);
        var marks = await MarksAsync(viewer, ids, ct);
        return [.. orgs.Select(o => new ParticipantDto(
            o.Id, o.NameEn, o.NameZh, o.CountryIso3, o.CountryIso3 is { } iso ? countries.GetValueOrDefault(iso) : null, o.Type, o.Website,
            [.. products[o.Id].Order(StringComparer.Ordinal).Select(code => new NamedCode(code, hs.GetValueOrDefault(code) ?? ""))],
            [.. stages[o.Id].Select(s => new NamedCode($"{s.ChainId}/{s.StageId}", $"{s.Chain} · {s.Stage}"))],
            marks.TryGetValue(o.Id, out var mark) ? mark : null,
            o.DescriptionEn, o.DescriptionZh, Accounts.OrganisationLogos.Url(o)))];
    }

    // A refusal changes what the viewer's organisation is recommended, and (both ways) who it is recommended to.
    private async Task RefreshAsync(Viewer viewer, CancellationToken ct)
    {
        if (viewer.OrganisationId is { } own)
        {
            await matchmaker.RefreshAsync(db, own, ct);
        }
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
