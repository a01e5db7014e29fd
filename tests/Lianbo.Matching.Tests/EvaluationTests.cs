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
