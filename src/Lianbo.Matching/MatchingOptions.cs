namespace Lianbo.Matching;

/// <summary>
/// The recommender's weights and the expo's aims as boosts. Complementarity (products, stages, text) decides
/// whether two organisations fit at all; partner type and region refine it; boosts reward the pairs the expo
/// wants more of. Every value is documented in the README; organisers can tune them.
/// </summary>
public sealed record MatchingOptions
{
    public double ProductWeight { get; init; } = 0.40;
    public double StageWeight { get; init; } = 0.25;
    public double TextWeight { get; init; } = 0.20;
    public double TypeWeight { get; init; } = 0.10;
    public double RegionWeight { get; init; } = 0.05;

    /// <summary>A partner of another type than the ones sought keeps this share of its value.</summary>
    public double OtherTypeFactor { get; init; } = 0.5;

    /// <summary>Multiplied into the score of a large ↔ SME pair.</summary>
    public double LargeSmeBoost { get; init; } = 1.10;

    /// <summary>Foreign ↔ domestic (the home country is <see cref="HomeCountry"/>).</summary>
    public double ForeignDomesticBoost { get; init; } = 1.10;

    public double ResearchIndustryBoost { get; init; } = 1.10;

    /// <summary>A supplier outside the country that already supplies most of a buyer's imports of a needed product.</summary>
    public double ResilienceBoost { get; init; } = 1.20;

    /// <summary>Sourcing from one country at or above this share counts as concentrated.</summary>
    public double ConcentratedShare { get; init; } = 0.5;

    public string HomeCountry { get; init; } = "CHN";

    /// <summary>How many text matches per query are considered (candidates beyond are scored without text).</summary>
    public int TextCandidates { get; init; } = 200;

    /// <summary>
    /// How many text searches each text index remembers until a text changes (0: none). Organisations that write the same
    /// need ask the same search; a remembered one is answered at once, with the same result.
    /// </summary>
    public int RememberedSearches { get; init; } = 4096;

    public static MatchingOptions Default { get; } = new();
}
