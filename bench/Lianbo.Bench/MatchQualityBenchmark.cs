using System.Globalization;
using Lianbo.Matching;

namespace Lianbo.Bench;

/// <summary>
/// Recommendation quality (issue 8): precision@10 and nDCG@10 of Lianbo's recommender against random, tag-overlap
/// Jaccard and BM25 alone, on (a) a generated population with planted complementary partners and (b) the
/// hand-written realistic set (data/match-eval/realistic.json); then (issue 27) the judged set's test part with the
/// texts read for products, against BM25 alone, HS overlap and random, by language of the pairs. The work is <see cref="Evaluation.Run"/>, the same
/// as <c>lianbo match evaluate</c>; this prints the README's Markdown table.
/// </summary>
public static class MatchQualityBenchmark
{
    public static int Run(string[] args)
    {
        var options = new Evaluation.RunOptions();
        string? chainsDir = null;
        var realistic = Evaluation.RealisticSetFile;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = args[i + 1];
            switch (args[i])
            {
                case "--orgs": options = options with { Organisations = int.Parse(value, CultureInfo.InvariantCulture) }; break;
                case "--buyers": options = options with { Buyers = int.Parse(value, CultureInfo.InvariantCulture) }; break;
                case "--seed": options = options with { Seed = int.Parse(value, CultureInfo.InvariantCulture) }; break;
                case "--chains": chainsDir = value; break;
                case "--set": realistic = value; break;
                default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
            }
        }

        var report = Evaluation.Run(LoadChains(chainsDir), options with { Realistic = Evaluation.ReadSet(realistic) });

        var (generated, hand) = (report.Sets[0], report.Sets[1]);
        Console.WriteLine($"generated: {generated.Organisations:N0} organisations, {generated.Queries} buyers with 3 planted partners each (seed {options.Seed}); realistic: {hand.Organisations} organisations, {hand.Queries} queries");
        Console.WriteLine();
        Console.WriteLine("| method | set | queries | precision@10 | nDCG@10 |");
        Console.WriteLine("|---|---|---:|---:|---:|");
        foreach (var r in report.Results)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {r.Method} | {r.Set} | {r.Queries} | {r.Precision:F3} | {r.Ndcg:F3} |"));
        }

        Console.WriteLine();
        foreach (var set in report.Sets)
        {
            var (precision, ndcg) = report.OverTagOverlap(set.Set);
            Console.WriteLine($"{set.Set}: Lianbo ÷ tag overlap = {Ratio(precision)} (precision@10), {Ratio(ndcg)} (nDCG@10)");
        }

        // The judged set (issue 27): the test part alone, read with the shipped product terms as the platform reads it.
        var chainFiles = LoadChains(chainsDir);
        using var terms = ProductTerms.Shipped(chainFiles.SelectMany(c => c.Stages).SelectMany(s => s.Products).Select(p => p.Hs2022));
        var judged = Evaluation.EvaluateJudged(Evaluation.TestSet, Evaluation.ReadJudgedSet(Evaluation.JudgedSetFile(Evaluation.TestSet)),
            Evaluation.Graph(chainFiles), terms, Evaluation.Stages(chainFiles));
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"judged test part: {judged.Organisations} organisations, {judged.Queries} queries, {judged.Pairs} judged partners ({judged.CrossPairs} cross-language)"));
        Console.WriteLine();
        Console.WriteLine("| method | pairs | queries | P@5 | P@10 | nDCG@10 | recall@10 | competitor leak |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|");
        foreach (var r in judged.Scores)
        {
            var leak = r.Subset == Evaluation.Subsets.All ? judged.LeakRates[r.Method].ToString("P1", CultureInfo.InvariantCulture) : "";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Method} | {r.Subset} | {r.Queries} | {r.Precision5:F3} | {r.Precision10:F3} | {r.Ndcg10:F3} | {r.Recall10:F3} | {leak} |"));
        }

        return 0;
    }

    private static string Ratio(double ratio) => double.IsFinite(ratio) ? ratio.ToString("F2", CultureInfo.InvariantCulture) + "×" : "∞";

    /// <summary>The shipped chain files from <paramref name="directory"/>, or from data/chains found upwards from the working directory.</summary>
    public static IReadOnlyList<Evaluation.ChainFile> LoadChains(string? directory) =>
        Evaluation.ReadChains(directory ?? FindUp(Path.Combine("data", "chains")) ?? throw new DirectoryNotFoundException("data/chains not found; pass --chains"));

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
}
