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
public sealed partial class Recommender : IDisposable
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

    /// <summary>The offers' and the needs' text indexes, for the bench that times their searches alone.</summary>
    internal (TextIndex Offers, TextIndex Needs) Texts => (offerTexts, needTexts);

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

            // Research on a shared stage: the researchers of my stages when I seek research, those seeking research on
            // my stages when I provide it.
            foreach (var stage in ResearchSought(me))
            {
                AddUnits(units, me, stages[stage].Researchers, chapter);
            }

            foreach (var stage in ResearchStages(me))
            {
                AddUnits(units, me, stages[stage].ResearchSeekers, chapter);
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

    /// <summary>The pair's score and reasons from <paramref name="me"/>'s side; null when a veto applies, the other is unlisted or nothing fits.</summary>
    public Recommendation? Score(Guid me, Guid other)
    {
        if (Find(me) is not { } a || Find(other) is not { Profile.Listed: true } b)
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

    public void Dispose()
    {
        offerTexts.Dispose();
        needTexts.Dispose();
        gate.Dispose();
    }
}
