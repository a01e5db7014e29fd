namespace Lianbo.Matching.Tests;

public class EvaluationTests
{
    private static readonly Guid A = new(1, 0, 0, new byte[8]);
    private static readonly Guid B = new(2, 0, 0, new byte[8]);
    private static readonly Guid C = new(3, 0, 0, new byte[8]);

    [Fact]
    public void Precision_and_nDCG_count_relevant_ids_in_the_first_k()
    {
        HashSet<Guid> relevant = [A, B];

        Assert.Equal(0.5, Evaluation.PrecisionAt(2, [A, C], relevant));
        Assert.Equal(0.25, Evaluation.PrecisionAt(4, [C, A], relevant));
        Assert.Equal(1.0, Evaluation.NdcgAt(10, [A, B, C], relevant), 12);
        Assert.True(Evaluation.NdcgAt(10, [C, A, B], relevant) < 1);
        Assert.Equal(0, Evaluation.NdcgAt(10, [C], relevant));
    }

    [Fact]
    public void Tag_overlap_ranks_a_competitor_first_the_way_commercial_tools_do()
    {
        var stage = new StageKey("smart-vehicles", "vehicles");
        Profile Org(Guid id, string[] offers, string[] needs) => new() { Id = id, NameZh = "x", NameEn = "x", OfferHs = offers, NeedHs = needs, Stages = [stage] };
        var me = Org(A, ["870380"], ["850760"]);
        var competitor = Org(B, ["870390"], ["850760"]);
        var supplier = Org(C, ["850760"], []);

        Assert.Equal([B, C], Evaluation.JaccardRanking(me, [me, competitor, supplier], 10));
    }

    [Fact]
    public void On_the_realistic_set_Lianbo_beats_tag_overlap()
    {
        var set = Evaluation.ReadSet(Evaluation.RealisticSetFile);
        Assert.True(set.Organisations.Count >= 20);
        Assert.All(set.Queries.SelectMany(q => q.Partners), p => Assert.False(string.IsNullOrWhiteSpace(p.Why)));
        var (profiles, queries) = Evaluation.Load(set);
        var chainsDir = FindChains();
        var graph = Evaluation.Graph(Evaluation.ReadChains(chainsDir));

        var results = Evaluation.EvaluateAll("realistic", profiles, graph, queries);

        var lianbo = results.Single(r => r.Method == Evaluation.Methods.Lianbo);
        var jaccard = results.Single(r => r.Method == Evaluation.Methods.TagOverlap);
        Assert.True(lianbo.Precision > jaccard.Precision, $"Lianbo {lianbo.Precision:F3} vs tag overlap {jaccard.Precision:F3}");
        Assert.True(lianbo.Ndcg > jaccard.Ndcg, $"Lianbo {lianbo.Ndcg:F3} vs tag overlap {jaccard.Ndcg:F3}");
    }

    [Fact]
    public void The_judged_parts_are_what_the_judge_script_makes_of_the_organisations_and_never_share_one()
    {
        var root = Directory.GetParent(FindChains())!.Parent!.FullName;
        var output = Directory.CreateTempSubdirectory("lianbo-judge-").FullName;
        try
        {
            using var judge = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("python3", [Path.Combine(root, "data", "match-eval", "judge.py"), "--out", output])
            {
                RedirectStandardOutput = true,
            })!;
            judge.StandardOutput.ReadToEnd();
            judge.WaitForExit();
            Assert.Equal(0, judge.ExitCode);
            foreach (var part in new[] { Evaluation.TuningSet, Evaluation.TestSet })
            {
                Assert.Equal(File.ReadAllText(Path.Combine(output, part + ".json")), File.ReadAllText(Evaluation.JudgedSetFile(part)));
            }
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }

        var (tuning, test) = (Evaluation.ReadJudgedSet(Evaluation.JudgedSetFile(Evaluation.TuningSet)), Evaluation.ReadJudgedSet(Evaluation.JudgedSetFile(Evaluation.TestSet)));
        Assert.Empty(tuning.Organisations.Select(o => o.Key).Intersect(test.Organisations.Select(o => o.Key)));
        Assert.True(tuning.Organisations.Count + test.Organisations.Count >= 300);
        Assert.All(test.Queries.SelectMany(q => q.Partners), p => Assert.Matches("^(supplier|buyer|research): ", p.Why));
    }

    [Fact]
    public void On_the_test_part_Lianbo_leads_the_better_baseline_by_a_tenth_of_nDCG_and_finds_eight_in_ten_cross_language_partners()
    {
        var chains = Evaluation.ReadChains(FindChains());
        using var terms = ProductTerms.Shipped(chains.SelectMany(c => c.Stages).SelectMany(s => s.Products).Select(p => p.Hs2022));

        var report = Evaluation.EvaluateJudged(Evaluation.TestSet, Evaluation.ReadJudgedSet(Evaluation.JudgedSetFile(Evaluation.TestSet)),
            Evaluation.Graph(chains), terms, Evaluation.Stages(chains));

        var lianbo = report.Of(Evaluation.JudgedMethods.Lianbo);
        var baseline = new[] { Evaluation.JudgedMethods.Bm25Alone, Evaluation.JudgedMethods.HsOverlap, Evaluation.JudgedMethods.Random }.Max(m => report.Of(m).Ndcg10);
        var cross = report.Of(Evaluation.JudgedMethods.Lianbo, Evaluation.Subsets.CrossLanguage);
        Assert.True(lianbo.Ndcg10 - baseline >= 0.10, $"nDCG@10 {lianbo.Ndcg10:F3} vs {baseline:F3}");
        Assert.True(cross.Recall10 >= 0.8, $"cross-language recall@10 {cross.Recall10:F3}");
        // Reading the texts is what crosses languages: without it Lianbo finds under half of those partners.
        Assert.True(report.Of(Evaluation.JudgedMethods.WithoutTerms, Evaluation.Subsets.CrossLanguage).Recall10 < 0.5);
        Assert.True(report.Queries >= 200 && report.CrossPairs >= 300, $"{report.Queries} queries, {report.CrossPairs} cross-language pairs");
        Assert.InRange(report.LeakRates[Evaluation.JudgedMethods.Lianbo], 0, 0.02);
    }

    private static string FindChains()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "data", "chains");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("data/chains");
    }
}
