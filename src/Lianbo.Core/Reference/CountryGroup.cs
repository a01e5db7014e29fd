namespace Lianbo.Core.Reference;

/// <summary>A named set of countries (EU, RCEP, Belt and Road partners, or an organiser's own group).</summary>
public sealed class CountryGroup
{
    public required string Code { get; set; }
    public required string NameEn { get; set; }
    public required string NameZh { get; set; }

    /// <summary>Who publishes the membership and where; required for built-in groups.</summary>
    public string? Source { get; set; }

    /// <summary>The date the membership list is valid for.</summary>
    public DateOnly? AsOf { get; set; }

    /// <summary>Built-in groups come from the shipped data file and are replaced when it is reloaded.</summary>
    public bool IsBuiltIn { get; set; }

    public List<CountryGroupMember> Members { get; set; } = [];
}

public sealed class CountryGroupMember
{
    public required string GroupCode { get; set; }
    public required string Iso3 { get; set; }
    public CountryGroup? Group { get; set; }
    public Country? Country { get; set; }
}
