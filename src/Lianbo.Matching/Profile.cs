namespace Lianbo.Matching;

/// <summary>The partners an organisation looks for; several may be sought at once.</summary>
[Flags]
public enum PartnerTypes
{
    None = 0,
    Supplier = 1,
    Buyer = 2,
    Research = 4,
    Investor = 8,
    Service = 16,
}

public enum OrganisationKind
{
    Enterprise,
    Research,
    Institution,
    Government,
    InternationalOrganisation,
}

/// <summary>A stage of a chain, e.g. (smart-vehicles, vehicles).</summary>
public readonly record struct StageKey(string Chain, string Stage)
{
    public override string ToString() => $"{Chain}/{Stage}";
}

/// <summary>Where an organisation's country imports a needed product from: the main supplier country and its share.</summary>
public sealed record Sourcing(string Hs, string Country, double Share);

/// <summary>
/// What a participating organisation offers and needs, as the recommender sees it. HS codes are HS 2022 chapters,
/// headings or subheadings (2, 4 or 6 digits); texts may be Chinese, English or both.
/// </summary>
public sealed record Profile
{
    public required Guid Id { get; init; }
    public required string NameZh { get; init; }
    public required string NameEn { get; init; }

    /// <summary>ISO 3166-1 alpha-3; null for an international organisation.</summary>
    public string? Country { get; init; }

    /// <summary>UN M49 region and sub-region codes of the country, for region targets.</summary>
    public IReadOnlyList<int> Regions { get; init; } = [];

    public OrganisationKind Kind { get; init; }
    public bool IsLarge { get; init; }

    public IReadOnlyList<string> OfferHs { get; init; } = [];
    public IReadOnlyList<string> NeedHs { get; init; } = [];

    /// <summary>The stages the organisation works in (what it offers comes from there).</summary>
    public IReadOnlyList<StageKey> Stages { get; init; } = [];

    /// <summary>Stages it wants partners from (e.g. a carmaker needs the battery stage).</summary>
    public IReadOnlyList<StageKey> NeedStages { get; init; } = [];

    public string OfferText { get; init; } = "";
    public string NeedText { get; init; } = "";

    /// <summary>What the organisation is for others: a supplier of goods, a buyer, research, investor, services.</summary>
    public PartnerTypes Provides { get; init; }

    public PartnerTypes Seeks { get; init; }

    /// <summary>Countries (ISO3) or regions (M49) where it wants partners; empty = anywhere.</summary>
    public IReadOnlyList<string> TargetCountries { get; init; } = [];

    public IReadOnlyList<int> TargetRegions { get; init; } = [];

    /// <summary>Organisations it never wants recommended, and those whose requests it declined.</summary>
    public IReadOnlyCollection<Guid> Excluded { get; init; } = [];

    public IReadOnlyCollection<Guid> Declined { get; init; } = [];

    /// <summary>Also recommend competitors (same stage and products), e.g. for a joint bid.</summary>
    public bool AcceptsCompetitors { get; init; }

    /// <summary>For needed products: where its country imports them from (from the trade engine, when loaded).</summary>
    public IReadOnlyList<Sourcing> Sourcing { get; init; } = [];

    /// <summary>
    /// Shown to other participants. An unlisted profile gets recommendations but is never one: the snapshot keeps it
    /// out of every list and text index that candidates come from.
    /// </summary>
    public bool Listed { get; init; } = true;

    /// <summary>
    /// Products read from the texts (<see cref="ProductTerms.Apply"/>): already counted in <see cref="OfferHs"/> and
    /// <see cref="NeedHs"/>, and kept here to say which words named them.
    /// </summary>
    public IReadOnlyList<InferredProduct> Inferred { get; init; } = [];

    /// <summary>Whether <see cref="Stages"/> were read from the offer text's products rather than entered.</summary>
    public bool StagesRead { get; init; }

    public bool IsDomestic(string home) => Country == home;

    /// <summary>The words of the offer (or need) text that named <paramref name="hs"/>, when it was read from the text.</summary>
    public InferredProduct? InferredFrom(bool offered, string? hs) =>
        hs is null || Inferred.Count == 0 ? null : Inferred.FirstOrDefault(i => i.Offered == offered && i.Hs == hs);
}

/// <summary>A product read from an organisation's offer or need text: the code and the words that named it.</summary>
public sealed record InferredProduct(bool Offered, string Hs, string Words, bool Chinese);
