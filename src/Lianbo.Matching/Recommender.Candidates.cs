namespace Lianbo.Matching;

// The candidate lists of a recommendation: which profiles are looked at, a batch at a time, and the bound under which a list is skipped.
public sealed partial class Recommender
{
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
        // Research on a shared stage fits both sides fully.
        var research = p.Stages.Count + p.NeedStages.Count > 0
            && ((p.Seeks.HasFlag(PartnerTypes.Research) && provides.HasFlag(PartnerTypes.Research)) || (seeks.HasFlag(PartnerTypes.Research) && p.Provides.HasFlag(PartnerTypes.Research)))
            ? 1 : 0;
        var toMe = ValueBound(
            (me.WantsSuppliers && p.NeedHs.Count > 0) || (me.WantsBuyers && p.OfferHs.Count > 0) ? fit : 0,
            Math.Max(research, Math.Max(me.WantsSuppliers ? (p.NeedStages.Count > 0 ? 1 : upstream) : 0, me.WantsBuyers && p.Stages.Count > 0 ? 1 : 0)),
            p.Seeks == PartnerTypes.None ? 0.5 : (p.Seeks & provides) != 0 ? 1 : 0);
        var (theyWantSuppliers, theyWantBuyers) = (WantsSuppliers(seeks), WantsBuyers(seeks));
        var toThem = ValueBound(
            (theyWantSuppliers && p.OfferHs.Count > 0) || (theyWantBuyers && p.NeedHs.Count > 0) ? fit : 0,
            Math.Max(research, Math.Max(theyWantSuppliers && p.Stages.Count > 0 ? 1 : 0, theyWantBuyers ? (p.NeedStages.Count > 0 ? 1 : upstream) : 0)),
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
