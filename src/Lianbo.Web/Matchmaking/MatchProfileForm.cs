using System.Diagnostics.CodeAnalysis;
using Lianbo.Core.Matchmaking;
using Lianbo.Matching;

namespace Lianbo.Web.Matchmaking;

/// <summary>
/// The match profile form as posted. HS codes and countries are typed as lists, so that a mistake comes back as typed
/// and the use case names it; stages, partner types, regions and exclusions are ticked or chosen. Form binding sets a
/// field posted empty, or a list with nothing chosen, to null: the getters turn those back into "" and [].
/// </summary>
public sealed class MatchProfileForm
{
    /// <summary>The partner types offered as choices, in the order the page lists them.</summary>
    public static readonly PartnerTypes[] PartnerTypeChoices =
        [PartnerTypes.Supplier, PartnerTypes.Buyer, PartnerTypes.Research, PartnerTypes.Investor, PartnerTypes.Service];

    /// <summary>HS 2022 codes separated by commas, spaces or new lines.</summary>
    [AllowNull] public string NeedHs { get => field ?? ""; set; }

    /// <summary>Chain stages as chain-id/stage-id.</summary>
    [AllowNull] public string[] NeedStages { get => field ?? []; set; }

    [AllowNull] public string OfferText { get => field ?? ""; set; }
    [AllowNull] public string NeedText { get => field ?? ""; set; }
    [AllowNull] public PartnerTypes[] Provides { get => field ?? []; set; }
    [AllowNull] public PartnerTypes[] Seeks { get => field ?? []; set; }

    /// <summary>ISO 3166-1 alpha-3 codes separated by commas or spaces.</summary>
    [AllowNull] public string TargetCountries { get => field ?? ""; set; }

    /// <summary>UN M49 region and sub-region codes.</summary>
    [AllowNull] public int[] TargetRegions { get => field ?? []; set; }

    [AllowNull] public Guid[] Excluded { get => field ?? []; set; }
    public bool AcceptsCompetitors { get; set; }

    public static MatchProfileForm From(MatchProfileDto p) => new()
    {
        NeedHs = string.Join(", ", p.NeedHs), NeedStages = [.. p.NeedStages], OfferText = p.OfferText, NeedText = p.NeedText,
        Provides = Split(p.Provides), Seeks = Split(p.Seeks), TargetCountries = string.Join(", ", p.TargetCountries),
        TargetRegions = [.. p.TargetRegions], Excluded = [.. p.Excluded], AcceptsCompetitors = p.AcceptsCompetitors,
    };

    /// <summary>The profile the use case checks: it trims, drops repeats and reports every code it does not know.</summary>
    public MatchProfileDto ToDto() => new(
        List(NeedHs), NeedStages, OfferText, NeedText, Combine(Provides), Combine(Seeks), List(TargetCountries), TargetRegions, Excluded, AcceptsCompetitors);

    private static string[] List(string text) => text.Split([',', ' ', ';', '，', '、', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries);

    private static PartnerTypes[] Split(PartnerTypes types) => [.. PartnerTypeChoices.Where(t => types.HasFlag(t))];

    private static PartnerTypes Combine(PartnerTypes[] types) => types.Aggregate(PartnerTypes.None, (all, t) => all | t);
}

/// <summary>
/// The offers form as posted: the sender's own products and stages ticked, a search text, and which button was pressed.
/// The other side's items are shown but not sent (Offers keeps them whatever this says).
/// </summary>
public sealed class OffersForm
{
    [AllowNull] public string[] Hs { get => field ?? []; set; }
    [AllowNull] public string[] Stages { get => field ?? []; set; }
    [AllowNull] public string Search { get => field ?? ""; set; }

    /// <summary>"search" or "save" (the default: Enter in a box other than the search one saves).</summary>
    [AllowNull] public string Action { get => field ?? "save"; set; }

    /// <summary>The sender's own side of what is saved: the organiser's items for an organiser, the organisation's for its admin.</summary>
    public static OffersForm From(OffersDto offers, bool organiser) => new()
    {
        Hs = [.. offers.Products.Where(p => p.ByOrganiser == organiser).Select(p => p.Code)],
        Stages = [.. offers.Stages.Where(s => s.ByOrganiser == organiser).Select(s => s.Code)],
    };

    public OffersUpdate ToUpdate() => new(Hs, Stages);
}
