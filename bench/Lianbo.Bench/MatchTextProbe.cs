using System.Diagnostics;
using System.Globalization;
using Lianbo.Matching;
using Lianbo.Matching.Tests;

namespace Lianbo.Bench;

/// <summary>
/// The two BM25 searches of a recommendation alone, on match-speed's population with every need different: both text
/// indexes built as the recommender builds them, then the first participants' offers searched against the needs and
/// their needs against the offers (top 200, nothing remembered), CPU time per search over a few rounds in turn. With
/// --lucene, Lucene.NET makes the same searches over the same texts in the same rounds (its answers compared first). With
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
        var lucene = args.Contains("--lucene");
        var chains = MatchQualityBenchmark.LoadChains(Measurement.Argument(args, "--chains"));
        var (generated, _) = Evaluation.Generate(chains, count, count / 10, seed);
        var profiles = MatchSpeedBenchmark.DistinctNeeds(generated, chains, seed);

        // Built as the platform builds them: the text-only recommender's indexes, nothing remembered.
        var clock = Stopwatch.StartNew();
        using var recommender = new Recommender(profiles, Evaluation.Graph(chains), Evaluation.TextOnly) { RemembersSearches = false };
        var (offers, needs) = recommender.Texts;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Built both text indexes over {profiles.Count:N0} profiles in {clock.Elapsed.TotalSeconds:F1} s"));

        var order = profiles.ToArray();
        new Random(seed).Shuffle(order);
        var queries = order[..Math.Min(queryCount, order.Length)];
        if (dump is not null)
        {
            // Every answer of both searches, untimed, so that two engines can be compared answer for answer.
            using var writer = new StreamWriter(dump);
            foreach (var (index, pick) in new[] { (needs, (Func<Profile, string>)(p => p.OfferText)), (offers, p => p.NeedText) })
            {
                foreach (var profile in queries)
                {
                    writer.WriteLine(string.Join(' ', index.Search(pick(profile), 200).Select(h => string.Create(CultureInfo.InvariantCulture, $"{h.Key:N}:{h.Value:R}"))));
                }
            }
        }

        var searches = new List<Searches>
        {
            new("Lianbo, offers against the needs", p => needs.Search(p.OfferText, 200)),
            new("Lianbo, needs against the offers", p => offers.Search(p.NeedText, 200)),
        };

        // The reference: Lucene.NET over the same texts (those with a word to index, as the text indexes hold), a document
        // per profile (Lucene has no forms), one segment, the same query of words, timed to its top documents; the answers
        // are compared once, untimed, id for id.
        clock.Restart();
        var (needing, offering) = lucene ? (profiles.Where(p => needs.Analyse(p.NeedText) is not null).ToList(), profiles.Where(p => offers.Analyse(p.OfferText) is not null).ToList()) : ([], []);
        using var luceneNeeds = lucene ? new LuceneIndex([.. needing.Select(p => p.NeedText)]) : null;
        using var luceneOffers = lucene ? new LuceneIndex([.. offering.Select(p => p.OfferText)]) : null;
        if (luceneNeeds is not null && luceneOffers is not null)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Built both Lucene indexes in {clock.Elapsed.TotalSeconds:F1} s"));
            int Same(LuceneIndex reference, List<Profile> indexed, TextIndex index, Func<Profile, string> text) => queries.Count(query =>
            {
                var expected = reference.Search(index, text(query), 200);
                var actual = index.Search(text(query), 200);
                return expected.Count == actual.Count && expected.All(h => actual.TryGetValue(indexed[h.Key].Id, out var score) && score == h.Value);
            });

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Answers equal to Lucene's, id for id and score for score: offers against the needs {Same(luceneNeeds, needing, needs, p => p.OfferText)} of {queries.Length}, needs against the offers {Same(luceneOffers, offering, offers, p => p.NeedText)} of {queries.Length}"));
            searches.Add(new("Lucene.NET 4.8, offers against the needs", p => luceneNeeds.Top(needs, p.OfferText, 200)));
            searches.Add(new("Lucene.NET 4.8, needs against the offers", p => luceneOffers.Top(offers, p.NeedText, 200)));
        }

        for (var round = 0; round < rounds; round++)
        {
            foreach (var search in searches)
            {
                var cpu = Measurement.ProcessCpuMilliseconds();
                foreach (var profile in queries)
                {
                    search.Run(profile);
                }

                search.Times.Add((Measurement.ProcessCpuMilliseconds() - cpu) / queries.Length);
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"CPU ms a search (top 200), {queries.Length:N0} queries, {rounds} rounds in turn; load average {Measurement.LoadAverage():F1}"));
        foreach (var search in searches)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {search.Name}: {string.Join(" / ", search.Times.Select(t => t.ToString("F3", CultureInfo.InvariantCulture)))} (median {Measurement.Median(search.Times):F3})"));
        }

        return 0;
    }

    private sealed record Searches(string Name, Func<Profile, object> Run)
    {
        public List<double> Times { get; } = [];
    }
}
