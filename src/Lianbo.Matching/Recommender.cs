namespace Lianbo.Matching;

/// <summary>
/// Reciprocal, chain-aware partner recommendations over an in-memory snapshot of profiles. A partner is good for
/// an organisation when its outputs feed the organisation's inputs (or the reverse, for one that seeks buyers):
/// products by HS code with the hierarchy (subheading → heading → chapter), stages by chain adjacency, and texts
/// by BM25; then the partner type and region sought. The pair's score is the harmonic mean of both directions, so
/// a match must be worth something to both; the expo's aims (large ↔ SME, foreign ↔ domestic, research ↔
/// industry, diversified sourcing) multiply it. Profiles can be added or changed at any time; the next
/// recommendation sees them.
/// </summary>
public sealed class Recommender : IDisposable
{
    private readonly Lock gate = new();
    private readonly Dictionary<Guid, Profile> profiles = [];
    private readonly Dictionary<string, HashSet<Guid>> offersByKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<Guid>> needsByKey = new(StringComparer.Ordinal);
    private readonly Dictionary<StageKey, HashSet<Guid>> byStage = [];
    private readonly Dictionary<StageKey, HashSet<Guid>> byNeedStage = [];
    private readonly TextIndex offerTexts = new();
    private readonly TextIndex needTexts = new();

    public Recommender(IEnumerable<Profile> snapshot, ChainGraph chains, MatchingOptions? options = null)
    {
        Chains = chains;
        Options = options ?? MatchingOptions.Default;
        foreach (var profile in snapshot)
        {
            Upsert(profile);
        }
    }

    public ChainGraph Chains { get; }
    public MatchingOptions Options { get; }

    public int Count
    {
        get
        {
            lock (gate)
            {
                return profiles.Count;
            }
        }
    }

    /// <summary>Adds or replaces a profile; the next recommendation sees it.</summary>
    public void Upsert(Profile profile)
    {
        lock (gate)
        {
            RemoveFromIndexes(profile.Id);
            profiles[profile.Id] = profile;
            foreach (var key in profile.OfferHs.SelectMany(Keys).Distinct(StringComparer.Ordinal))
            {
                Add(offersByKey, key, profile.Id);
            }

            foreach (var key in profile.NeedHs.SelectMany(Keys).Distinct(StringComparer.Ordinal))
            {
                Add(needsByKey, key, profile.Id);
            }

            foreach (var stage in profile.Stages)
            {
                Add(byStage, stage, profile.Id);
            }

            foreach (var stage in profile.NeedStages)
            {
                Add(byNeedStage, stage, profile.Id);
            }
        }

        offerTexts.Upsert(profile.Id, profile.OfferText);
        needTexts.Upsert(profile.Id, profile.NeedText);
    }

    public void Remove(Guid id)
    {
        lock (gate)
        {
            RemoveFromIndexes(id);
            profiles.Remove(id);
        }

        offerTexts.Upsert(id, "");
        needTexts.Upsert(id, "");
    }

    /// <summary>The best partners for an organisation, best first; empty for an unknown one.</summary>
    public IReadOnlyList<Recommendation> Recommend(Guid id, int limit = 20)
    {
        Profile? me;
        lock (gate)
        {
            me = profiles.GetValueOrDefault(id);
        }

        return me is null ? [] : Recommend(me, limit);
    }

    /// <summary>The best partners for a profile that need not be in the snapshot (e.g. one procurement need of a buyer).</summary>
    public IReadOnlyList<Recommendation> Recommend(Profile me, int limit = 20)
    {
        var id = me.Id;
        List<Profile> candidates;
        lock (gate)
        {
            candidates = [.. CandidateIds(me).Where(c => c != id).Select(c => profiles.GetValueOrDefault(c)).OfType<Profile>()];
        }

        // Text relevance from both sides: partners whose offer text answers my need text, and partners whose need
        // text my offer text answers (BM25, normalised by the best hit of each query).
        var suppliersText = offerTexts.Search(me.NeedText, Options.TextCandidates);
        var buyersText = needTexts.Search(me.OfferText, Options.TextCandidates);
        lock (gate)
        {
            candidates.AddRange(suppliersText.Keys.Concat(buyersText.Keys).Where(c => c != id).Select(c => profiles.GetValueOrDefault(c)).OfType<Profile>());
        }

        var text = new TextScores(suppliersText, buyersText);
        return [.. candidates.DistinctBy(c => c.Id)
            .Select(other => Score(me, other, text))
            .OfType<Recommendation>()
            .OrderByDescending(r => r.Score).ThenBy(r => r.Partner)
            .Take(limit)];
    }

    /// <summary>The pair's score and reasons from <paramref name="me"/>'s side; null when a veto applies or nothing fits.</summary>
    public Recommendation? Score(Guid me, Guid other)
    {
        Profile a, b;
        lock (gate)
        {
            if (!profiles.TryGetValue(me, out a!) || !profiles.TryGetValue(other, out b!))
            {
                return null;
            }
        }

        var text = new TextScores(offerTexts.Search(a.NeedText, Options.TextCandidates), needTexts.Search(a.OfferText, Options.TextCandidates));
        return Score(a, b, text);
    }

    private sealed record TextScores(Dictionary<Guid, double> Suppliers, Dictionary<Guid, double> Buyers);

    private Recommendation? Score(Profile me, Profile other, TextScores text)
    {
        if (Vetoed(me, other))
        {
            return null;
        }

        var reasons = new List<Reason>();
        var toMe = Value(me, other, text.Suppliers.GetValueOrDefault(other.Id), text.Buyers.GetValueOrDefault(other.Id), reasons);
        // The other side's view: the same pair of texts, seen from the partner (the shared words count both ways).
        var toThem = Value(other, me, text.Buyers.GetValueOrDefault(other.Id), text.Suppliers.GetValueOrDefault(other.Id), null);
        if (toMe <= 0 || toThem <= 0)
        {
            return null;
        }

        var score = 2 * toMe * toThem / (toMe + toThem) * Boost(me, other, reasons);
        return new Recommendation(other.Id, score, toMe, toThem, reasons);
    }

    // How well `partner` serves `me`: as a supplier of my needs and/or a buyer of my offers, as I seek; then the
    // partner type and region I seek. Zero without any complementarity.
    private double Value(Profile me, Profile partner, double supplierText, double buyerText, List<Reason>? reasons)
    {
        var wantsSuppliers = me.Seeks == PartnerTypes.None || me.Seeks.HasFlag(PartnerTypes.Supplier) || (me.Seeks & (PartnerTypes.Research | PartnerTypes.Service | PartnerTypes.Investor)) != 0;
        var wantsBuyers = me.Seeks == PartnerTypes.None || me.Seeks.HasFlag(PartnerTypes.Buyer);

        var supply = wantsSuppliers ? Products(partner.OfferHs, me.NeedHs) : default;
        var buy = wantsBuyers ? Products(me.OfferHs, partner.NeedHs) : default;
        var upstream = wantsSuppliers ? UpstreamStage(partner, me) : default;
        var downstream = wantsBuyers ? UpstreamStage(me, partner) : default;
        var textScore = Math.Max(wantsSuppliers ? supplierText : 0, wantsBuyers ? buyerText : 0);

        var product = Math.Max(supply.Score, buy.Score);
        var stage = Math.Max(upstream.Score, downstream.Score);
        if (product + stage + textScore <= 0)
        {
            return 0;
        }

        var type = me.Seeks == PartnerTypes.None ? 0.5 : (me.Seeks & partner.Provides) != 0 ? 1 : 0;
        var region = me.TargetCountries.Count == 0 && me.TargetRegions.Count == 0 ? 1
            : partner.Country is { } c && (me.TargetCountries.Contains(c) || partner.Regions.Any(me.TargetRegions.Contains)) ? 1 : 0;
        if (reasons is not null)
        {
            if (supply.Score > 0)
            {
                reasons.Add(new Reason(ReasonKind.SuppliesProduct, Hs: supply.Offer, Other: supply.Need));
            }

            if (buy.Score > 0)
            {
                reasons.Add(new Reason(ReasonKind.BuysProduct, Hs: buy.Offer, Other: buy.Need));
            }

            if (upstream.Score > 0)
            {
                reasons.Add(new Reason(ReasonKind.UpstreamOfYou, Stage: upstream.Stage));
            }

            if (downstream.Score > 0)
            {
                reasons.Add(new Reason(ReasonKind.DownstreamOfYou, Stage: downstream.Stage));
            }

            if (textScore >= 0.3)
            {
                reasons.Add(new Reason(ReasonKind.TextMatch, Share: textScore));
            }

            if (type == 1)
            {
                reasons.Add(new Reason(ReasonKind.SoughtType, Type: me.Seeks & partner.Provides));
            }

            if (region == 1 && (me.TargetCountries.Count > 0 || me.TargetRegions.Count > 0))
            {
                reasons.Add(new Reason(ReasonKind.TargetRegion, Country: partner.Country));
            }
        }

        // A partner of a type I did not ask for keeps half its value: it may still be useful, but less so.
        var o = Options;
        var value = o.ProductWeight * product + o.StageWeight * stage + o.TextWeight * textScore + o.TypeWeight * type + o.RegionWeight * region;
        return type == 0 ? value * o.OtherTypeFactor : value;
    }

    private double Boost(Profile me, Profile other, List<Reason> reasons)
    {
        var o = Options;
        var boost = 1.0;
        if (me.IsLarge != other.IsLarge && me.Kind == OrganisationKind.Enterprise && other.Kind == OrganisationKind.Enterprise)
        {
            boost *= o.LargeSmeBoost;
            reasons.Add(new Reason(ReasonKind.LargeAndSme));
        }

        if (me.Country is not null && other.Country is not null && me.IsDomestic(o.HomeCountry) != other.IsDomestic(o.HomeCountry))
        {
            boost *= o.ForeignDomesticBoost;
            reasons.Add(new Reason(ReasonKind.ForeignAndDomestic, Country: other.Country));
        }

        if ((me.Kind == OrganisationKind.Research) != (other.Kind == OrganisationKind.Research) &&
            (me.Kind == OrganisationKind.Enterprise || other.Kind == OrganisationKind.Enterprise))
        {
            boost *= o.ResearchIndustryBoost;
            reasons.Add(new Reason(ReasonKind.ResearchAndIndustry));
        }

        // Resilience: I import a product I need mostly from one country; a supplier of it elsewhere spreads the risk.
        foreach (var source in me.Sourcing.Where(s => s.Share >= o.ConcentratedShare && other.Country is not null && other.Country != s.Country))
        {
            if (Products(other.OfferHs, [source.Hs]).Score > 0)
            {
                boost *= o.ResilienceBoost;
                reasons.Add(new Reason(ReasonKind.Diversifies, Hs: source.Hs, Country: source.Country, Share: source.Share));
                break;
            }
        }

        return boost;
    }

    // Vetoes: the same organisation, an exclusion or an earlier refusal on either side, and direct competitors
    // (the same stage and the same products) unless the organisation asked for them.
    private static bool Vetoed(Profile me, Profile other) =>
        me.Id == other.Id ||
        me.Excluded.Contains(other.Id) || other.Excluded.Contains(me.Id) ||
        me.Declined.Contains(other.Id) || other.Declined.Contains(me.Id) ||
        (!me.AcceptsCompetitors && Competitors(me, other));

    internal static bool Competitors(Profile a, Profile b) =>
        a.Stages.Intersect(b.Stages).Any() &&
        a.OfferHs.Any(x => b.OfferHs.Any(y => Heading(x) == Heading(y)));

    internal readonly record struct ProductMatch(double Score, string? Offer, string? Need);

    /// <summary>
    /// The best fit between offered and needed HS codes: when one code contains the other the fit is as precise as
    /// the broader code (subheading 1, heading 0.85, chapter 0.5); otherwise the same heading 0.6, the same chapter 0.25.
    /// </summary>
    internal static ProductMatch Products(IReadOnlyList<string> offers, IReadOnlyList<string> needs)
    {
        var best = default(ProductMatch);
        foreach (var need in needs)
        {
            foreach (var offer in offers)
            {
                var score = Fit(offer, need);
                if (score > best.Score)
                {
                    best = new ProductMatch(score, offer, need);
                }
            }
        }

        return best;
    }

    private static double Fit(string offer, string need)
    {
        if (offer.StartsWith(need, StringComparison.Ordinal) || need.StartsWith(offer, StringComparison.Ordinal))
        {
            return Math.Min(offer.Length, need.Length) switch { >= 6 => 1.0, >= 4 => 0.85, _ => 0.5 };
        }

        if (offer.Length >= 4 && need.Length >= 4 && offer.AsSpan(0, 4).SequenceEqual(need.AsSpan(0, 4)))
        {
            return 0.6;
        }

        return offer.AsSpan(0, 2).SequenceEqual(need.AsSpan(0, 2)) ? 0.25 : 0;
    }

    private readonly record struct StageMatch(double Score, StageKey? Stage);

    // The supplier stands on a stage the buyer asked for (1), or on a stage that supplies one of the buyer's (0.8).
    private StageMatch UpstreamStage(Profile supplier, Profile buyer)
    {
        foreach (var stage in supplier.Stages)
        {
            if (buyer.NeedStages.Contains(stage))
            {
                return new StageMatch(1, stage);
            }
        }

        foreach (var stage in supplier.Stages)
        {
            if (buyer.Stages.Any(b => Chains.Supplies(stage, b)))
            {
                return new StageMatch(0.8, stage);
            }
        }

        return default;
    }

    // Where to look for partners: the same headings (or chapters for chapter-level codes) on the other side, and
    // the adjacent stages. Text matches are added by the caller.
    private HashSet<Guid> CandidateIds(Profile me)
    {
        var ids = new HashSet<Guid>();
        foreach (var key in me.NeedHs.Select(LookupKey))
        {
            ids.UnionWith(offersByKey.GetValueOrDefault(key) ?? []);
        }

        foreach (var key in me.OfferHs.Select(LookupKey))
        {
            ids.UnionWith(needsByKey.GetValueOrDefault(key) ?? []);
        }

        foreach (var stage in me.NeedStages.Concat(me.Stages.SelectMany(Chains.Upstream)))
        {
            ids.UnionWith(byStage.GetValueOrDefault(stage) ?? []);
        }

        foreach (var stage in me.Stages)
        {
            ids.UnionWith(byNeedStage.GetValueOrDefault(stage) ?? []);
            foreach (var downstream in Chains.Downstream(stage))
            {
                ids.UnionWith(byStage.GetValueOrDefault(downstream) ?? []);
            }
        }

        return ids;
    }

    // A code is indexed under its chapter and heading; a need is looked up by its heading (chapter for a chapter).
    private static IEnumerable<string> Keys(string hs) => hs.Length >= 4 ? [hs[..2], hs[..4]] : [hs[..Math.Min(2, hs.Length)]];

    private static string LookupKey(string hs) => hs.Length >= 4 ? hs[..4] : hs[..Math.Min(2, hs.Length)];

    private static string Heading(string hs) => hs.Length >= 4 ? hs[..4] : hs;

    private static void Add<TKey>(Dictionary<TKey, HashSet<Guid>> index, TKey key, Guid id)
        where TKey : notnull
    {
        if (!index.TryGetValue(key, out var set))
        {
            index[key] = set = [];
        }

        set.Add(id);
    }

    private void RemoveFromIndexes(Guid id)
    {
        if (!profiles.TryGetValue(id, out var old))
        {
            return;
        }

        foreach (var key in old.OfferHs.SelectMany(Keys))
        {
            offersByKey.GetValueOrDefault(key)?.Remove(id);
        }

        foreach (var key in old.NeedHs.SelectMany(Keys))
        {
            needsByKey.GetValueOrDefault(key)?.Remove(id);
        }

        foreach (var stage in old.Stages)
        {
            byStage.GetValueOrDefault(stage)?.Remove(id);
        }

        foreach (var stage in old.NeedStages)
        {
            byNeedStage.GetValueOrDefault(stage)?.Remove(id);
        }
    }

    public void Dispose()
    {
        offerTexts.Dispose();
        needTexts.Dispose();
    }
}
