using System.Diagnostics;
using System.Globalization;
using Lianbo.Matching;

namespace Lianbo.Bench;

/// <summary>
/// The two BM25 searches of a recommendation alone, on match-speed's population with every need different: both text
/// indexes built as the recommender builds them, then the first participants' offers searched against the needs and
/// their needs against the offers (top 200, nothing remembered), CPU time per search over a few rounds. With
/// --dump FILE every answer (id and score, round-trip precision) is written, so that two engines can be compared answer
/// for answer.
/// </summary>
internal static class MatchTextProbe
{
    public static int Run(string[] args)
    {
        var count = (int)Measurement.Argument(args, "--profiles", 300_000);
        var queryCount = (int)Measurement.Argument(args, "--queries", 1000);
        var rounds = (int)Measurement.Argument(args, "--rounds", 3);
        var seed = (int)Measurement.Argument(args, "--seed", 8);
        var dump = Measurement.Argument(args, "--dump");
        var chains = MatchQualityBenchmark.LoadChains(Measurement.Argument(args, "--chains"));
        var (generated, _) = Evaluation.Generate(chains, count, count / 10, seed);
        var profiles = MatchSpeedBenchmark.DistinctNeeds(generated, chains, seed);

        using var offers = new TextIndex();
        using var needs = new TextIndex();
        var clock = Stopwatch.StartNew();
        foreach (var chunk in profiles.Chunk(4096))
        {
            var texts = new (TextIndex.Document?, TextIndex.Document?)[chunk.Length];
            Parallel.For(0, chunk.Length, i => texts[i] = (offers.Analyse(chunk[i].OfferText), needs.Analyse(chunk[i].NeedText)));
            for (var i = 0; i < chunk.Length; i++)
            {
                offers.Upsert(chunk[i].Id, texts[i].Item1);
                needs.Upsert(chunk[i].Id, texts[i].Item2);
            }
        }

        offers.Trim();
        needs.Trim();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Built both text indexes over {profiles.Count:N0} profiles in {clock.Elapsed.TotalSeconds:F1} s"));

        var order = profiles.ToArray();
        new Random(seed).Shuffle(order);
        var queries = order[..Math.Min(queryCount, order.Length)];
        using var writer = dump is null ? null : new StreamWriter(dump);
        var offerTimes = new List<double>();
        var needTimes = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            foreach (var (times, index, pick) in new[] { (offerTimes, needs, (Func<Profile, string>)(p => p.OfferText)), (needTimes, offers, p => p.NeedText) })
            {
                var cpu = Measurement.ProcessCpuMilliseconds();
                foreach (var profile in queries)
                {
                    var hits = index.Search(pick(profile), 200);
                    if (round == 0 && writer is not null)
                    {
                        writer.WriteLine(string.Join(' ', hits.Select(h => string.Create(CultureInfo.InvariantCulture, $"{h.Key:N}:{h.Value:R}"))));
                    }
                }

                times.Add((Measurement.ProcessCpuMilliseconds() - cpu) / queries.Length);
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"CPU ms a search, {queries.Length:N0} queries, rounds: offers against the needs {string.Join(" / ", offerTimes.Select(t => t.ToString("F3", CultureInfo.InvariantCulture)))}, needs against the offers {string.Join(" / ", needTimes.Select(t => t.ToString("F3", CultureInfo.InvariantCulture)))}; load average {Measurement.LoadAverage():F1}"));
        return 0;
    }
}
