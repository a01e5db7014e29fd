namespace Lianbo.Matching;

// A pair's score and reasons: the value to each side (products, stages, texts, partner type, region), the expo's boosts and the vetoes.
public sealed partial class Recommender
{
    private Recommendation? Explain(Entry me, Entry other, (double Supplier, double Buyer) texts)
    {
        var reasons = new List<Reason>();
        return TryScore(me, other, texts, reasons, out var score, out var toMe, out var toThem)
            ? new Recommendation(other.Id, score, toMe, toThem, reasons)
            : null;
    }

    // The pair's score from `me`'s side, with the reasons when asked for; false when a veto applies or nothing fits.
    private bool TryScore(Entry me, Entry other, (double Supplier, double Buyer) texts, List<Reason>? reasons, out double score, out double toMe, out double toThem)
    {
        var (supplierText, buyerText) = texts;
        score = toMe = toThem = 0;
        if (Vetoed(me, other))
        {
            return false;
        }

        toMe = Value(me, other, supplierText, buyerText, reasons);
        // The other side's view: the same pair of texts, seen from the partner (the shared words count both ways).
        toThem = Value(other, me, buyerText, supplierText, null);
        if (toMe <= 0 || toThem <= 0)
        {
            return false;
        }

        score = 2 * toMe * toThem / (toMe + toThem) * Boost(me, other, reasons);
        return true;
    }

    // How well `partner` serves `me`: as a supplier of my needs and/or a buyer of my offers, as I seek; then the
    // partner type and region I seek. Zero without any complementarity.
    private double Value(Entry me, Entry partner, double supplierText, double buyerText, List<Reason>? reasons)
    {
        var wantsSuppliers = me.WantsSuppliers;
        var wantsBuyers = me.WantsBuyers;

        var supply = wantsSuppliers ? Products(partner.Offers, me.Needs) : default;
        var buy = wantsBuyers ? Products(me.Offers, partner.Needs) : default;
        var upstream = wantsSuppliers ? UpstreamStage(partner, me) : default;
        var downstream = wantsBuyers ? UpstreamStage(me, partner) : default;
        var research = Research(me, partner);
        var textScore = Math.Max(wantsSuppliers ? supplierText : 0, wantsBuyers ? buyerText : 0);

        var product = Math.Max(supply.Score, buy.Score);
        var stage = Math.Max(Math.Max(upstream.Score, downstream.Score), research.Score);
        if (product + stage + textScore <= 0)
        {
            return 0;
        }

        // Only the entries are read unless targets are set: a candidate's profile is elsewhere in memory.
        var type = me.Seeks == PartnerTypes.None ? 0.5 : (me.Seeks & partner.Provides) != 0 ? 1 : 0;
        var region = !me.HasTargets ? 1
            : partner.Country is { } c && (me.Profile.TargetCountries.Contains(c) || partner.Profile.Regions.Any(me.Profile.TargetRegions.Contains)) ? 1 : 0;
        if (reasons is not null)
        {
            // A product read from a text carries the words that named it, on either side.
            if (supply.Score > 0)
            {
                reasons.Add(new Reason(ReasonKind.SuppliesProduct, Hs: supply.Offer, Other: supply.Need,
                    OfferWords: partner.Profile.InferredFrom(true, supply.Offer)?.Words, NeedWords: me.Profile.InferredFrom(false, supply.Need)?.Words));
            }

            if (buy.Score > 0)
            {
                reasons.Add(new Reason(ReasonKind.BuysProduct, Hs: buy.Offer, Other: buy.Need,
                    OfferWords: me.Profile.InferredFrom(true, buy.Offer)?.Words, NeedWords: partner.Profile.InferredFrom(false, buy.Need)?.Words));
            }

            if (upstream.Score > 0)
            {
                reasons.Add(new Reason(ReasonKind.UpstreamOfYou, Stage: upstream.Stage));
            }

            if (downstream.Score > 0)
            {
                reasons.Add(new Reason(ReasonKind.DownstreamOfYou, Stage: downstream.Stage));
            }

            if (research.Score > 0)
            {
                reasons.Add(new Reason(ReasonKind.ResearchOnYourStage, Stage: research.Stage));
            }

            if (textScore >= 0.3)
            {
                reasons.Add(new Reason(ReasonKind.TextMatch, Share: textScore));
            }

            if (type == 1)
            {
                reasons.Add(new Reason(ReasonKind.SoughtType, Type: me.Seeks & partner.Provides));
            }

            if (region == 1 && me.HasTargets)
            {
                reasons.Add(new Reason(ReasonKind.TargetRegion, Country: partner.Country));
            }
        }

        // A partner of a type I did not ask for keeps half its value: it may still be useful, but less so.
        var o = Options;
        var value = o.ProductWeight * product + o.StageWeight * stage + o.TextWeight * textScore + o.TypeWeight * type + o.RegionWeight * region;
        return type == 0 ? value * o.OtherTypeFactor : value;
    }

    private double Boost(Entry me, Entry other, List<Reason>? reasons)
    {
        var o = Options;
        var boost = 1.0;
        if (me.IsLarge != other.IsLarge && me.Kind == OrganisationKind.Enterprise && other.Kind == OrganisationKind.Enterprise)
        {
            boost *= o.LargeSmeBoost;
            reasons?.Add(new Reason(ReasonKind.LargeAndSme));
        }

        if (me.Country is not null && other.Country is not null && me.Domestic != other.Domestic)
        {
            boost *= o.ForeignDomesticBoost;
            reasons?.Add(new Reason(ReasonKind.ForeignAndDomestic, Country: other.Country));
        }

        if ((me.Kind == OrganisationKind.Research) != (other.Kind == OrganisationKind.Research) &&
            (me.Kind == OrganisationKind.Enterprise || other.Kind == OrganisationKind.Enterprise))
        {
            boost *= o.ResearchIndustryBoost;
            reasons?.Add(new Reason(ReasonKind.ResearchAndIndustry));
        }

        // Resilience: I import a product I need mostly from one country; a supplier of it elsewhere spreads the risk.
        var sourcing = me.Profile.Sourcing;
        foreach (var source in sourcing.Count == 0 ? [] : sourcing.Where(s => s.Share >= o.ConcentratedShare && other.Country is not null && other.Country != s.Country))
        {
            if (Products(other.Offers, [new HsCode(source.Hs)]).Score > 0)
            {
                boost *= o.ResilienceBoost;
                reasons?.Add(new Reason(ReasonKind.Diversifies, Hs: source.Hs, Country: source.Country, Share: source.Share));
                break;
            }
        }

        return boost;
    }

    private static bool WantsSuppliers(PartnerTypes seeks) =>
        seeks == PartnerTypes.None || seeks.HasFlag(PartnerTypes.Supplier) || (seeks & (PartnerTypes.Research | PartnerTypes.Service | PartnerTypes.Investor)) != 0;

    private static bool WantsBuyers(PartnerTypes seeks) => seeks == PartnerTypes.None || seeks.HasFlag(PartnerTypes.Buyer);

    // Vetoes: the same organisation, an exclusion or an earlier refusal on either side, and direct competitors
    // (of the same kind, on a stage both entered, with the same products) unless the organisation asked for them.
    private static bool Vetoed(Entry me, Entry other)
    {
        if (me.Id == other.Id)
        {
            return true;
        }

        if (me.HasRefusals || other.HasRefusals)
        {
            var (a, b) = (me.Profile, other.Profile);
            if (a.Excluded.Contains(b.Id) || b.Excluded.Contains(a.Id) || a.Declined.Contains(b.Id) || b.Declined.Contains(a.Id))
            {
                return true;
            }
        }

        return !me.AcceptsCompetitors && Competitors(me, other);
    }

    // A research organisation does not compete with a firm, nor a firm with a public body, whatever they list.
    private static bool Competitors(Entry a, Entry b)
    {
        if (a.Kind != b.Kind)
        {
            return false;
        }

        var sharesStage = false;
        foreach (var stage in a.RivalStages)
        {
            sharesStage |= Array.IndexOf(b.RivalStages, stage) >= 0;
        }

        if (!sharesStage)
        {
            return false;
        }

        foreach (var x in a.Offers)
        {
            foreach (var y in b.Offers)
            {
                if (x.SameHeading(y))
                {
                    return true;
                }
            }
        }

        return false;
    }

    internal readonly record struct ProductMatch(double Score, string? Offer, string? Need);

    /// <summary>
    /// The best fit between offered and needed HS codes: when one code contains the other the fit is as precise as
    /// the broader code (subheading 1, heading 0.85, chapter 0.5); otherwise the same heading 0.6, the same chapter 0.25.
    /// </summary>
    internal static ProductMatch Products(IReadOnlyList<string> offers, IReadOnlyList<string> needs) =>
        Products([.. offers.Select(o => new HsCode(o))], [.. needs.Select(n => new HsCode(n))]);

    private static ProductMatch Products(HsCode[] offers, HsCode[] needs)
    {
        var best = default(ProductMatch);
        foreach (var need in needs)
        {
            foreach (var offer in offers)
            {
                var score = Fit(offer, need);
                if (score > best.Score)
                {
                    best = new ProductMatch(score, offer.Code, need.Code);
                }
            }
        }

        return best;
    }

    private static double Fit(in HsCode offer, in HsCode need)
    {
        if (offer.StartsWith(need) || need.StartsWith(offer))
        {
            return Math.Min(offer.Length, need.Length) switch { >= 6 => 1.0, >= 4 => 0.85, _ => 0.5 };
        }

        if (offer.Shares(need, 4))
        {
            return 0.6;
        }

        return offer.Shares(need, 2) ? 0.25 : 0;
    }

    private readonly record struct StageMatch(double Score, StageKey? Stage);

    // Research on a stage both share (1): one side seeks research, the other provides it and works on a stage the first
    // works on or needs. It is worth as much to both sides.
    private StageMatch Research(Entry me, Entry partner)
    {
        var (researcher, seeker) = me.Seeks.HasFlag(PartnerTypes.Research) && partner.Provides.HasFlag(PartnerTypes.Research) ? (partner, me)
            : partner.Seeks.HasFlag(PartnerTypes.Research) && me.Provides.HasFlag(PartnerTypes.Research) ? (me, partner)
            : (null, null);
        foreach (var stage in researcher?.Stages ?? [])
        {
            if (Array.IndexOf(seeker!.Stages, stage) >= 0 || Array.IndexOf(seeker.NeedStages, stage) >= 0)
            {
                return new StageMatch(1, stages[stage].Key);
            }
        }

        return default;
    }

    // The supplier stands on a stage the buyer asked for (1), or on a stage that supplies one of the buyer's (0.8).
    private StageMatch UpstreamStage(Entry supplier, Entry buyer)
    {
        foreach (var stage in supplier.Stages)
        {
            if (Array.IndexOf(buyer.NeedStages, stage) >= 0)
            {
                return new StageMatch(1, stages[stage].Key);
            }
        }

        foreach (var stage in supplier.Stages)
        {
            var downstream = stages[stage].Downstream;
            foreach (var theirs in buyer.Stages)
            {
                if (downstream.Contains(theirs))
                {
                    return new StageMatch(0.8, stages[stage].Key);
                }
            }
        }

        return default;
    }
}
