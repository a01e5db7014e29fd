namespace Lianbo.Matching;

// The judged evaluation set (issue 27): organisations written as firms write directory entries, partners judged by
// data/match-eval/judge.py from what each really offers and needs, a tuning part and a test part.
public static partial class Evaluation
{
    public const string TuningSet = "tuning";
    public const string TestSet = "test";

    /// <summary>Where the build puts a part of the judged set (data/match-eval/tuning.json or test.json).</summary>
    public static string JudgedSetFile(string part) => Path.Combine(AppContext.BaseDirectory, "match-eval", part + ".json");

    /// <summary>The subsets of judged pairs the table is given for.</summary>
    public static class Subsets
    {
        public const string All = "all";
        public const string SameLanguage = "same language";
        public const string CrossLanguage = "cross-language";
    }

    /// <summary>The judged methods: Lianbo as shipped, Lianbo without reading products from texts, and the baselines.</summary>
    public static class JudgedMethods
    {
        public const string Lianbo = "Lianbo";
        public const string WithoutTerms = "Lianbo without product terms";
        public const string Bm25Alone = "BM25 alone";
        public const string HsOverlap = "HS overlap Jaccard";
        public const string Random = "random";
    }

    /// <summary>A query of the judged set: its relevant partners, those of them in the other language, and its competitors.</summary>
    public sealed record JudgedQuery(Guid Query, IReadOnlySet<Guid> Relevant, IReadOnlySet<Guid> CrossLanguage, IReadOnlySet<Guid> Competitors, bool AcceptsCompetitors);

    /// <summary>A method's scores on a subset: precision@5 and @10, nDCG@10 and recall@10 (of at most 10 relevant), averaged over queries.</summary>
    public sealed record JudgedScores(string Method, string Subset, int Queries, double Precision5, double Precision10, double Ndcg10, double Recall10);

    /// <summary>
    /// The judged table: the set's size, every method on every subset, and each method's competitor leak rate (the share
    /// of its top 10, for queries that do not accept competitors, taken by competitors).
    /// </summary>
    public sealed record JudgedReport(string Set, int Organisations, int Queries, int Pairs, int CrossPairs, int Distractors,
        IReadOnlyList<JudgedScores> Scores, IReadOnlyDictionary<string, double> LeakRates)
    {
        public JudgedScores Of(string method, string subset = Subsets.All) => Scores.Single(s => s.Method == method && s.Subset == subset);
    }

    /// <summary>A judged organisation's truth, kept with it in the set and never shown to the recommender.</summary>
    public sealed record JudgedPick(string Org, string Why, bool CrossLanguage);

    public sealed record JudgedSetQuery(string Org, IReadOnlyList<JudgedPick> Partners);

    /// <summary>A part of the judged set as data/match-eval/judge.py writes it.</summary>
    public sealed record JudgedSet(IReadOnlyList<SetOrganisation> Organisations, IReadOnlyList<JudgedSetQuery> Queries);

    public static JudgedSet ReadJudgedSet(string path) =>
        System.Text.Json.JsonSerializer.Deserialize<JudgedSet>(File.ReadAllText(path), Json) ?? throw new FormatException($"{path}: empty set");

    /// <summary>The profiles and queries of a judged part; competitors are judged from the truth as judge.py does.</summary>
    public static (IReadOnlyList<Profile> Profiles, IReadOnlyList<JudgedQuery> Queries) Load(JudgedSet set)
    {
        var (profiles, _) = Load(new Set(set.Organisations, []));
        var ids = set.Organisations.Select((o, i) => (o.Key, profiles[i].Id)).ToDictionary(x => x.Key, x => x.Id);
        var byKey = set.Organisations.ToDictionary(o => o.Key);
        Guid Id(string key) => ids.TryGetValue(key, out var id) ? id : throw new FormatException($"unknown organisation '{key}'");
        static bool Competitors(SetOrganisation a, SetOrganisation b) =>
            a.Key != b.Key && (a.TruthStages ?? []).Intersect(b.TruthStages ?? []).Any()
            && (a.TruthOfferHs ?? []).Select(h => h[..Math.Min(4, h.Length)]).Intersect((b.TruthOfferHs ?? []).Select(h => h[..Math.Min(4, h.Length)])).Any();
        var queries = set.Queries.Select(q =>
        {
            var me = byKey.TryGetValue(q.Org, out var o) ? o : throw new FormatException($"unknown organisation '{q.Org}'");
            return new JudgedQuery(Id(q.Org), q.Partners.Select(p => Id(p.Org)).ToHashSet(), q.Partners.Where(p => p.CrossLanguage).Select(p => Id(p.Org)).ToHashSet(),
                set.Organisations.Where(other => Competitors(me, other)).Select(other => Id(other.Key)).ToHashSet(), me.AcceptsCompetitors);
        }).ToList();
        return (profiles, queries);
    }

    /// <summary>
    /// The HS-overlap baseline: every other organisation by the Jaccard similarity of the headings it offers with those I
    /// need (when I look for suppliers) or of those it needs with those I offer (for buyers), the better of the two; only
    /// codes entered as codes count. Best first, ties by id.
    /// </summary>
    public static IReadOnlyList<Guid> HsOverlapRanking(Profile me, IEnumerable<Profile> all, int limit)
    {
        static HashSet<string> Headings(IEnumerable<string> codes) => [.. codes.Select(h => h[..Math.Min(4, h.Length)])];
        var (needs, offers) = (Headings(me.NeedHs), Headings(me.OfferHs));
        var (suppliers, buyers) = (me.Seeks == PartnerTypes.None || me.Seeks.HasFlag(PartnerTypes.Supplier), me.Seeks == PartnerTypes.None || me.Seeks.HasFlag(PartnerTypes.Buyer));
        return [.. all.Where(p => p.Id != me.Id && p.Listed)
            .Select(p => (p.Id, Score: Math.Max(suppliers ? Jaccard(needs, Headings(p.OfferHs)) : 0, buyers ? Jaccard(offers, Headings(p.NeedHs)) : 0)))
            .Where(x => x.Score > 0)
            .OrderByDescending(x => x.Score).ThenBy(x => x.Id)
            .Take(limit)
            .Select(x => x.Id)];
    }

    /// <summary>
    /// The judged table of one part. Lianbo reads products from the texts with <paramref name="terms"/> (and the stages
    /// of <paramref name="stages"/>); the ablation and the baselines see the profiles as entered.
    /// <paramref name="distractors"/> (e.g. the demo population) join every method's candidates and are never relevant.
    /// For a language subset, a query's relevant partners of the other subset are taken out of its ranking (they neither
    /// count nor take places) and only queries with a relevant partner in the subset count.
    /// </summary>
    public static JudgedReport EvaluateJudged(string name, JudgedSet set, ChainGraph chains, ProductTerms terms, ProductStages? stages = null,
        IReadOnlyList<Profile>? distractors = null, int seed = 27)
    {
        const int K = 10;
        var (own, queries) = Load(set);
        IReadOnlyList<Profile> profiles = [.. own, .. distractors ?? []];
        var read = profiles.Select(p => terms.Apply(p, stages)).ToList();
        var byId = profiles.ToDictionary(p => p.Id);
        var random = new Random(seed);
        // Deep enough that taking a subset's other partners out still leaves ten.
        var depth = K + queries.Max(q => q.Relevant.Count);

        using var lianbo = new Recommender(read, chains);
        using var plain = new Recommender(profiles, chains);
        using var text = new Recommender(profiles, chains, TextOnly);
        var rankings = new Dictionary<string, Func<Guid, IReadOnlyList<Guid>>>
        {
            [JudgedMethods.Lianbo] = q => [.. lianbo.Recommend(q, depth).Select(r => r.Partner)],
            [JudgedMethods.WithoutTerms] = q => [.. plain.Recommend(q, depth).Select(r => r.Partner)],
            [JudgedMethods.Bm25Alone] = q => [.. text.Recommend(q, depth).Select(r => r.Partner)],
            [JudgedMethods.HsOverlap] = q => HsOverlapRanking(byId[q], profiles, depth),
            [JudgedMethods.Random] = q => RandomRanking(byId[q], [.. profiles.Where(p => p.Listed)], depth, random),
        };

        var scores = new List<JudgedScores>();
        var leaks = new Dictionary<string, double>();
        foreach (var (method, rank) in rankings)
        {
            var ranked = queries.ToDictionary(q => q.Query, q => rank(q.Query));
            scores.Add(Score(method, Subsets.All, queries, ranked, q => q.Relevant));
            scores.Add(Score(method, Subsets.SameLanguage, queries, ranked, q => q.Relevant.Except(q.CrossLanguage).ToHashSet()));
            scores.Add(Score(method, Subsets.CrossLanguage, queries, ranked, q => q.CrossLanguage));
            var guarded = queries.Where(q => !q.AcceptsCompetitors).ToList();
            var shown = guarded.Sum(q => ranked[q.Query].Take(K).Count());
            leaks[method] = shown == 0 ? 0 : (double)guarded.Sum(q => ranked[q.Query].Take(K).Count(q.Competitors.Contains)) / shown;
        }

        return new JudgedReport(name, own.Count, queries.Count, queries.Sum(q => q.Relevant.Count), queries.Sum(q => q.CrossLanguage.Count),
            distractors?.Count ?? 0, scores, leaks);
    }

    private static JudgedScores Score(string method, string subset, IReadOnlyList<JudgedQuery> queries,
        IReadOnlyDictionary<Guid, IReadOnlyList<Guid>> ranked, Func<JudgedQuery, IReadOnlySet<Guid>> relevantOf)
    {
        const int K = 10;
        double p5 = 0, p10 = 0, ndcg = 0, recall = 0;
        var counted = 0;
        foreach (var q in queries)
        {
            var relevant = relevantOf(q);
            if (relevant.Count == 0)
            {
                continue;
            }

            // The query's relevant partners outside the subset are out of the ranking.
            var ranking = ranked[q.Query].Where(id => relevant.Contains(id) || !q.Relevant.Contains(id)).ToList();
            counted++;
            p5 += PrecisionAt(5, ranking, relevant);
            p10 += PrecisionAt(K, ranking, relevant);
            ndcg += NdcgAt(K, ranking, relevant);
            recall += (double)ranking.Take(K).Count(relevant.Contains) / Math.Min(K, relevant.Count);
        }

        var n = Math.Max(1, counted);
        return new JudgedScores(method, subset, counted, p5 / n, p10 / n, ndcg / n, recall / n);
    }
}
