namespace Lianbo.Core.Reference;

/// <summary>One code of a Harmonized System revision: a chapter (2 digits), heading (4) or subheading (6).</summary>
public sealed class HsCode
{
    public required string Revision { get; set; }
    public required string Code { get; set; }
    public int Level { get; set; }
    public required string DescriptionEn { get; set; }

    /// <summary>The name in Simplified Chinese (data/reference/hs-zh); null where the file has none for the code.</summary>
    public string? DescriptionZh { get; set; }

    /// <summary>Where <see cref="DescriptionZh"/> comes from; null with it.</summary>
    public HsChineseSource? DescriptionZhSource { get; set; }
    public string? ParentCode { get; set; }

    /// <summary>The HS section (1–21); null where the source does not place the chapter in one.</summary>
    public int? Section { get; set; }
}

/// <summary>The origin of an HS code's Chinese name (the `source` column of hs2022-zh.csv).</summary>
public enum HsChineseSource
{
    /// <summary>Mainland text: the 2026 China Customs tariff (chapter titles, or the single 10-digit line of the code).</summary>
    CnCustoms,

    /// <summary>Taiwan's HS 2017 tariff text converted to Simplified characters (OpenCC tw2sp).</summary>
    TwConverted,
}

/// <summary>One of the 21 sections of the Harmonized System.</summary>
public sealed class HsSection
{
    public int Number { get; set; }
    public required string Roman { get; set; }
    public required string NameEn { get; set; }
}

public static class HsRevision
{
    public const string Hs2022 = "HS2022";
    public const string Hs1992 = "HS1992";

    /// <summary>Only in UNSD's tables (no HS 2017 nomenclature is shipped): the revision between the two above.</summary>
    public const string Hs2017 = "HS2017";

    /// <summary>The revisions whose codes and names are shipped (the HS code tables).</summary>
    public static readonly IReadOnlyList<string> All = [Hs2022, Hs1992];

    /// <summary>The revision of a trade series as BACI names it (HS92, HS17, HS22), or null for one without shipped tables.</summary>
    public static string? OfSeries(string? series) => series?.Trim().ToUpperInvariant() switch
    {
        "HS92" => Hs1992,
        "HS17" => Hs2017,
        "HS22" => Hs2022,
        _ => null,
    };
}
