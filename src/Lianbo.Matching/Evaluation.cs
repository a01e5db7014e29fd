using System.Text.Json;
using System.Text.Json.Serialization;

namespace Lianbo.Matching;

/// <summary>
/// Measures recommendation quality: precision@k and nDCG@k (binary relevance) of a ranking against the partners
/// a query organisation should get, the baselines Lianbo is compared with (random, tag-overlap Jaccard, BM25
/// alone), the chain graph from the shipped chain files and the hand-written evaluation set. Pure code: callers
/// read the files.
/// </summary>
public static class Evaluation
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
            Evaluate("Lianbo", set, queries, q => [.. lianbo.Recommend(q, k).Select(r => r.Partner)], k),
            Evaluate("random", set, queries, q => RandomRanking(byId[q], profiles, k, random), k),
            Evaluate("tag-overlap Jaccard", set, queries, q => JaccardRanking(byId[q], profiles, k), k),
            Evaluate("BM25 alone", set, queries, q => [.. text.Recommend(q, k).Select(r => r.Partner)], k),
        ];
    }

    /// <summary>A chain as the shipped data/chains/*.json files give it: stages with their products, and edges.</summary>
    public sealed record ChainFile(string Id, IReadOnlyList<ChainStage> Stages, IReadOnlyList<ChainEdge> Edges);

    public sealed record ChainStage(string Id, IReadOnlyList<ChainProduct> Products, string NameZh = "", string NameEn = "");

    private sealed record RawChain(string Id, IReadOnlyList<RawStage>? Stages, IReadOnlyList<ChainEdge>? Edges);

    private sealed record RawStage(string Id, IReadOnlyList<ChainProduct>? Products, string? NameZh, string? NameEn);

    public sealed record ChainProduct(string Hs2022, string Rationale = "");

    public sealed record ChainEdge(string From, string To);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
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

    public static ChainGraph Graph(IEnumerable<ChainFile> chains) =>
        new(chains.SelectMany(c => c.Edges.Select(e => (new StageKey(c.Id, e.From), new StageKey(c.Id, e.To)))));

    /// <summary>The hand-written evaluation set (bench/Lianbo.Bench/match-eval/realistic.json).</summary>
    public sealed record Set(IReadOnlyList<SetOrganisation> Organisations, IReadOnlyList<SetQuery> Queries);

    /// <summary>An organisation of the set; stages are "chain/stage".</summary>
    public sealed record SetOrganisation(
        string Key, string NameZh, string NameEn, string? Country, OrganisationKind Kind = OrganisationKind.Enterprise, bool Large = false,
        IReadOnlyList<string>? OfferHs = null, IReadOnlyList<string>? NeedHs = null, IReadOnlyList<string>? Stages = null,
        IReadOnlyList<string>? NeedStages = null, string OfferText = "", string NeedText = "",
        IReadOnlyList<PartnerTypes>? Provides = null, IReadOnlyList<PartnerTypes>? Seeks = null);

    public sealed record SetQuery(string Org, IReadOnlyList<SetPick> Partners);

    /// <summary>A partner a human expert would pick, and why.</summary>
    public sealed record SetPick(string Org, string Why);

    public static Set ParseSet(string json) => JsonSerializer.Deserialize<Set>(json, Json) ?? throw new FormatException("empty set");

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
            Provides = Flags(o.Provides), Seeks = Flags(o.Seeks),
        }).ToList();
        var queries = set.Queries.Select(q => (Id(q.Org), (IReadOnlySet<Guid>)q.Partners.Select(p => Id(p.Org)).ToHashSet())).ToList();
        return (profiles, queries);
    }
}
