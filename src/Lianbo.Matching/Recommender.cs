using System.Collections.Concurrent;

namespace Lianbo.Matching;

/// <summary>
/// Reciprocal, chain-aware partner recommendations over an in-memory snapshot of profiles. A partner is good for
/// an organisation when its outputs feed the organisation's inputs (or the reverse, for one that seeks buyers):
/// products by HS code with the hierarchy (subheading → heading → chapter), stages by chain adjacency, and texts
/// by BM25; then the partner type and region sought. The pair's score is the harmonic mean of both directions, so
/// a match must be worth something to both; the expo's aims (large ↔ SME, foreign ↔ domestic, research ↔
/// industry, diversified sourcing) multiply it. Profiles can be added or changed at any time; the next
/// recommendation sees them. Any number of threads may ask for recommendations at once; a change waits for the
/// reads under way.
/// </summary>
public sealed class Recommender : IDisposable
{
    private readonly ReaderWriterLockSlim gate = new(LockRecursionPolicy.NoRecursion);

    // Each profile has a slot; the indexes below list slots.
    private readonly Dictionary<Guid, int> slots = [];
    private readonly Stack<int> freeSlots = [];
    private Entry?[] entries = new Entry?[16];
    private int slotCount;

    // Offers and needs by chapter and heading (codes of six digits or more apart), and by subheading (the first six
    // digits of longer codes).
    private readonly Dictionary<string, Group> offersByKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Group> needsByKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Group> offersBySubheading = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Group> needsBySubheading = new(StringComparer.Ordinal);
    private readonly Dictionary<StageKey, int> stageIds = [];
    private readonly List<Stage> stages = [];

    // Profiles with a code shorter than a heading: such a code fits codes of other headings (by containment, 0.5).
    private int shortCodes;

    private readonly TextIndex offerTexts;
    private readonly TextIndex needTexts;
    private readonly ConcurrentBag<Scratch> scratches = [];

    public Recommender(IEnumerable<Profile> snapshot, ChainGraph chains, MatchingOptions? options = null)
    {
        Chains = chains;
        Options = options ?? MatchingOptions.Default;
        (offerTexts, needTexts) = (new TextIndex(Options.RememberedSearches), new TextIndex(Options.RememberedSearches));
        foreach (var (from, to) in chains.Edges)
        {
            stages[StageId(from)].Downstream.Add(StageId(to));
            stages[StageId(to)].Upstream.Add(StageId(from));
        }

        // Analysing the texts is most of the work: it runs on every core, a chunk of profiles at a time; the profiles
        // are then stored one by one in the snapshot's order, so that texts with equal scores rank in that order.
        foreach (var chunk in snapshot.Chunk(4096))
        {
            var texts = new (TextIndex.Document?, TextIndex.Document?)[chunk.Length];
            if (SearchesTexts)
            {
                Parallel.For(0, chunk.Length, i => texts[i] = Analyse(chunk[i]));
            }

            for (var i = 0; i < chunk.Length; i++)
            {
                Store(chunk[i], texts[i]);
            }
        }

        offerTexts.Trim();
        needTexts.Trim();
    }

    public ChainGraph Chains { get; }
    public MatchingOptions Options { get; }

    /// <summary>
    /// Whether text searches are remembered until the texts change (as <see cref="MatchingOptions.RememberedSearches"/>
    /// sets); off, every recommendation searches afresh (the bench times one participant so).
    /// </summary>
    internal bool RemembersSearches
    {
        get => offerTexts.Answers > 0;
        set => offerTexts.Answers = needTexts.Answers = value ? Options.RememberedSearches : 0;
    }

    public int Count
    {
        get
        {
            gate.EnterReadLock();
            try
            {
                return slots.Count;
            }
            finally
            {
                gate.ExitReadLock();
            }
        }
    }

    // Without text candidates no text is ever searched, so none is indexed.
    private bool SearchesTexts => Options.TextCandidates > 0;

    /// <summary>Adds or replaces a profile; the next recommendation sees it.</summary>
    public void Upsert(Profile profile) => Store(profile, SearchesTexts ? Analyse(profile) : default);

    public void Remove(Guid id)
    {
        gate.EnterWriteLock();
        try
        {
            if (slots.Remove(id, out var slot))
            {
                Unindex(slot);
                entries[slot] = null;
                freeSlots.Push(slot);
            }
        }
        finally
        {
            gate.ExitWriteLock();
        }

        offerTexts.Upsert(id, null);
        needTexts.Upsert(id, null);
    }

    /// <summary>The best partners for an organisation, best first; empty for an unknown one.</summary>
    public IReadOnlyList<Recommendation> Recommend(Guid id, int limit = 20)
    {
        return Find(id) is { } me ? Recommend(me, limit) : [];
    }

    /// <summary>The best partners for a profile that need not be in the snapshot (e.g. one procurement need of a buyer).</summary>
    public IReadOnlyList<Recommendation> Recommend(Profile probe, int limit = 20)
    {
        Entry me;
        gate.EnterWriteLock();
        try
        {
            me = new Entry(probe, [.. probe.Stages.Select(StageId)], [.. probe.NeedStages.Select(StageId)], Options.HomeCountry);
        }
        finally
        {
            gate.ExitWriteLock();
        }

        return Recommend(me, limit);
    }

    private IReadOnlyList<Recommendation> Recommend(Entry me, int limit)
    {
        var id = me.Profile.Id;
        if (limit <= 0)
        {
            return [];
        }

        var (suppliersText, buyersText) = SearchTexts(me.Profile);
        var scratch = scratches.TryTake(out var pooled) ? pooled : new Scratch();
        gate.EnterReadLock();
        try
        {
            scratch.Begin(slotCount, limit);
            if (slots.TryGetValue(id, out var own))
            {
                scratch.Mark(own);
            }

            var texts = new List<int>(suppliersText.Count + buyersText.Count);
            foreach (var (partner, score) in suppliersText)
            {
                if (slots.TryGetValue(partner, out var slot))
                {
                    scratch.SetSupplierText(slot, score);
                    texts.Add(slot);
                }
            }

            foreach (var (partner, score) in buyersText)
            {
                if (slots.TryGetValue(partner, out var slot))
                {
                    scratch.SetBuyerText(slot, score);
                    texts.Add(slot);
                }
            }

            // The texts' matches first: their text scores are known. Then the other candidates, a list of one class at a
            // time, best bound first: those sharing a subheading with me either way (products may fit fully), a heading
            // (at most 0.85; a code of six digits or more fits another such code of its heading by 0.6 unless they share
            // the subheading, listed above), or standing on an adjacent stage (at most by chapter). Once a bound falls
            // below the last of the list, no later candidate can enter it.
            foreach (var slot in texts)
            {
                Consider(me, scratch, slot);
            }

            var units = new List<(HashSet<int> Slots, double Bound)>();
            foreach (var need in me.Profile.NeedHs.Where(n => n.Length >= 6))
            {
                AddUnits(units, me, offersBySubheading.GetValueOrDefault(need[..6]), 1);
            }

            foreach (var offer in me.Profile.OfferHs.Where(o => o.Length >= 6))
            {
                AddUnits(units, me, needsBySubheading.GetValueOrDefault(offer[..6]), 1);
            }

            foreach (var need in me.Profile.NeedHs)
            {
                AddUnits(units, me, offersByKey.GetValueOrDefault(LookupKey(need)), 0.85);
                AddUnits(units, me, offersByKey.GetValueOrDefault(LookupKey(need) + Long), need.Length >= 6 ? 0.6 : 0.85);
            }

            foreach (var offer in me.Profile.OfferHs)
            {
                AddUnits(units, me, needsByKey.GetValueOrDefault(LookupKey(offer)), 0.85);
                AddUnits(units, me, needsByKey.GetValueOrDefault(LookupKey(offer) + Long), offer.Length >= 6 ? 0.6 : 0.85);
            }

            var chapter = shortCodes > 0 ? 0.5 : 0.25;
            foreach (var stage in me.NeedStages)
            {
                AddUnits(units, me, stages[stage].Members, chapter);
            }

            foreach (var stage in me.Stages)
            {
                foreach (var upstream in stages[stage].Upstream)
                {
                    AddUnits(units, me, stages[upstream].Members, chapter);
                }

                AddUnits(units, me, stages[stage].Seekers, chapter);
                foreach (var downstream in stages[stage].Downstream)
                {
                    AddUnits(units, me, stages[downstream].Members, chapter);
                }
            }

            units.Sort((a, b) => b.Bound.CompareTo(a.Bound));
            foreach (var (slots, bound) in units)
            {
                // A bound of 0: without a text match no one of the class can be worth anything to both sides.
                if (bound <= 0 || (scratch.Full && bound < scratch.Worst * (1 - 1e-9)))
                {
                    break;
                }

                ConsiderAll(me, scratch, slots);
            }

            return [.. scratch.Best().Select(slot => Explain(me, entries[slot]!, scratch.Texts(slot))!)];
        }
        finally
        {
            gate.ExitReadLock();
            scratches.Add(scratch);
        }
    }

    /// <summary>The pair's score and reasons from <paramref name="me"/>'s side; null when a veto applies or nothing fits.</summary>
    public Recommendation? Score(Guid me, Guid other)
    {
        if (Find(me) is not { } a || Find(other) is not { } b)
        {
            return null;
        }

        var (suppliersText, buyersText) = SearchTexts(a.Profile);
        gate.EnterReadLock();
        try
        {
            return Explain(a, b, (suppliersText.GetValueOrDefault(b.Id), buyersText.GetValueOrDefault(b.Id)));
        }
        finally
        {
            gate.ExitReadLock();
        }
    }

    /// <summary>
    /// Text relevance from both sides: partners whose offer text answers my need text, and partners whose need text my
    /// offer text answers (BM25, normalised by the best hit of each query). The two searches run at once, so that with a
    /// core free a recommendation waits for the longer one only; on a busy pool the second is run by the waiting thread.
    /// </summary>
    private (IReadOnlyDictionary<Guid, double> Suppliers, IReadOnlyDictionary<Guid, double> Buyers) SearchTexts(Profile me)
    {
        if (string.IsNullOrWhiteSpace(me.NeedText) || string.IsNullOrWhiteSpace(me.OfferText))
        {
            return (offerTexts.Search(me.NeedText, Options.TextCandidates), needTexts.Search(me.OfferText, Options.TextCandidates));
        }

        var buyers = Task.Run(() => needTexts.Search(me.OfferText, Options.TextCandidates));
        var suppliers = offerTexts.Search(me.NeedText, Options.TextCandidates);
        return (suppliers, buyers.GetAwaiter().GetResult());
    }

    private Entry? Find(Guid id)
    {
        gate.EnterReadLock();
        try
        {
            return slots.TryGetValue(id, out var slot) ? entries[slot] : null;
        }
        finally
        {
            gate.ExitReadLock();
        }
    }

    private void AddUnits(List<(HashSet<int>, double)> units, Entry me, Group? group, double fit)
    {
        foreach (var (traits, slots) in group?.Classes ?? [])
        {
            units.Add((slots, Bound(me, traits, fit)));
        }
    }

    // A list's candidates a batch at a time: first each new one's entry and codes are read, then they are scored. The
    // reads of a batch do not wait for one another, so the memory fetches them together (at a million profiles nearly
    // every candidate's entry is a trip to memory); scored one by one, each would wait for its own.
    private void ConsiderAll(Entry me, Scratch scratch, HashSet<int> slots)
    {
        const int Batch = 16;
        Span<int> batch = stackalloc int[Batch];
        var count = 0;
        var touched = 0;
        foreach (var slot in slots)
        {
            if (!scratch.Mark(slot) || entries[slot] is not { } entry)
            {
                continue;
            }

            touched += entry.Offers.Length + entry.Needs.Length + entry.Stages.Length;
            batch[count++] = slot;
            if (count == Batch)
            {
                ScoreAll(me, scratch, batch);
                count = 0;
            }
        }

        ScoreAll(me, scratch, batch[..count]);
        // Kept, so that the reads are not left out as unused.
        scratch.Touched = touched;
    }

    private void ScoreAll(Entry me, Scratch scratch, ReadOnlySpan<int> batch)
    {
        foreach (var slot in batch)
        {
            if (TryScore(me, entries[slot]!, scratch.Texts(slot), null, out var score, out _, out _))
            {
                scratch.Offer(slot, score, entries[slot]!.Id);
            }
        }
    }

    private void Consider(Entry me, Scratch scratch, int slot)
    {
        if (scratch.Mark(slot) && entries[slot] is not null)
        {
            ScoreAll(me, scratch, [slot]);
        }
    }

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
        var textScore = Math.Max(wantsSuppliers ? supplierText : 0, wantsBuyers ? buyerText : 0);

        var product = Math.Max(supply.Score, buy.Score);
        var stage = Math.Max(upstream.Score, downstream.Score);
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

    /// <summary>
    /// The highest score a candidate of a class can reach with me when its products fit mine at most by
    /// <paramref name="fit"/> and its texts did not match mine: the class fixes the partner types both sides seek and
    /// provide, which directions the candidate values, and the boosts but resilience; stages and regions are taken at
    /// their best. Infinite when a weight is negative (nothing is then bounded).
    /// </summary>
    private double Bound(Entry me, int traits, double fit)
    {
        var o = Options;
        if (o.ProductWeight < 0 || o.StageWeight < 0 || o.TextWeight < 0 || o.TypeWeight < 0 || o.RegionWeight < 0 || o.OtherTypeFactor < 0)
        {
            return double.PositiveInfinity;
        }

        var p = me.Profile;
        var (provides, seeks, kind, large, domestic) = Traits.Of(traits);
        var upstream = me.Stages.Any(s => stages[s].Upstream.Count > 0) ? 0.8 : 0;
        var toMe = ValueBound(
            (me.WantsSuppliers && p.NeedHs.Count > 0) || (me.WantsBuyers && p.OfferHs.Count > 0) ? fit : 0,
            Math.Max(me.WantsSuppliers ? (p.NeedStages.Count > 0 ? 1 : upstream) : 0, me.WantsBuyers && p.Stages.Count > 0 ? 1 : 0),
            p.Seeks == PartnerTypes.None ? 0.5 : (p.Seeks & provides) != 0 ? 1 : 0);
        var (theyWantSuppliers, theyWantBuyers) = (WantsSuppliers(seeks), WantsBuyers(seeks));
        var toThem = ValueBound(
            (theyWantSuppliers && p.OfferHs.Count > 0) || (theyWantBuyers && p.NeedHs.Count > 0) ? fit : 0,
            Math.Max(theyWantSuppliers && p.Stages.Count > 0 ? 1 : 0, theyWantBuyers ? (p.NeedStages.Count > 0 ? 1 : upstream) : 0),
            seeks == PartnerTypes.None ? 0.5 : (seeks & p.Provides) != 0 ? 1 : 0);
        if (toMe <= 0 || toThem <= 0)
        {
            return 0;
        }

        var boost = 1.0;
        if (p.IsLarge != large && p.Kind == OrganisationKind.Enterprise && kind == OrganisationKind.Enterprise)
        {
            boost *= o.LargeSmeBoost;
        }

        if (p.Country is not null && domestic is { } theirs && me.Domestic != theirs)
        {
            boost *= o.ForeignDomesticBoost;
        }

        if ((p.Kind == OrganisationKind.Research) != (kind == OrganisationKind.Research) &&
            (p.Kind == OrganisationKind.Enterprise || kind == OrganisationKind.Enterprise))
        {
            boost *= o.ResearchIndustryBoost;
        }

        if (p.Sourcing.Any(s => s.Share >= o.ConcentratedShare))
        {
            boost *= Math.Max(1, o.ResilienceBoost);
        }

        return 2 * toMe * toThem / (toMe + toThem) * boost;
    }

    // The most a side can value a partner with at most these product and stage fits, this type and no text; region at best.
    private double ValueBound(double product, double stage, double type)
    {
        if (product + stage <= 0)
        {
            return 0;
        }

        var o = Options;
        var value = o.ProductWeight * product + o.StageWeight * stage + o.TypeWeight * type + o.RegionWeight;
        return type == 0 ? value * o.OtherTypeFactor : value;
    }

    private static bool WantsSuppliers(PartnerTypes seeks) =>
        seeks == PartnerTypes.None || seeks.HasFlag(PartnerTypes.Supplier) || (seeks & (PartnerTypes.Research | PartnerTypes.Service | PartnerTypes.Investor)) != 0;

    private static bool WantsBuyers(PartnerTypes seeks) => seeks == PartnerTypes.None || seeks.HasFlag(PartnerTypes.Buyer);

    // Vetoes: the same organisation, an exclusion or an earlier refusal on either side, and direct competitors
    // (the same stage and the same products) unless the organisation asked for them.
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

    private static bool Competitors(Entry a, Entry b)
    {
        var sharesStage = false;
        foreach (var stage in a.Stages)
        {
            sharesStage |= Array.IndexOf(b.Stages, stage) >= 0;
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

    private (TextIndex.Document?, TextIndex.Document?) Analyse(Profile profile) => (offerTexts.Analyse(profile.OfferText), needTexts.Analyse(profile.NeedText));

    private void Store(Profile profile, (TextIndex.Document? Offer, TextIndex.Document? Need) texts)
    {
        gate.EnterWriteLock();
        try
        {
            if (slots.TryGetValue(profile.Id, out var slot))
            {
                Unindex(slot);
            }
            else
            {
                slot = freeSlots.Count > 0 ? freeSlots.Pop() : slotCount++;
                if (slot == entries.Length)
                {
                    Array.Resize(ref entries, entries.Length * 2);
                }

                slots[profile.Id] = slot;
            }

            var entry = new Entry(profile, [.. profile.Stages.Select(StageId)], [.. profile.NeedStages.Select(StageId)], Options.HomeCountry);
            entries[slot] = entry;
            foreach (var key in profile.OfferHs.SelectMany(Keys).Distinct(StringComparer.Ordinal))
            {
                Add(offersByKey, key, entry, slot);
            }

            foreach (var key in profile.NeedHs.SelectMany(Keys).Distinct(StringComparer.Ordinal))
            {
                Add(needsByKey, key, entry, slot);
            }

            foreach (var key in Subheadings(profile.OfferHs))
            {
                Add(offersBySubheading, key, entry, slot);
            }

            foreach (var key in Subheadings(profile.NeedHs))
            {
                Add(needsBySubheading, key, entry, slot);
            }

            foreach (var stage in entry.Stages)
            {
                stages[stage].Members.Add(entry.Traits, slot);
            }

            foreach (var stage in entry.NeedStages)
            {
                stages[stage].Seekers.Add(entry.Traits, slot);
            }

            shortCodes += entry.HasShortCode ? 1 : 0;
        }
        finally
        {
            gate.ExitWriteLock();
        }

        if (SearchesTexts)
        {
            offerTexts.Upsert(profile.Id, texts.Offer);
            needTexts.Upsert(profile.Id, texts.Need);
        }
    }

    private void Unindex(int slot)
    {
        var old = entries[slot]!;
        foreach (var key in old.Profile.OfferHs.SelectMany(Keys))
        {
            offersByKey.GetValueOrDefault(key)?.Remove(old.Traits, slot);
        }

        foreach (var key in old.Profile.NeedHs.SelectMany(Keys))
        {
            needsByKey.GetValueOrDefault(key)?.Remove(old.Traits, slot);
        }

        foreach (var key in Subheadings(old.Profile.OfferHs))
        {
            offersBySubheading.GetValueOrDefault(key)?.Remove(old.Traits, slot);
        }

        foreach (var key in Subheadings(old.Profile.NeedHs))
        {
            needsBySubheading.GetValueOrDefault(key)?.Remove(old.Traits, slot);
        }

        foreach (var stage in old.Stages)
        {
            stages[stage].Members.Remove(old.Traits, slot);
        }

        foreach (var stage in old.NeedStages)
        {
            stages[stage].Seekers.Remove(old.Traits, slot);
        }

        shortCodes -= old.HasShortCode ? 1 : 0;
    }

    private int StageId(StageKey key)
    {
        if (!stageIds.TryGetValue(key, out var id))
        {
            stageIds[key] = id = stages.Count;
            stages.Add(new Stage(key));
        }

        return id;
    }

    // A code is indexed under its chapter and heading; a need is looked up by its heading (chapter for a chapter).
    // Codes of six digits or more are listed apart, under the key with `Long` added.
    private static IEnumerable<string> Keys(string hs)
    {
        var suffix = hs.Length >= 6 ? Long : "";
        return hs.Length >= 4 ? [hs[..2] + suffix, hs[..4] + suffix] : [hs[..Math.Min(2, hs.Length)] + suffix];
    }

    private const string Long = "+";

    private static string LookupKey(string hs) => hs.Length >= 4 ? hs[..4] : hs[..Math.Min(2, hs.Length)];

    // Codes of six digits or more by their subheading: two of them fit fully (1) only when they share it.
    private static IEnumerable<string> Subheadings(IReadOnlyList<string> codes) => codes.Where(c => c.Length >= 6).Select(c => c[..6]).Distinct(StringComparer.Ordinal);

    private static void Add(Dictionary<string, Group> index, string key, Entry entry, int slot)
    {
        if (!index.TryGetValue(key, out var group))
        {
            index[key] = group = new Group();
        }

        group.Add(entry.Traits, slot);
    }

    public void Dispose()
    {
        offerTexts.Dispose();
        needTexts.Dispose();
        gate.Dispose();
    }

    /// <summary>A stage, the stages next to it in the chains, and the slots of the profiles on it and of those asking for it.</summary>
    private sealed class Stage(StageKey key)
    {
        public StageKey Key { get; } = key;
        public List<int> Downstream { get; } = [];
        public List<int> Upstream { get; } = [];
        public Group Members { get; } = new();
        public Group Seekers { get; } = new();
    }

    /// <summary>
    /// A posting list split by the traits of its profiles (see <see cref="Traits"/>): within a class everything that
    /// bounds a pair's score is known but the products, stages, regions and texts.
    /// </summary>
    private sealed class Group
    {
        public Dictionary<int, HashSet<int>> Classes { get; } = [];

        public void Add(int traits, int slot)
        {
            if (!Classes.TryGetValue(traits, out var slots))
            {
                Classes[traits] = slots = [];
            }

            slots.Add(slot);
        }

        public void Remove(int traits, int slot)
        {
            if (Classes.TryGetValue(traits, out var slots) && slots.Remove(slot) && slots.Count == 0)
            {
                Classes.Remove(traits);
            }
        }
    }

    /// <summary>What a profile provides and seeks, its kind, its size and whether it is domestic, packed in one number.</summary>
    private static class Traits
    {
        public static int Pack(Profile profile, bool domestic) =>
            ((int)profile.Provides & 31) | ((int)profile.Seeks & 31) << 5 | (int)profile.Kind << 10 | (profile.IsLarge ? 1 << 13 : 0) |
            (profile.Country is null ? 0 : domestic ? 1 : 2) << 14;

        public static (PartnerTypes Provides, PartnerTypes Seeks, OrganisationKind Kind, bool Large, bool? Domestic) Of(int traits) =>
            ((PartnerTypes)(traits & 31), (PartnerTypes)(traits >> 5 & 31), (OrganisationKind)(traits >> 10 & 7), (traits >> 13 & 1) == 1,
                (traits >> 14) switch { 0 => null, 1 => true, _ => false });
    }

    /// <summary>
    /// A profile as the scoring reads it: codes packed, stage numbers, what it seeks and provides, and what the boosts and
    /// vetoes read, made together so that they lie together in memory; the profile itself is read only for reasons,
    /// targets, refusals and sourcing. (Scoring a candidate costs mostly the memory it reads: at a million profiles a
    /// candidate's scattered profile, lists and code strings cost several times the arithmetic.)
    /// </summary>
    private sealed class Entry
    {
        public Entry(Profile profile, int[] stages, int[] needStages, string home)
        {
            Profile = profile;
            Id = profile.Id;
            Seeks = profile.Seeks;
            Provides = profile.Provides;
            Kind = profile.Kind;
            IsLarge = profile.IsLarge;
            Country = profile.Country;
            AcceptsCompetitors = profile.AcceptsCompetitors;
            Offers = [.. profile.OfferHs.Select(o => new HsCode(o))];
            Needs = [.. profile.NeedHs.Select(n => new HsCode(n))];
            Stages = stages;
            NeedStages = needStages;
            WantsSuppliers = Recommender.WantsSuppliers(profile.Seeks);
            WantsBuyers = Recommender.WantsBuyers(profile.Seeks);
            Domestic = profile.IsDomestic(home);
            Traits = Recommender.Traits.Pack(profile, Domestic);
            HasTargets = profile.TargetCountries.Count > 0 || profile.TargetRegions.Count > 0;
            HasRefusals = profile.Excluded.Count > 0 || profile.Declined.Count > 0;
            HasShortCode = Offers.Concat(Needs).Any(c => c.Length < 4);
        }

        public Profile Profile { get; }
        public Guid Id { get; }
        public PartnerTypes Seeks { get; }
        public PartnerTypes Provides { get; }
        public OrganisationKind Kind { get; }
        public bool IsLarge { get; }
        public string? Country { get; }
        public bool AcceptsCompetitors { get; }
        public HsCode[] Offers { get; }
        public HsCode[] Needs { get; }
        public int[] Stages { get; }
        public int[] NeedStages { get; }
        public bool WantsSuppliers { get; }
        public bool WantsBuyers { get; }
        public bool Domestic { get; }
        public bool HasTargets { get; }
        public bool HasRefusals { get; }
        public bool HasShortCode { get; }
        public int Traits { get; }
    }

    /// <summary>
    /// An HS code with its digits packed in a number (four bits each, the first in the highest place), so that prefixes
    /// are compared without reading the string. A code of other characters, or longer than fifteen, is compared as a string.
    /// </summary>
    private readonly struct HsCode
    {
        private const int MaxPacked = 15;
        private readonly long digits;

        public HsCode(string code)
        {
            Code = code;
            Length = code.Length;
            Packed = code.Length <= MaxPacked && code.All(char.IsAsciiDigit);
            for (var i = 0; Packed && i < code.Length; i++)
            {
                digits |= (long)(code[i] - '0') << (4 * (MaxPacked - 1 - i));
            }
        }

        public string Code { get; }
        public int Length { get; }
        private bool Packed { get; }

        public bool StartsWith(in HsCode prefix) =>
            prefix.Length <= Length && (Packed && prefix.Packed
                ? ((digits ^ prefix.digits) & Prefix(prefix.Length)) == 0
                : Code.StartsWith(prefix.Code, StringComparison.Ordinal));

        /// <summary>Whether both codes are at least <paramref name="length"/> long and agree on that many first characters.</summary>
        public bool Shares(in HsCode other, int length) =>
            Length >= length && other.Length >= length && (Packed && other.Packed
                ? ((digits ^ other.digits) & Prefix(length)) == 0
                : string.CompareOrdinal(Code, 0, other.Code, 0, length) == 0);

        // The heading a code is listed under: its first four characters, or the whole code when shorter.
        public bool SameHeading(in HsCode other) =>
            Length >= 4 ? Shares(other, 4) : Code == other.Code;

        // The bits of the first `length` digits.
        private static long Prefix(int length) => length == 0 ? 0 : -1L << (4 * (MaxPacked - length)) & ((1L << (4 * MaxPacked)) - 1);
    }

    /// <summary>
    /// One recommendation's working memory, reused: which slots were considered, text scores by slot, and the best
    /// partners so far in a heap with the worst at its root (a lower score, then a later id, is worse).
    /// </summary>
    private sealed class Scratch
    {
        private int[] marks = [];
        private int mark;
        private int limit;
        private readonly PriorityQueue<int, (double Score, Guid Id)> best = new(Worse.Instance);

        // The text scores of the few hundred slots the searches found, in a table small enough to stay in the cache.
        private readonly Dictionary<int, (double Supplier, double Buyer)> texts = [];

        public bool Full => best.Count == limit;

        public int Touched { get; set; }

        public double Worst => best.TryPeek(out _, out var worst) ? worst.Score : double.NegativeInfinity;

        public void Begin(int slots, int limit)
        {
            if (marks.Length < slots)
            {
                (marks, mark) = (new int[Math.Max(slots, marks.Length * 2)], 0);
            }

            if (++mark == int.MaxValue)
            {
                Array.Clear(marks);
                mark = 1;
            }

            this.limit = limit;
            best.Clear();
            texts.Clear();
        }

        /// <summary>True the first time a slot is seen in this recommendation.</summary>
        public bool Mark(int slot)
        {
            if (marks[slot] == mark)
            {
                return false;
            }

            marks[slot] = mark;
            return true;
        }

        public void SetSupplierText(int slot, double score) => texts[slot] = (score, texts.GetValueOrDefault(slot).Buyer);

        public void SetBuyerText(int slot, double score) => texts[slot] = (texts.GetValueOrDefault(slot).Supplier, score);

        /// <summary>The slot's text scores: its offer against my need, its need against my offer (0 where not found).</summary>
        public (double Supplier, double Buyer) Texts(int slot) => texts.Count == 0 ? default : texts.GetValueOrDefault(slot);

        public void Offer(int slot, double score, Guid id)
        {
            if (best.Count < limit)
            {
                best.Enqueue(slot, (score, id));
            }
            else if (best.TryPeek(out _, out var worst) && Worse.Instance.Compare((score, id), worst) > 0)
            {
                best.DequeueEnqueue(slot, (score, id));
            }
        }

        /// <summary>The slots kept, best first (a higher score, then an earlier id).</summary>
        public List<int> Best()
        {
            var slots = new List<int>(best.Count);
            while (best.TryDequeue(out var slot, out _))
            {
                slots.Add(slot);
            }

            slots.Reverse();
            return slots;
        }
    }

    private sealed class Worse : IComparer<(double Score, Guid Id)>
    {
        public static readonly Worse Instance = new();

        public int Compare((double Score, Guid Id) x, (double Score, Guid Id) y) =>
            x.Score != y.Score ? x.Score.CompareTo(y.Score) : y.Id.CompareTo(x.Id);
    }
}
