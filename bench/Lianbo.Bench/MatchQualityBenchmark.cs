using System.Globalization;
using Lianbo.Matching;

namespace Lianbo.Bench;

/// <summary>
/// Recommendation quality (issue 8): precision@10 and nDCG@10 of Lianbo's recommender against random, tag-overlap
/// Jaccard and BM25 alone, on (a) a generated population with planted complementary partners and (b) the
/// hand-written realistic set in match-eval/realistic.json.
/// </summary>
public static class MatchQualityBenchmark
{
    private static readonly string[] Countries = ["CHN", "CHN", "CHN", "CHN", "DEU", "JPN", "KOR", "USA", "FRA", "BRA", "CHL", "AUS", "IDN", "VNM", "MYS", "SGP", "ZAF", "SAU"];
    private static readonly string[] Words = ["reliable", "certified", "export", "quality", "capacity", "delivery", "custom", "OEM", "ISO", "long-term", "stable", "global", "优质", "出口", "认证", "长期合作"];

    public static int Run(string[] args)
    {
        var organisations = 2000;
        var buyers = 200;
        var seed = 8;
        string? chainsDir = null;
        string? realistic = null;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--orgs": organisations = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--buyers": buyers = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--seed": seed = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--chains": chainsDir = args[i + 1]; break;
                case "--set": realistic = args[i + 1]; break;
                default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
            }
        }

        realistic ??= Path.Combine(AppContext.BaseDirectory, "match-eval", "realistic.json");
        var chains = LoadChains(chainsDir);
        var graph = Evaluation.Graph(chains);

        var results = new List<Evaluation.Result>();
        var (profiles, queries) = Generate(chains, organisations, buyers, seed);
        results.AddRange(Evaluation.EvaluateAll("generated", profiles, graph, queries, seed: seed));
        results.Add(Best("generated", queries));
        var (setProfiles, setQueries) = Evaluation.Load(Evaluation.ParseSet(File.ReadAllText(realistic)));
        results.AddRange(Evaluation.EvaluateAll("realistic", setProfiles, graph, setQueries, seed: seed));
        results.Add(Best("realistic", setQueries));

        Console.WriteLine($"generated: {profiles.Count:N0} organisations, {queries.Count} buyers with 3 planted partners each (seed {seed}); realistic: {setProfiles.Count} organisations, {setQueries.Count} queries");
        Console.WriteLine();
        Console.WriteLine("| method | set | queries | precision@10 | nDCG@10 |");
        Console.WriteLine("|---|---|---:|---:|---:|");
        foreach (var r in results)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {r.Method} | {r.Set} | {r.Queries} | {r.Precision:F3} | {r.Ndcg:F3} |"));
        }

        Console.WriteLine();
        foreach (var set in results.Select(r => r.Set).Distinct())
        {
            var lianbo = results.Single(r => r.Set == set && r.Method == "Lianbo");
            var jaccard = results.Single(r => r.Set == set && r.Method == "tag-overlap Jaccard");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{set}: Lianbo ÷ tag overlap = {Ratio(lianbo.Precision, jaccard.Precision)} (precision@10), {Ratio(lianbo.Ndcg, jaccard.Ndcg)} (nDCG@10)"));
        }

        return 0;
    }

    // The ceiling: every relevant partner first (precision@10 cannot exceed relevant ÷ 10 when fewer than 10 are relevant).
    private static Evaluation.Result Best(string set, IReadOnlyList<(Guid Query, IReadOnlySet<Guid> Relevant)> queries) =>
        Evaluation.Evaluate("(best possible)", set, queries, q => [.. queries.First(x => x.Query == q).Relevant]);

    private static string Ratio(double a, double b) => b == 0 ? "∞" : (a / b).ToString("F2", CultureInfo.InvariantCulture) + "×";

    /// <summary>The shipped chain files from <paramref name="directory"/>, or from data/chains found upwards from the working directory.</summary>
    public static IReadOnlyList<Evaluation.ChainFile> LoadChains(string? directory)
    {
        directory ??= FindUp(Path.Combine("data", "chains")) ?? throw new DirectoryNotFoundException("data/chains not found; pass --chains");
        return [.. Directory.GetFiles(directory, "*.json").Where(f => !f.EndsWith(".schema.json", StringComparison.Ordinal)).Order(StringComparer.Ordinal)
            .Select(f => Evaluation.ParseChain(File.ReadAllText(f)))];
    }

    private static string? FindUp(string relative)
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, relative);
                if (Directory.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    private sealed record Stage(StageKey Key, string NameZh, string NameEn, IReadOnlyList<(string Hs, string Name)> Products);

    /// <summary>
    /// A population with planted complementary pairs. Each buyer stands on a stage S and needs two specific products
    /// (6-digit subheadings made for it) of a stage U that supplies S; its 3 true partners stand on U and offer them.
    /// Distractors: 3 competitors per buyer (the same stage, offers and needs: tag overlap ranks them first), a
    /// near miss per buyer (stage U, the same heading but another subheading), and random organisations.
    /// </summary>
    public static (IReadOnlyList<Profile> Profiles, IReadOnlyList<(Guid Query, IReadOnlySet<Guid> Relevant)> Queries) Generate(
        IReadOnlyList<Evaluation.ChainFile> chains, int organisations, int buyers, int seed)
    {
        var random = new Random(seed);
        var stages = chains.SelectMany(c => c.Stages.Where(s => s.Products.Count > 0).Select(s => new Stage(new StageKey(c.Id, s.Id), s.NameZh, s.NameEn,
            [.. s.Products.Select(p => (p.Hs2022, Name(p)))]))).ToDictionary(s => s.Key);
        var links = chains.SelectMany(c => c.Edges.Select(e => (From: new StageKey(c.Id, e.From), To: new StageKey(c.Id, e.To))))
            .Where(l => stages.ContainsKey(l.From) && stages.ContainsKey(l.To)).ToList();
        var stageList = stages.Values.ToList();
        var profiles = new List<Profile>();
        var queries = new List<(Guid, IReadOnlySet<Guid>)>();
        var n = 0;

        Profile Org(Stage stage, IReadOnlyList<string> offers, IReadOnlyList<string> needs, IReadOnlyList<StageKey> needStages,
            PartnerTypes provides, PartnerTypes seeks, string offerText, string needText)
        {
            var country = Countries[random.Next(Countries.Length)];
            var filler = $"{Words[random.Next(Words.Length)]} {Words[random.Next(Words.Length)]}";
            var profile = new Profile
            {
                Id = new Guid(++n, 0, 0, new byte[8]), NameZh = $"机构{n}", NameEn = $"Organisation {n}", Country = country, IsLarge = random.NextDouble() < 0.2,
                OfferHs = offers, NeedHs = needs, Stages = [stage.Key], NeedStages = needStages, Provides = provides, Seeks = seeks,
                OfferText = $"{(country == "CHN" ? stage.NameZh : stage.NameEn)} {offerText} {filler}", NeedText = needText,
            };
            profiles.Add(profile);
            return profile;
        }

        string Sub(string hs) => hs[..Math.Min(4, hs.Length)].PadRight(4, '0') + random.Next(10, 100).ToString(CultureInfo.InvariantCulture);

        for (var b = 0; b < buyers; b++)
        {
            var (fromKey, toKey) = links[random.Next(links.Count)];
            var (u, s) = (stages[fromKey], stages[toKey]);
            var needed = u.Products.OrderBy(_ => random.Next()).Take(2).Select(p => (Hs: Sub(p.Hs), p.Name)).ToList();
            var offered = s.Products.OrderBy(_ => random.Next()).Take(2).ToList();
            IReadOnlyList<StageKey> needStages = random.NextDouble() < 0.5 ? [u.Key] : [];
            var needText = "We buy " + string.Join(" and ", needed.Select(p => p.Name));
            var offerText = string.Join(", ", offered.Select(p => p.Name));
            var buyer = Org(s, [.. offered.Select(p => p.Hs)], [.. needed.Select(p => p.Hs)], needStages, PartnerTypes.Buyer, PartnerTypes.Supplier, offerText, needText);
            var partners = new HashSet<Guid>();
            for (var j = 0; j < 3; j++)
            {
                var product = needed[j % needed.Count];
                var extra = u.Products[random.Next(u.Products.Count)];
                partners.Add(Org(u, [product.Hs, extra.Hs], [], [], PartnerTypes.Supplier, PartnerTypes.Buyer,
                    $"{product.Name}, {extra.Name}", $"buyers of {product.Name}").Id);
                Org(s, buyer.OfferHs, buyer.NeedHs, needStages, PartnerTypes.Buyer | PartnerTypes.Supplier, PartnerTypes.Supplier | PartnerTypes.Buyer, offerText, needText);
            }

            var miss = needed[0];
            Org(u, [Sub(miss.Hs)], [], [], PartnerTypes.Supplier, PartnerTypes.Buyer, miss.Name, $"buyers of {miss.Name}");
            queries.Add((buyer.Id, partners));
        }

        while (profiles.Count < organisations)
        {
            var stage = stageList[random.Next(stageList.Count)];
            var offered = stage.Products.OrderBy(_ => random.Next()).Take(random.Next(1, 3)).ToList();
            var upstream = links.Where(l => l.To == stage.Key).Select(l => stages[l.From]).ToList();
            var needed = upstream.Count == 0 ? [] : upstream[random.Next(upstream.Count)].Products.OrderBy(_ => random.Next()).Take(1).ToList();
            var seeks = (PartnerTypes)(1 << random.Next(3));
            Org(stage, [.. offered.Select(p => p.Hs)], [.. needed.Select(p => p.Hs)], [], PartnerTypes.Supplier, seeks,
                string.Join(", ", offered.Select(p => p.Name)), needed.Count == 0 ? "" : "We buy " + needed[0].Name);
        }

        return (profiles, queries);
    }

    // A product's name for texts: the rationale's first clause ("Lithium-ion accumulators: EV cells…").
    private static string Name(Evaluation.ChainProduct p)
    {
        var text = p.Rationale;
        var end = text.IndexOfAny([':', ';', '.', '(']);
        return (end > 0 ? text[..end] : text).Trim() is { Length: > 0 } name ? name : $"HS {p.Hs2022}";
    }
}
