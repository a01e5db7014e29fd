using System.Globalization;
using Microsoft.EntityFrameworkCore;

namespace Lianbo.Core.Reference;

public sealed record CountryDto(
    string Iso3, string Iso2, int Numeric, string NameEn, string NameZh,
    int? RegionCode, string? RegionEn, string? RegionZh, int? SubRegionCode, string? SubRegionEn, string? SubRegionZh,
    bool IsLdc, bool IsLldc, bool IsSids, IncomeGroup? IncomeGroup, IReadOnlyList<string> Groups)
{
    public string Name(CultureInfo culture) => culture.IsChinese() ? NameZh : NameEn;
}

public sealed record CountryGroupDto(string Code, string NameEn, string NameZh, string? Source, DateOnly? AsOf, bool IsBuiltIn, int Members);

public sealed record RegionDto(int Code, string NameEn, string NameZh, int? ParentCode);

public sealed record CountryFilter(string? Search = null, int? Region = null, string? Group = null, bool? Ldc = null);

/// <summary>An HS code: <c>Description</c> is the English name; <c>DescriptionZh</c> the Simplified Chinese one and its source, or null.</summary>
public sealed record HsCodeDto(string Revision, string Code, int Level, string Description, int? Section, string? DescriptionZh, HsChineseSource? DescriptionZhSource)
{
    public string Name(CultureInfo culture) => ReferenceMappings.HsName(Description, DescriptionZh, culture);
}

public sealed record HsCodeDetailDto(
    string Revision, string Code, int Level, string Description, int? Section, string? DescriptionZh, HsChineseSource? DescriptionZhSource,
    HsCodeDto? Parent, IReadOnlyList<HsCodeDto> Children)
{
    public string Name(CultureInfo culture) => ReferenceMappings.HsName(Description, DescriptionZh, culture);
}

/// <summary>Read-side use cases over the reference tables, shared by the API, the pages and the CLI.</summary>
public sealed class ReferenceQueries(Data.LianboDbContext db)
{
    public const int MaxPageSize = 500;

    /// <summary>Countries matching the filter, sorted by name in the given culture (pinyin order for Chinese).</summary>
    public async Task<Page<CountryDto>> ListCountriesAsync(CountryFilter filter, int page, int pageSize, CultureInfo culture, CancellationToken ct = default)
    {
        var query = db.Countries.AsNoTracking();
        if (filter.Region is { } region)
        {
            query = query.Where(c => c.RegionCode == region || c.SubRegionCode == region);
        }

        if (filter.Group is { Length: > 0 } group)
        {
            query = query.Where(c => c.Groups.Any(g => g.GroupCode == group));
        }

        if (filter.Ldc is { } ldc)
        {
            query = query.Where(c => c.IsLdc == ldc);
        }

        if (filter.Search?.Trim() is { Length: > 0 } search)
        {
            var lower = search.ToLowerInvariant();
            var upper = search.ToUpperInvariant();
            query = query.Where(c => c.NameEn.ToLower().Contains(lower) || c.NameZh.Contains(search)
                || c.OfficialNameEn!.ToLower().Contains(lower) || c.Iso3 == upper || c.Iso2 == upper);
        }

        // At most a few hundred countries: sorting in memory gives a true collation (pinyin for zh) on every provider.
        var all = await query.Select(ToDto).ToListAsync(ct);
        var comparer = StringComparer.Create(culture, ignoreCase: true);
        var sorted = all.OrderBy(c => c.Name(culture), comparer).ToList();
        return new Page<CountryDto>(sorted.Skip((page - 1) * pageSize).Take(pageSize).ToList(), sorted.Count, page, pageSize);
    }

    public Task<CountryDto?> GetCountryAsync(string iso3, CancellationToken ct = default) =>
        db.Countries.AsNoTracking().Where(c => c.Iso3 == iso3.ToUpperInvariant()).Select(ToDto).FirstOrDefaultAsync(ct);

    public Task<List<CountryGroupDto>> ListGroupsAsync(CancellationToken ct = default) =>
        db.CountryGroups.AsNoTracking().OrderByDescending(g => g.IsBuiltIn).ThenBy(g => g.Code)
            .Select(g => new CountryGroupDto(g.Code, g.NameEn, g.NameZh, g.Source, g.AsOf, g.IsBuiltIn, g.Members.Count))
            .ToListAsync(ct);

    /// <summary>The ISO codes of a country group's members (the code in any case), or null when there is no such group.</summary>
    public async Task<List<string>?> GroupMembersAsync(string code, CancellationToken ct = default)
    {
        var normalised = code.Trim().ToUpperInvariant();
        if (!await db.CountryGroups.AsNoTracking().AnyAsync(g => g.Code == normalised, ct))
        {
            return null;
        }

        return await db.Set<CountryGroupMember>().AsNoTracking().Where(m => m.GroupCode == normalised).OrderBy(m => m.Iso3).Select(m => m.Iso3).ToListAsync(ct);
    }

    /// <summary>Each UN M49 region followed by its sub-regions, in code order.</summary>
    public async Task<List<RegionDto>> ListRegionsAsync(CancellationToken ct = default)
    {
        var rows = await db.Countries.AsNoTracking().Where(c => c.RegionCode != null)
            .Select(c => new { c.RegionCode, c.RegionEn, c.RegionZh, c.SubRegionCode, c.SubRegionEn, c.SubRegionZh })
            .Distinct().ToListAsync(ct);
        var regions = new List<RegionDto>();
        foreach (var region in rows.GroupBy(r => r.RegionCode!.Value).OrderBy(g => g.Key))
        {
            var first = region.First();
            regions.Add(new RegionDto(region.Key, first.RegionEn ?? "", first.RegionZh ?? first.RegionEn ?? "", null));
            regions.AddRange(region.Where(r => r.SubRegionCode is not null).DistinctBy(r => r.SubRegionCode).OrderBy(r => r.SubRegionCode)
                .Select(r => new RegionDto(r.SubRegionCode!.Value, r.SubRegionEn ?? "", r.SubRegionZh ?? r.SubRegionEn ?? "", region.Key)));
        }

        return regions;
    }

    public async Task<HsCodeDetailDto?> GetHsAsync(string code, string revision, CancellationToken ct = default)
    {
        var item = await db.HsCodes.AsNoTracking().FirstOrDefaultAsync(c => c.Revision == revision && c.Code == code, ct);
        if (item is null)
        {
            return null;
        }

        var parent = item.ParentCode is { } p
            ? await db.HsCodes.AsNoTracking().FirstOrDefaultAsync(c => c.Revision == revision && c.Code == p, ct)
            : null;
        var children = await db.HsCodes.AsNoTracking().Where(c => c.Revision == revision && c.ParentCode == code)
            .OrderBy(c => c.Code).ToListAsync(ct);
        return new HsCodeDetailDto(item.Revision, item.Code, item.Level, item.DescriptionEn, item.Section, item.DescriptionZh, item.DescriptionZhSource,
            parent?.ToDto(), [.. children.Select(c => c.ToDto())]);
    }

    /// <summary>
    /// The names of several codes of one revision at once, in the current UI language (codes the revision does not have
    /// are left out; in Chinese, a code without a Chinese name is named as such, never in English).
    /// </summary>
    public async Task<Dictionary<string, string>> DescribeAsync(IReadOnlyCollection<string> codes, string revision, CancellationToken ct = default)
    {
        var culture = CultureInfo.CurrentUICulture;
        return await db.HsCodes.AsNoTracking().Where(c => c.Revision == revision && codes.Contains(c.Code))
            .ToDictionaryAsync(c => c.Code, c => ReferenceMappings.HsName(c.DescriptionEn, c.DescriptionZh, culture), StringComparer.Ordinal, ct);
    }

    /// <summary>Text search in English and Chinese: every word must appear in either name; digits search code prefixes.</summary>
    public async Task<List<HsCodeDto>> SearchHsAsync(string search, string revision, int limit, CancellationToken ct = default)
    {
        var query = db.HsCodes.AsNoTracking().Where(c => c.Revision == revision);
        var text = search.Trim();
        if (text.All(char.IsAsciiDigit))
        {
            query = query.Where(c => c.Code.StartsWith(text));
        }
        else
        {
            foreach (var word in text.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                query = query.Where(c => c.DescriptionEn.ToLower().Contains(word) || (c.DescriptionZh != null && c.DescriptionZh.Contains(word)));
            }
        }

        var found = await query.OrderBy(c => c.Level).ThenBy(c => c.Code).Take(limit).ToListAsync(ct);
        return [.. found.Select(c => c.ToDto())];
    }

    private static readonly System.Linq.Expressions.Expression<Func<Country, CountryDto>> ToDto = c => new CountryDto(
        c.Iso3, c.Iso2, c.Numeric, c.NameEn, c.NameZh,
        c.RegionCode, c.RegionEn, c.RegionZh, c.SubRegionCode, c.SubRegionEn, c.SubRegionZh,
        c.IsLdc, c.IsLldc, c.IsSids, c.IncomeGroup, c.Groups.OrderBy(g => g.GroupCode).Select(g => g.GroupCode).ToList());
}

public static class ReferenceMappings
{
    public static HsCodeDto ToDto(this HsCode c) => new(c.Revision, c.Code, c.Level, c.DescriptionEn, c.Section, c.DescriptionZh, c.DescriptionZhSource);

    /// <summary>An HS code's name for people: English as it is; in Chinese the Chinese name, or "无中文名称" where there is none.</summary>
    public static string HsName(string english, string? chinese, CultureInfo culture) =>
        !culture.IsChinese() ? english : chinese ?? Messages.Format("NoChineseName");

    public static bool IsChinese(this CultureInfo culture) => culture.TwoLetterISOLanguageName == "zh";
}
