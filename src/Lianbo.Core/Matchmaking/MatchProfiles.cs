using System.Globalization;
using System.Text.RegularExpressions;
using Lianbo.Core.Accounts;
using Lianbo.Core.Chains;
using Lianbo.Core.Data;
using Lianbo.Core.Reference;
using Lianbo.Matching;
using Microsoft.EntityFrameworkCore;

namespace Lianbo.Core.Matchmaking;

/// <summary>A match profile as read and written over the API and the profile form.</summary>
public sealed record MatchProfileDto(
    IReadOnlyList<string> NeedHs, IReadOnlyList<string> NeedStages, string OfferText, string NeedText,
    PartnerTypes Provides, PartnerTypes Seeks, IReadOnlyList<string> TargetCountries, IReadOnlyList<int> TargetRegions,
    IReadOnlyList<Guid> Excluded, bool AcceptsCompetitors);

/// <summary>Reading and saving an organisation's match profile: its members (admins to save) and organisers.</summary>
public sealed partial class MatchProfiles(LianboDbContext db, AuditLog audit, Matchmaker matchmaker, TimeProvider clock)
{
    public const int MaxText = 2000;

    public async Task<Outcome<MatchProfileDto>> GetAsync(Viewer viewer, Guid organisation, CancellationToken ct = default)
    {
        if (!viewer.BelongsTo(organisation) && !viewer.IsOrganiser)
        {
            return Outcome<MatchProfileDto>.Forbidden(Messages.Format("MatchOwnOnly"));
        }

        var profile = await db.MatchProfiles.AsNoTracking().FirstOrDefaultAsync(p => p.OrganisationId == organisation, ct);
        return Outcome<MatchProfileDto>.Ok(profile is null ? Empty : ToDto(profile));
    }

    public async Task<Outcome<MatchProfileDto>> SaveAsync(Viewer viewer, Guid organisation, MatchProfileDto input, CancellationToken ct = default)
    {
        if (!(viewer.BelongsTo(organisation) && viewer.IsOrganisationAdmin) && !viewer.IsOrganiser)
        {
            return Outcome<MatchProfileDto>.Forbidden(Messages.Format("MatchProfileAdminsOnly"));
        }

        if (!await db.Organisations.AnyAsync(o => o.Id == organisation, ct))
        {
            return Outcome<MatchProfileDto>.NotFound(Messages.Format("OrganisationNotFound"));
        }

        // A JSON body may leave lists out; they count as empty.
        input = input with
        {
            NeedHs = input.NeedHs ?? [], NeedStages = input.NeedStages ?? [], OfferText = input.OfferText ?? "", NeedText = input.NeedText ?? "",
            TargetCountries = input.TargetCountries ?? [], TargetRegions = input.TargetRegions ?? [], Excluded = input.Excluded ?? [],
        };
        var errors = new FieldErrors();
        var codes = await CheckHsAsync(db, errors, "needHs", input.NeedHs, ct);
        var stages = await CheckStagesAsync(db, errors, "needStages", input.NeedStages, ct);
        var countries = await CheckCountriesAsync(db, errors, "targetCountries", input.TargetCountries, ct);

        var regions = input.TargetRegions.Distinct().ToList();
        var knownRegions = (await db.Countries.Select(c => new { c.RegionCode, c.SubRegionCode }).ToListAsync(ct))
            .SelectMany(c => new[] { c.RegionCode, c.SubRegionCode }).OfType<int>().ToHashSet();
        foreach (var region in regions.Except(knownRegions))
        {
            errors.Add("targetRegions", Messages.Format("MatchUnknownRegion", region));
        }

        foreach (var (field, text) in new[] { ("offerText", input.OfferText), ("needText", input.NeedText) })
        {
            if (text.Length > MaxText)
            {
                errors.Add(field, Messages.Format("TooLong", Messages.Field(field), MaxText));
            }
        }

        if (errors.Any)
        {
            return Outcome<MatchProfileDto>.Invalid(errors.ToDictionary());
        }

        var profile = await db.MatchProfiles.FirstOrDefaultAsync(p => p.OrganisationId == organisation, ct);
        if (profile is null)
        {
            profile = new MatchProfile { OrganisationId = organisation };
            db.MatchProfiles.Add(profile);
        }

        profile.NeedHs = string.Join(',', codes);
        profile.NeedStages = string.Join(',', stages);
        profile.OfferText = input.OfferText.Trim();
        profile.NeedText = input.NeedText.Trim();
        profile.Provides = input.Provides;
        profile.Seeks = input.Seeks;
        profile.TargetCountries = string.Join(',', countries);
        profile.TargetRegions = string.Join(',', regions.Select(r => r.ToString(CultureInfo.InvariantCulture)));
        profile.Excluded = string.Join(',', input.Excluded.Distinct().Where(e => e != organisation));
        profile.AcceptsCompetitors = input.AcceptsCompetitors;
        profile.UpdatedAt = clock.GetUtcNow();
        audit.Record(viewer, "match-profile.save", nameof(MatchProfile), organisation.ToString(), after: new { profile.NeedHs, profile.NeedStages, profile.Seeks, profile.Provides });
        await db.SaveChangesAsync(ct);
        await matchmaker.RefreshAsync(db, organisation, ct);
        return Outcome<MatchProfileDto>.Ok(ToDto(profile));
    }

    private static readonly MatchProfileDto Empty = new([], [], "", "", PartnerTypes.None, PartnerTypes.None, [], [], [], false);

    private static MatchProfileDto ToDto(MatchProfile p) => new(
        Matchmaker.Split(p.NeedHs), Matchmaker.Split(p.NeedStages), p.OfferText, p.NeedText, p.Provides, p.Seeks,
        Matchmaker.Split(p.TargetCountries), [.. Matchmaker.Split(p.TargetRegions).Select(r => int.Parse(r, CultureInfo.InvariantCulture))],
        [.. Matchmaker.Split(p.Excluded).Select(Guid.Parse)], p.AcceptsCompetitors);

    // A JSON list may hold nulls whatever its type says: they count as the empty entries they are, and are dropped.

    /// <summary>HS 2022 codes of 2, 4 or 6 digits that exist, trimmed and without repeats; each other one is an error of <paramref name="field"/>.</summary>
    internal static async Task<List<string>> CheckHsAsync(LianboDbContext db, FieldErrors errors, string field, IEnumerable<string> input, CancellationToken ct)
    {
        var codes = input.Select(c => c?.Trim() ?? "").Where(c => c.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        var known = await db.HsCodes.Where(h => h.Revision == HsRevision.Hs2022 && codes.Contains(h.Code)).Select(h => h.Code).ToListAsync(ct);
        foreach (var code in codes.Where(c => !HsCode().IsMatch(c) || !known.Contains(c)))
        {
            errors.Add(field, Messages.Format("NotHsCode", code));
        }

        return codes;
    }

    /// <summary>Chain stages as chain/stage that exist, without repeats.</summary>
    internal static async Task<List<string>> CheckStagesAsync(LianboDbContext db, FieldErrors errors, string field, IEnumerable<string> input, CancellationToken ct)
    {
        var stages = input.Select(s => s?.Trim() ?? "").Where(s => s.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        var known = (await db.Set<ChainStage>().Select(s => new { s.ChainId, s.StageId }).ToListAsync(ct)).Select(s => $"{s.ChainId}/{s.StageId}").ToHashSet(StringComparer.Ordinal);
        foreach (var stage in stages.Where(s => !known.Contains(s)))
        {
            errors.Add(field, Messages.Format("MatchUnknownStage", stage));
        }

        return stages;
    }

    /// <summary>ISO alpha-3 codes of known countries, upper-cased, without repeats.</summary>
    internal static async Task<List<string>> CheckCountriesAsync(LianboDbContext db, FieldErrors errors, string field, IEnumerable<string> input, CancellationToken ct)
    {
        var countries = input.Select(c => c?.Trim().ToUpperInvariant() ?? "").Where(c => c.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        var known = await db.Countries.Where(c => countries.Contains(c.Iso3)).Select(c => c.Iso3).ToListAsync(ct);
        foreach (var country in countries.Except(known, StringComparer.Ordinal))
        {
            errors.Add(field, Messages.Format("UnknownCountry", country));
        }

        return countries;
    }

    [GeneratedRegex("^[0-9]{2}([0-9]{2}([0-9]{2})?)?$")]
    private static partial Regex HsCode();
}
