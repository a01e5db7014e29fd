using System.Text.Json;
using System.Text.Json.Serialization;

namespace Lianbo.Matching;

/// <summary>
/// Measures recommendation quality: precision@k and nDCG@k (binary relevance) of a ranking against the partners
/// a query organisation should get, the baselines Lianbo is compared with (random, tag-overlap Jaccard, BM25
/// alone), the chain graph from the shipped chain files, the generated population and the hand-written
/// evaluation set. <see cref="Run"/> makes the whole quality table, for <c>lianbo match evaluate</c> and the bench
/// alike; the only files it reads are the ones its callers name.
/// </summary>
public static partial class Evaluation
{
    /// <summary>The share of the first <paramref name="k"/> ranked ids that are relevant (a short ranking still divides by k).</summary>
    public static double PrecisionAt(int k, IReadOnlyList<Guid> ranked, IReadOnlySet<Guid> relevant) =>
        k <= 0 ? 0 : (double)ranked.Take(k).Count(relevant.Contains) / k;

    /// <summary>Discounted cumulative gain of the first k (gain 1 per relevant id, log2 discount) over the best possible.</summary>
    public static double NdcgAt(int k, IReadOnlyList<Guid> ranked, IReadOnlySet<Guid> relevant)
    {
        var dcg = ranked.Take(k).Select((id, i) => relevant.Contains(id) ? 1 / Math.Log2(i + 2) : 0).Sum();
        var ideal = Enumerable.Range(0, Math.Min(k, relevant.Count)).Sum(i => 1 / Math.Log2(i + 2));
        return ideal == 0 ? 0 : dcg / ideal;
    }

    /// <summary>
    /// An organisation's interest tags as commercial matchmaking tools see them: the HS headings (4 digits; a
    /// chapter stays 2) of what it offers and needs, and the chain stages it works in and asks for.
    /// </summary>
    public static HashSet<string> Tags(Profile p) =>
    [
        .. p.OfferHs.Concat(p.NeedHs).Select(h => h.Length >= 4 ? h[..4] : h),
        .. p.Stages.Concat(p.NeedStages).Select(s => s.ToString()),
    ];

    public static double Jaccard(IReadOnlySet<string> a, IReadOnlySet<string> b)
    {
        var union = a.Count + b.Count - a.Count(b.Contains);
        return union == 0 ? 0 : (double)a.Count(b.Contains) / union;
    }

    /// <summary>The tag-overlap baseline: every other organisation by Jaccard of tags, best first (ties by id).</summary>
    public static IReadOnlyList<Guid> JaccardRanking(Profile me, IEnumerable<Profile> all, int limit)
    {
        var mine = Tags(me);
        return [.. all.Where(p => p.Id != me.Id)
            .Select(p => (p.Id, Score: Jaccard(mine, Tags(p))))
            .Where(x => x.Score > 0)
            .OrderByDescending(x => x.Score).ThenBy(x => x.Id)
            .Take(limit)
            .Select(x => x.Id)];
    }

    /// <summary>The random baseline: other organisations in a random order from <paramref name="random"/>.</summary>
    public static IReadOnlyList<Guid> RandomRanking(Profile me, IReadOnlyList<Profile> all, int limit, Random random)
    {
        var ids = all.Where(p => p.Id != me.Id).Select(p => p.Id).ToArray();
        random.Shuffle(ids);
        return ids.Take(limit).ToArray();
    }

    /// <summary>
    /// Options that leave only the texts: BM25 both ways (partner's offer text against my need text and the
    /// reverse), no products, stages, type, region or boosts; the competitor veto still applies.
    /// </summary>
    public static MatchingOptions TextOnly { get; } = new()
    {
        ProductWeight = 0, StageWeight = 0, TextWeight = 1, TypeWeight = 0, RegionWeight = 0, OtherTypeFactor = 1,
        LargeSmeBoost = 1, ForeignDomesticBoost = 1, ResearchIndustryBoost = 1, ResilienceBoost = 1,
    };

    /// <summary>One line of the quality table: a method on a set, metrics averaged over the set's queries.</summary>
    public sealed record Result(string Method, string Set, int Queries, double Precision, double Ndcg);

    /// <summary>Averages precision@k and nDCG@k of <paramref name="rank"/> over the queries.</summary>
    public static Result Evaluate(string method, string set, IReadOnlyList<(Guid Query, IReadOnlySet<Guid> Relevant)> queries,
        Func<Guid, IReadOnlyList<Guid>> rank, int k = 10)
    {
        double precision = 0, ndcg = 0;
        foreach (var (query, relevant) in queries)
        {
            var ranked = rank(query);
            precision += PrecisionAt(k, ranked, relevant);
            ndcg += NdcgAt(k, ranked, relevant);
        }

        var n = Math.Max(1, queries.Count);
        return new Result(method, set, queries.Count, precision / n, ndcg / n);
    }

    /// <summary>The four methods of the quality table on one set of profiles and queries.</summary>
    public static IReadOnlyList<Result> EvaluateAll(string set, IReadOnlyList<Profile> profiles, ChainGraph chains,
        IReadOnlyList<(Guid Query, IReadOnlySet<Guid> Relevant)> queries, int k = 10, int seed = 8)
    {
        var byId = profiles.ToDictionary(p => p.Id);
        var random = new Random(seed);
        using var lianbo = new Recommender(profiles, chains);
        using var text = new Recommender(profiles, chains, TextOnly);
        return
        [
            Evaluate(Methods.Lianbo, set, queries, q => [.. lianbo.Recommend(q, k).Select(r => r.Partner)], k),
            Evaluate(Methods.Random, set, queries, q => RandomRanking(byId[q], profiles, k, random), k),
            Evaluate(Methods.TagOverlap, set, queries, q => JaccardRanking(byId[q], profiles, k), k),
            Evaluate(Methods.Bm25Alone, set, queries, q => [.. text.Recommend(q, k).Select(r => r.Partner)], k),
        ];
    }

    /// <summary>The names of the methods in <see cref="Result.Method"/>, as the README's table gives them.</summary>
    public static class Methods
    {
        public const string Lianbo = "Lianbo";
        public const string Random = "random";
        public const string TagOverlap = "tag-overlap Jaccard";
        public const string Bm25Alone = "BM25 alone";
        public const string BestPossible = "(best possible)";
    }

    /// <summary>
    /// The ceiling: every relevant partner first (precision@k cannot exceed relevant ÷ k when fewer than k are relevant).
    /// </summary>
    public static Result Best(string set, IReadOnlyList<(Guid Query, IReadOnlySet<Guid> Relevant)> queries, int k = 10) =>
        Evaluate(Methods.BestPossible, set, queries, q => [.. queries.First(x => x.Query == q).Relevant], k);

    public const string GeneratedSet = "generated";
    public const string RealisticSet = "realistic";

    /// <summary>Where the build puts the shipped hand-written set (data/match-eval/realistic.json).</summary>
    public static string RealisticSetFile => Path.Combine(AppContext.BaseDirectory, "match-eval", "realistic.json");

    /// <summary>A set evaluated: its name, how many organisations and queries it has.</summary>
    public sealed record SetSize(string Set, int Organisations, int Queries);

    /// <summary>The quality table: for each set, the four methods and the ceiling.</summary>
    public sealed record Report(IReadOnlyList<SetSize> Sets, IReadOnlyList<Result> Results)
    {
        /// <summary>Lianbo ÷ tag overlap on a set, in precision@k and nDCG@k (infinite where tag overlap scores 0).</summary>
        public (double Precision, double Ndcg) OverTagOverlap(string set)
        {
            var lianbo = Results.Single(r => r.Set == set && r.Method == Methods.Lianbo);
            var jaccard = Results.Single(r => r.Set == set && r.Method == Methods.TagOverlap);
            return (lianbo.Precision / jaccard.Precision, lianbo.Ndcg / jaccard.Ndcg);
        }
    }

    /// <summary>What to evaluate: the generated population (its size and seed), the hand-written set, or both.</summary>
    public sealed record RunOptions
    {
        public bool Generated { get; init; } = true;

        /// <summary>The hand-written set, or null to leave it out.</summary>
        public Set? Realistic { get; init; }

        public int Organisations { get; init; } = 2000;
        public int Buyers { get; init; } = 200;

        /// <summary>Seeds the generated population and the random baseline.</summary>
        public int Seed { get; init; } = 8;

        public int K { get; init; } = 10;
    }

    /// <summary>The quality table over the chains given: the sets asked for, each with the four methods and the ceiling.</summary>
    public static Report Run(IReadOnlyList<ChainFile> chains, RunOptions options)
    {
        var graph = Graph(chains);
        var sets = new List<SetSize>();
        var results = new List<Result>();
        void Add(string set, IReadOnlyList<Profile> profiles, IReadOnlyList<(Guid Query, IReadOnlySet<Guid> Relevant)> queries)
        {
            sets.Add(new SetSize(set, profiles.Count, queries.Count));
            results.AddRange(EvaluateAll(set, profiles, graph, queries, options.K, options.Seed));
            results.Add(Best(set, queries, options.K));
        }

        if (options.Generated)
        {
            var (profiles, queries) = Generate(chains, options.Organisations, options.Buyers, options.Seed);
            Add(GeneratedSet, profiles, queries);
        }

        if (options.Realistic is { } realistic)
        {
            var (profiles, queries) = Load(realistic);
            Add(RealisticSet, profiles, queries);
        }

        return new Report(sets, results);
    }

    /// <summary>A chain as the shipped data/chains/*.json files give it: stages with their products, and edges.</summary>
    public sealed record ChainFile(string Id, IReadOnlyList<ChainStage> Stages, IReadOnlyList<ChainEdge> Edges);

    public sealed record ChainStage(string Id, IReadOnlyList<ChainProduct> Products, string NameZh = "", string NameEn = "");

    private sealed record RawChain(string Id, IReadOnlyList<RawStage>? Stages, IReadOnlyList<ChainEdge>? Edges);

    private sealed record RawStage(string Id, IReadOnlyList<ChainProduct>? Products, string? NameZh, string? NameEn);

    public sealed record ChainProduct(string Hs2022, string Rationale = "");

    public sealed record ChainEdge(string From, string To);

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>A chain file (stages without products, e.g. services, get an empty list).</summary>
    public static ChainFile ParseChain(string json)
    {
        var raw = JsonSerializer.Deserialize<RawChain>(json, Json) ?? throw new FormatException("empty chain file");
        return new ChainFile(raw.Id, [.. (raw.Stages ?? []).Select(s => new ChainStage(s.Id, s.Products ?? [], s.NameZh ?? "", s.NameEn ?? ""))], raw.Edges ?? []);
    }

    /// <summary>The chain files of a directory (data/chains, or the copy beside the program), in file-name order.</summary>
    public static IReadOnlyList<ChainFile> ReadChains(string directory) =>
        [.. Directory.GetFiles(directory, "*.json").Where(f => !f.EndsWith(".schema.json", StringComparison.Ordinal)).Order(StringComparer.Ordinal)
            .Select(f => ParseChain(File.ReadAllText(f)))];

    /// <summary>The stages of the chain files by the products they list.</summary>
    public static ProductStages Stages(IEnumerable<ChainFile> chains) =>
        new(chains.SelectMany(c => c.Stages.SelectMany(s => s.Products.Select(p => (new StageKey(c.Id, s.Id), p.Hs2022)))));

    public static ChainGraph Graph(IEnumerable<ChainFile> chains) =>
        new(chains.SelectMany(c => c.Edges.Select(e => (new StageKey(c.Id, e.From), new StageKey(c.Id, e.To)))));

    /// <summary>The hand-written evaluation set (data/match-eval/realistic.json).</summary>
    public sealed record Set(IReadOnlyList<SetOrganisation> Organisations, IReadOnlyList<SetQuery> Queries);

    /// <summary>
    /// An organisation of the set; stages are "chain/stage". The truth (what it really offers and needs, and its stages)
    /// is given in the judged set only, for the judgements; the recommender never sees it.
    /// </summary>
    public sealed record SetOrganisation(
        string Key, string NameZh, string NameEn, string? Country, OrganisationKind Kind = OrganisationKind.Enterprise, bool Large = false,
        IReadOnlyList<string>? OfferHs = null, IReadOnlyList<string>? NeedHs = null, IReadOnlyList<string>? Stages = null,
        IReadOnlyList<string>? NeedStages = null, string OfferText = "", string NeedText = "",
        IReadOnlyList<PartnerTypes>? Provides = null, IReadOnlyList<PartnerTypes>? Seeks = null, bool AcceptsCompetitors = false,
        IReadOnlyList<string>? TruthOfferHs = null, IReadOnlyList<string>? TruthNeedHs = null, IReadOnlyList<string>? TruthStages = null);

    public sealed record SetQuery(string Org, IReadOnlyList<SetPick> Partners);

    /// <summary>A partner a human expert would pick, and why.</summary>
    public sealed record SetPick(string Org, string Why);

    public static Set ParseSet(string json) => JsonSerializer.Deserialize<Set>(json, Json) ?? throw new FormatException("empty set");

    public static Set ReadSet(string path) => ParseSet(File.ReadAllText(path));

    /// <summary>The set's organisations as profiles (ids derived from the keys) and its queries with their relevant partners.</summary>
    public static (IReadOnlyList<Profile> Profiles, IReadOnlyList<(Guid Query, IReadOnlySet<Guid> Relevant)> Queries) Load(Set set)
    {
        var ids = set.Organisations.Select((o, i) => (o.Key, Id: new Guid(i + 1, 0, 0, new byte[8]))).ToDictionary(x => x.Key, x => x.Id);
        Guid Id(string key) => ids.TryGetValue(key, out var id) ? id : throw new FormatException($"unknown organisation '{key}'");
        static StageKey Stage(string s) => s.Split('/') is [var chain, var stage] ? new StageKey(chain, stage) : throw new FormatException($"stage '{s}' is not chain/stage");
        static PartnerTypes Flags(IReadOnlyList<PartnerTypes>? types) => (types ?? []).Aggregate(PartnerTypes.None, (a, t) => a | t);

        var profiles = set.Organisations.Select(o => new Profile
        {
            Id = Id(o.Key), NameZh = o.NameZh, NameEn = o.NameEn, Country = o.Country, Kind = o.Kind, IsLarge = o.Large,
            OfferHs = o.OfferHs ?? [], NeedHs = o.NeedHs ?? [], Stages = [.. (o.Stages ?? []).Select(Stage)],
            NeedStages = [.. (o.NeedStages ?? []).Select(Stage)], OfferText = o.OfferText, NeedText = o.NeedText,
            Provides = Flags(o.Provides), Seeks = Flags(o.Seeks), AcceptsCompetitors = o.AcceptsCompetitors,
        }).ToList();
        var queries = set.Queries.Select(q => (Id(q.Org), (IReadOnlySet<Guid>)q.Partners.Select(p => Id(p.Org)).ToHashSet())).ToList();
        return (profiles, queries);
    }
}
