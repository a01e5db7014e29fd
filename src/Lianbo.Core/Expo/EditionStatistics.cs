using System.ComponentModel;
using System.Linq.Expressions;
using Lianbo.Core.Accounts;
using Lianbo.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Lianbo.Core.Expo;

public sealed record RegionCount(
    [property: Description("UN M49 region code (e.g. 150 Europe, 19 Americas).")] int Code,
    string NameZh, string NameEn,
    [property: Description("Foreign exhibitors from the region.")] int Exhibitors,
    [property: Description("Share of all foreign exhibitors, 0–1.")] double Share);

public sealed record CountryCount(
    [property: Description("ISO 3166-1 alpha-3.")] string Iso3,
    [property: Description("ISO 3166-1 numeric, 3 digits.")] string Numeric,
    string NameZh, string NameEn, int Exhibitors);

public sealed record ZoneCount(string Code, string? ChainId, string NameZh, string NameEn, int Exhibitors, double AreaM2, double BoothAreaM2);

public sealed record KindCount(EventKind Kind, int Count);

/// <summary>An edition's figures, computed from its rows (never typed in).</summary>
public sealed record EditionStatisticsDto(
    Guid EditionId,
    int Number,
    int Year,
    [property: Description("Exhibitors at the edition.")] int Exhibitors,
    [property: Description("Distinct countries and regions of the exhibitors, China included.")] int CountriesAndRegions,
    [property: Description("Exhibitors that are international organisations.")] int InternationalOrganisations,
    [property: Description("CountriesAndRegions + InternationalOrganisations: the expo's headline \"countries, regions and international organisations\".")] int CountriesRegionsAndInternationalOrganisations,
    [property: Description("Exhibitors not from the Chinese mainland (Hong Kong, Macao, Taiwan and international organisations count as foreign).")] int ForeignExhibitors,
    [property: Description("ForeignExhibitors / Exhibitors, 0–1.")] double ForeignShare,
    int FortuneGlobal500,
    int IndustryLeaders,
    [property: Description("Exhibitors that are Fortune Global 500 or industry leaders (counted once).")] int FortuneGlobal500OrLeaders,
    [property: Description("FortuneGlobal500OrLeaders / Exhibitors, 0–1.")] double FortuneGlobal500OrLeadersShare,
    [property: Description("Foreign exhibitors by UN M49 region.")] IReadOnlyList<RegionCount> ForeignByRegion,
    [property: Description("Foreign exhibitors from Europe or the Americas.")] int ForeignFromEuropeAndAmericas,
    [property: Description("ForeignFromEuropeAndAmericas / ForeignExhibitors, 0–1.")] double EuropeAndAmericasShare,
    [property: Description("Foreign exhibitors from Belt and Road partner countries (country group BRI).")] int ForeignFromBeltAndRoad,
    [property: Description("ForeignFromBeltAndRoad / ForeignExhibitors, 0–1.")] double BeltAndRoadShare,
    [property: Description("Distinct Belt and Road partner countries among the exhibitors.")] int BeltAndRoadCountries,
    [property: Description("Exhibitors per zone (chain or area).")] IReadOnlyList<ZoneCount> ExhibitorsPerZone,
    [property: Description("Exhibitors per country, for the world map.")] IReadOnlyList<CountryCount> ExhibitorsPerCountry,
    [property: Description("Upstream and downstream partners brought along by exhibitors.")] int PartnersBrought,
    [property: Description("First launches (首发首展).")] int Launches,
    IReadOnlyList<KindCount> EventsByKind,
    int Roadshows,
    [property: Description("Distinct countries the roadshows went to.")] int RoadshowCountries,
    [property: Description("Cooperation intentions recorded.")] int Intentions,
    [property: Description("Signed agreements recorded.")] int Agreements,
    [property: Description("Sum of the agreements' values in yuan (CNY); agreements in other currencies are in OtherCurrencyAgreements.")] decimal AgreementValueCny,
    [property: Description("Agreements whose value is in a currency other than CNY, left out of AgreementValueCny.")] int OtherCurrencyAgreements,
    [property: Description("The edition's floor area in m².")] double FloorAreaM2);

/// <summary>An edition compared with the one before it (null when it is the first).</summary>
public sealed record EditionComparisonDto(
    EditionStatisticsDto Current,
    EditionStatisticsDto? Previous,
    [property: Description("(Exhibitors − previous) / previous, 0–1; null without a previous edition.")] double? ExhibitorGrowth,
    [property: Description("(FloorAreaM2 − previous) / previous; null without a previous edition.")] double? FloorAreaGrowth);

public sealed class EditionStatistics(LianboDbContext db)
{
    public const string China = "CHN";
    public const string BeltAndRoadGroup = "BRI";
    private const int Europe = 150;
    private const int Americas = 19;

    /// <summary>
    /// Foreign = not from the Chinese mainland: Hong Kong, Macao, Taiwan and international organisations (no country)
    /// count as foreign. Every figure about foreign participants uses this one rule, inside its query.
    /// </summary>
    public static readonly Expression<Func<Organisation, bool>> IsForeign = o => o.CountryIso3 != China;

    public async Task<EditionComparisonDto?> CompareAsync(Guid editionId, CancellationToken ct = default)
    {
        var edition = await db.Editions.AsNoTracking().FirstOrDefaultAsync(e => e.Id == editionId, ct);
        if (edition is null)
        {
            return null;
        }

        var current = await ComputeAsync(edition, ct);
        var previousEdition = await db.Editions.AsNoTracking().Where(e => e.Number < edition.Number).OrderByDescending(e => e.Number).FirstOrDefaultAsync(ct);
        var previous = previousEdition is null ? null : await ComputeAsync(previousEdition, ct);
        return new EditionComparisonDto(
            current,
            previous,
            previous is { Exhibitors: > 0 } ? (current.Exhibitors - previous.Exhibitors) / (double)previous.Exhibitors : null,
            previous is { FloorAreaM2: > 0 } ? (current.FloorAreaM2 - previous.FloorAreaM2) / previous.FloorAreaM2 : null);
    }

    private async Task<EditionStatisticsDto> ComputeAsync(Edition edition, CancellationToken ct)
    {
        var id = edition.Id;

        // Hundreds of exhibitors: one query brings what the figures need, and the figures are computed here, the
        // same way on SQLite and PostgreSQL.
        var foreignIds = db.Organisations.Where(IsForeign).Select(o => o.Id);
        var exhibitors = await db.Exhibitors.AsNoTracking().Where(e => e.EditionId == id)
            .Join(db.Organisations, e => e.OrganisationId, o => o.Id, (e, o) => new
            {
                e.Id, e.ZoneId, o.CountryIso3, o.Type, o.IsFortuneGlobal500, o.IsIndustryLeader, Partners = e.Partners.Count, Foreign = foreignIds.Contains(o.Id),
            })
            .ToListAsync(ct);
        var isoCodes = exhibitors.Select(e => e.CountryIso3).OfType<string>().Distinct().ToList();
        var countries = await db.Countries.AsNoTracking().Where(c => isoCodes.Contains(c.Iso3))
            .Select(c => new { c.Iso3, c.Numeric, c.NameZh, c.NameEn, c.RegionCode, c.RegionZh, c.RegionEn, Bri = c.Groups.Any(g => g.GroupCode == BeltAndRoadGroup) })
            .ToDictionaryAsync(c => c.Iso3, ct);

        var total = exhibitors.Count;
        var foreign = exhibitors.Where(e => e.Foreign).ToList();
        var foreignCountries = foreign.Select(e => e.CountryIso3 is null ? null : countries[e.CountryIso3]).ToList();
        var regions = foreignCountries.Where(c => c?.RegionCode is not null)
            .GroupBy(c => (c!.RegionCode!.Value, c.RegionZh, c.RegionEn))
            .Select(g => new RegionCount(g.Key.Value, g.Key.RegionZh ?? "", g.Key.RegionEn ?? "", g.Count(), Share(g.Count(), foreign.Count)))
            .OrderByDescending(r => r.Exhibitors).ThenBy(r => r.Code)
            .ToList();
        var europeAmericas = foreignCountries.Count(c => c?.RegionCode is Europe or Americas);
        var beltAndRoad = foreignCountries.Where(c => c is { Bri: true }).ToList();
        var flagged = exhibitors.Count(e => e.IsFortuneGlobal500 || e.IsIndustryLeader);

        var zones = await db.Zones.AsNoTracking().Where(z => z.EditionId == id).OrderBy(z => z.SortOrder).ThenBy(z => z.Code).ToListAsync(ct);
        var boothArea = await db.Booths.Where(b => b.EditionId == id).GroupBy(b => b.ZoneId).Select(g => new { g.Key, Area = g.Sum(b => b.SizeM2) }).ToDictionaryAsync(g => g.Key, g => g.Area, ct);
        var perZone = zones.Select(z => new ZoneCount(z.Code, z.ChainId, z.NameZh, z.NameEn, exhibitors.Count(e => e.ZoneId == z.Id), z.AreaM2, boothArea.GetValueOrDefault(z.Id))).ToList();
        var perCountry = exhibitors.Where(e => e.CountryIso3 is not null).GroupBy(e => e.CountryIso3!)
            .Select(g => countries[g.Key]).Select(c => new CountryCount(c.Iso3, c.Numeric.ToString("000", System.Globalization.CultureInfo.InvariantCulture), c.NameZh, c.NameEn, exhibitors.Count(e => e.CountryIso3 == c.Iso3)))
            .OrderByDescending(c => c.Exhibitors).ThenBy(c => c.Iso3).ToList();

        var events = await db.Events.Where(e => e.EditionId == id).GroupBy(e => e.Kind).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        var roadshowCountries = await db.Events.Where(e => e.EditionId == id && e.Kind == EventKind.Roadshow && e.CountryIso3 != null).Select(e => e.CountryIso3).Distinct().CountAsync(ct);
        var outcomes = await db.Outcomes.Where(o => o.EditionId == id).GroupBy(o => o.Kind).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);

        // SQLite has no decimal type to sum in; the values are few (one per agreement), so they are summed here.
        var values = await db.Outcomes.Where(o => o.EditionId == id && o.Kind == ExpoOutcomeKind.Agreement && o.Value != null).Select(o => new { o.Value, o.Currency }).ToListAsync(ct);

        return new EditionStatisticsDto(
            id,
            edition.Number,
            edition.StartsOn.Year,
            total,
            isoCodes.Count,
            exhibitors.Count(e => e.Type == OrganisationType.InternationalOrganisation && e.CountryIso3 is null),
            isoCodes.Count + exhibitors.Count(e => e.Type == OrganisationType.InternationalOrganisation && e.CountryIso3 is null),
            foreign.Count,
            Share(foreign.Count, total),
            exhibitors.Count(e => e.IsFortuneGlobal500),
            exhibitors.Count(e => e.IsIndustryLeader),
            flagged,
            Share(flagged, total),
            regions,
            europeAmericas,
            Share(europeAmericas, foreign.Count),
            beltAndRoad.Count,
            Share(beltAndRoad.Count, foreign.Count),
            beltAndRoad.Select(c => c!.Iso3).Distinct().Count(),
            perZone,
            perCountry,
            exhibitors.Sum(e => e.Partners),
            await db.Launches.CountAsync(l => l.EditionId == id, ct),
            [.. events.Select(e => new KindCount(e.Key, e.Count)).OrderBy(e => e.Kind)],
            events.Where(e => e.Key == EventKind.Roadshow).Sum(e => e.Count),
            roadshowCountries,
            outcomes.Where(o => o.Key == ExpoOutcomeKind.Intention).Sum(o => o.Count),
            outcomes.Where(o => o.Key == ExpoOutcomeKind.Agreement).Sum(o => o.Count),
            values.Where(v => v.Currency == "CNY").Sum(v => v.Value!.Value),
            values.Count(v => v.Currency != "CNY"),
            edition.FloorAreaM2);
    }

    private static double Share(int part, int whole) => whole == 0 ? 0 : part / (double)whole;
}
