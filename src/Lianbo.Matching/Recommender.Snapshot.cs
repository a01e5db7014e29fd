namespace Lianbo.Matching;

// The snapshot: each profile packed in an entry of its slot, and the lists by HS key, subheading and stage that lead to it.
public sealed partial class Recommender
{
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
            // An unlisted profile has its entry (it is recommended to) but is in no list that leads to a candidate.
            if (profile.Listed)
            {
                Index(entry, slot);
            }
        }
        finally
        {
            gate.ExitWriteLock();
        }

        if (SearchesTexts)
        {
            // An unlisted profile's texts leave the index (they may be there from when it was listed).
            offerTexts.Upsert(profile.Id, profile.Listed ? texts.Offer : null);
            needTexts.Upsert(profile.Id, profile.Listed ? texts.Need : null);
        }
    }

    private void Index(Entry entry, int slot)
    {
        foreach (var key in entry.Profile.OfferHs.SelectMany(Keys).Distinct(StringComparer.Ordinal))
        {
            Add(offersByKey, key, entry, slot);
        }

        foreach (var key in entry.Profile.NeedHs.SelectMany(Keys).Distinct(StringComparer.Ordinal))
        {
            Add(needsByKey, key, entry, slot);
        }

        foreach (var key in Subheadings(entry.Profile.OfferHs))
        {
            Add(offersBySubheading, key, entry, slot);
        }

        foreach (var key in Subheadings(entry.Profile.NeedHs))
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

        foreach (var stage in ResearchStages(entry))
        {
            stages[stage].Researchers.Add(entry.Traits, slot);
        }

        foreach (var stage in ResearchSought(entry))
        {
            stages[stage].ResearchSeekers.Add(entry.Traits, slot);
        }

        shortCodes += entry.HasShortCode ? 1 : 0;
    }

    private void Unindex(int slot)
    {
        var old = entries[slot]!;
        if (!old.Profile.Listed)
        {
            return;
        }

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

        foreach (var stage in ResearchStages(old))
        {
            stages[stage].Researchers.Remove(old.Traits, slot);
        }

        foreach (var stage in ResearchSought(old))
        {
            stages[stage].ResearchSeekers.Remove(old.Traits, slot);
        }

        shortCodes -= old.HasShortCode ? 1 : 0;
    }

    // The stages an organisation does research on (its own, when it provides research), and those it seeks research on.
    private static IEnumerable<int> ResearchStages(Entry entry) => entry.Provides.HasFlag(PartnerTypes.Research) ? entry.Stages : [];

    private static IEnumerable<int> ResearchSought(Entry entry) => entry.Seeks.HasFlag(PartnerTypes.Research) ? entry.Stages.Concat(entry.NeedStages).Distinct() : [];

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


    /// <summary>A stage, the stages next to it in the chains, and the slots of the profiles on it and of those asking for it.</summary>
    private sealed class Stage(StageKey key)
    {
        public StageKey Key { get; } = key;
        public List<int> Downstream { get; } = [];
        public List<int> Upstream { get; } = [];
        public Group Members { get; } = new();
        public Group Seekers { get; } = new();

        /// <summary>Those that provide research and work on the stage; those that seek research on it (their stage or a need stage).</summary>
        public Group Researchers { get; } = new();

        public Group ResearchSeekers { get; } = new();
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
            // Rivals stand on the stages the organisation entered: stages read from a text's products are often only near (a
            // wafer maker and a polysilicon maker share a stage), and a wrong veto hides a partner for good.
            RivalStages = profile.StagesRead ? [] : stages;
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
        public int[] RivalStages { get; }
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
}
