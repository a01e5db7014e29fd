namespace Lianbo.Core.Reference;

/// <summary>One code of a Harmonized System revision: a chapter (2 digits), heading (4) or subheading (6).</summary>
public sealed class HsCode
{
    public required string Revision { get; set; }
    public required string Code { get; set; }
    public int Level { get; set; }
    public required string DescriptionEn { get; set; }
    public string? ParentCode { get; set; }

    /// <summary>The HS section (1–21); null where the source does not place the chapter in one.</summary>
    public int? Section { get; set; }
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
    public static readonly IReadOnlyList<string> All = [Hs2022, Hs1992];
}
