namespace Lianbo.Matching;

public enum ReasonKind
{
    /// <summary>The partner supplies a product the organisation needs (Hs = the partner's code, Other = the need).</summary>
    SuppliesProduct,

    /// <summary>The partner needs a product the organisation offers.</summary>
    BuysProduct,

    /// <summary>The partner works in a stage that supplies the organisation's stage (or a stage it asked for).</summary>
    UpstreamOfYou,

    /// <summary>The partner works in a stage the organisation's stage supplies.</summary>
    DownstreamOfYou,

    /// <summary>The partner's offer text matches the organisation's need text (Terms = shared words), or the reverse.</summary>
    TextMatch,

    /// <summary>The partner is the type of partner sought (supplier, buyer, research, investor, services).</summary>
    SoughtType,

    /// <summary>The partner is in a country or region the organisation targets.</summary>
    TargetRegion,

    LargeAndSme,
    ForeignAndDomestic,
    ResearchAndIndustry,

    /// <summary>The partner is outside the country that supplies Share of the organisation's imports of Hs.</summary>
    Diversifies,

    /// <summary>Research on a stage both work on: the partner researches the organisation's stage, or seeks research on a stage it researches.</summary>
    ResearchOnYourStage,
}

/// <summary>
/// Why a partner is recommended, as data: the pages and the API turn it into a sentence in Chinese or English with
/// the names of products, stages and countries. For a product read from a text, <paramref name="OfferWords"/> and
/// <paramref name="NeedWords"/> are the words of the offer and the need text that named it.
/// </summary>
public sealed record Reason(ReasonKind Kind, string? Hs = null, string? Other = null, StageKey? Stage = null, string? Country = null, double? Share = null,
    PartnerTypes Type = PartnerTypes.None, string? OfferWords = null, string? NeedWords = null);

/// <param name="ValueToYou">How well the partner serves the organisation's wishes, 0–1.</param>
/// <param name="ValueToThem">How well the organisation serves the partner's, 0–1.</param>
/// <param name="Score">The reciprocal score: the harmonic mean of both values, times the boosts.</param>
public sealed record Recommendation(Guid Partner, double Score, double ValueToYou, double ValueToThem, IReadOnlyList<Reason> Reasons);
