namespace Lianbo.Core.Reference;

/// <summary>A country or territory from ISO 3166-1, with its UN M49 place and development flags.</summary>
public sealed class Country
{
    public required string Iso3 { get; set; }
    public required string Iso2 { get; set; }
    public int Numeric { get; set; }
    public required string NameEn { get; set; }
    public required string NameZh { get; set; }
    public string? OfficialNameEn { get; set; }
    public string? OfficialNameZh { get; set; }

    // UN M49 region and sub-region; Antarctica has none.
    public int? RegionCode { get; set; }
    public string? RegionEn { get; set; }
    public string? RegionZh { get; set; }
    public int? SubRegionCode { get; set; }
    public string? SubRegionEn { get; set; }
    public string? SubRegionZh { get; set; }

    public bool IsLdc { get; set; }
    public bool IsLldc { get; set; }
    public bool IsSids { get; set; }
    public IncomeGroup? IncomeGroup { get; set; }

    public List<CountryGroupMember> Groups { get; set; } = [];
}

/// <summary>World Bank income classification (FY2025).</summary>
public enum IncomeGroup
{
    Low,
    LowerMiddle,
    UpperMiddle,
    High,
}
