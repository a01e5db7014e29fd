using System.Diagnostics;
using System.Globalization;
using DuckDB.NET.Data;
using Lianbo.Matching;

namespace Lianbo.Bench;

/// <summary>
/// Matchmaking speed (issue 8) on match-quality's generated population scaled up (a tenth of the profiles are buyers
/// with planted partners, as there): build the recommender over all profiles, one participant's top 20 (p50/p95 over
/// a random sample), every participant's top 20 over all cores, a profile edit until the recommendations show it, and
/// peak memory. The reference in the same run is DuckDB computing the structured part — products by the HS hierarchy,
/// reciprocal, with the competitor veto — in SQL for the first participants (all of them would take DuckDB hours);
/// Lianbo's recommender restricted to that part (<see cref="ProductsOnly"/>) is timed on the same participants and its
/// top 20 compared with DuckDB's, partner by partner. Every time is the median of several runs; CPU times are given
/// beside wall times, since the machine may be busy with other work.
/// </summary>
internal static class MatchSpeedBenchmark
{
    private const int Top = 20;

    /// <summary>
    /// Above this score both engines see every pair: only pairs with a product of the same heading reach it (any other
    /// pair fits at most by chapter, 0.25, and the generated codes are headings and subheadings), and those are
    /// Lianbo's candidates by construction and DuckDB's by its join.
    /// </summary>
    private const double Comparable = 0.25;

    // The structured part alone: products by the HS hierarchy from both sides, nothing else, no text search.
    private static readonly MatchingOptions ProductsOnly = new()
    {
        ProductWeight = 1, StageWeight = 0, TextWeight = 0, TypeWeight = 0, RegionWeight = 0, OtherTypeFactor = 1,
        LargeSmeBoost = 1, ForeignDomesticBoost = 1, ResearchIndustryBoost = 1, ResilienceBoost = 1, TextCandidates = 0,
    };

    public static int Run(string[] args)
    {
        var count = (int)Measurement.Argument(args, "--profiles", 1_000_000);
        var participantCount = (int)Measurement.Argument(args, "--participants", 100_000);
        var runs = (int)Measurement.Argument(args, "--runs", 3);
        var referenceRuns = (int)Measurement.Argument(args, "--reference-runs", 3);
        var sampleSize = (int)Measurement.Argument(args, "--sample", 1000);
        var editCount = (int)Measurement.Argument(args, "--edits", 20);
        var batch = (int)Measurement.Argument(args, "--reference-batch", 1000);
        var referenceCount = (int)Measurement.Argument(args, "--reference-participants", 300);
        var seed = (int)Measurement.Argument(args, "--seed", 8);
        var chains = MatchQualityBenchmark.LoadChains(Measurement.Argument(args, "--chains"));
        var graph = Evaluation.Graph(chains);
        Console.WriteLine(Measurement.Machine());

        var clock = Stopwatch.StartNew();
        var (profiles, planted) = Evaluation.Generate(chains, count, count / 10, seed);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Generated {profiles.Count:N0} profiles in {clock.Elapsed.TotalSeconds:F1} s (seed {seed}; {planted.Count:N0} buyers with 3 planted suppliers each, as in match-quality)"));

        // Every need written differently (unless --generated-needs), before the texts are read, so that the platform reads
        // the texts as written: no search can be answered from one made for another participant.
        if (!args.Contains("--generated-needs"))
        {
            profiles = DistinctNeeds(profiles, chains, seed);
        }

        // The products their texts name are read as the platform reads them (the mapping in place), unless --no-terms.
        if (!args.Contains("--no-terms"))
        {
            using var terms = ProductTerms.Shipped(chains.SelectMany(c => c.Stages).SelectMany(s => s.Products).Select(p => p.Hs2022));
            var stages = Evaluation.Stages(chains);
            var read = new Profile[profiles.Count];
            var cpuBefore = Measurement.ProcessCpuSeconds();
            clock.Restart();
            Parallel.For(0, read.Length, i => read[i] = terms.Apply(profiles[i], stages));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Read the products named in {2 * read.Length:N0} texts in {clock.Elapsed.TotalSeconds:F1} s ({Measurement.ProcessCpuSeconds() - cpuBefore:F1} CPU s): {read.Count(p => p.Inferred.Count > 0):N0} profiles gained codes, {read.Sum(p => p.Inferred.Count):N0} codes in all"));
            profiles = read;
        }

        var random = new Random(seed);
        var order = profiles.Select(p => p.Id).ToArray();
        random.Shuffle(order);
        var participants = order[..Math.Min(participantCount, order.Length)];
        var sample = participants[..Math.Min(sampleSize, participants.Length)];
        var compared = participants[..Math.Min(referenceCount, participants.Length)];
        var byId = profiles.ToDictionary(p => p.Id);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"The {participants.Length:N0} participants write {participants.Select(id => byId[id].NeedText).Distinct().Count():N0} different needs and {participants.Select(id => byId[id].OfferText).Distinct().Count():N0} different offers"));
        var needs = args.Contains("--generated-needs") ? "the generator's needs, many alike" : "every need different";
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount };

        // The structured part, Lianbo and DuckDB, on the same participants: DuckDB on the first of them only (it needs
        // far longer), Lianbo on all of them and, for the ratio, on the same first ones. Each run of the full recommender
        // is followed by one of the structured part and one of DuckDB, so that the three see the same load.
        var products = new Samples();
        var ours = new IReadOnlyList<Recommendation>[compared.Length];
        var rank = profiles.Select(p => p.Id).Order().Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i);
        var reference = new Samples();
        List<(int Partner, double Score)>[] theirs = [];

        void Structured()
        {
            Settle();
            Measurement.PeakRss(reset: true);
            clock.Restart();
            using var recommender = new Recommender(profiles, graph, ProductsOnly);
            products.Add("build", clock.Elapsed.TotalSeconds);
            var cpu = Measurement.ProcessCpuSeconds();
            clock.Restart();
            Parallel.For(0, participants.Length, parallel, i => recommender.Recommend(participants[i], Top));
            products.Add("all", clock.Elapsed.TotalSeconds);
            products.Add("all CPU", Measurement.ProcessCpuSeconds() - cpu);
            cpu = Measurement.ProcessCpuSeconds();
            clock.Restart();
            Parallel.For(0, compared.Length, parallel, i => ours[i] = recommender.Recommend(compared[i], Top));
            products.Add("compared", clock.Elapsed.TotalSeconds);
            products.Add("compared CPU", Measurement.ProcessCpuSeconds() - cpu);
            products.Add("peak MiB", Measurement.PeakRss(reset: false));
        }

        void Reference()
        {
            Settle();
            Measurement.PeakRss(reset: true);
            theirs = DuckDb(profiles, compared, rank, batch, reference);
            reference.Add("peak MiB", Measurement.PeakRss(reset: false));
        }

        // The full recommender: each run builds it from scratch and times everything on it.
        var full = new Samples();
        var edits = new List<double>();
        var recall = double.NaN;
        for (var run = 0; run < runs; run++)
        {
            Full(run);
            Structured();
            if (run < referenceRuns)
            {
                Reference();
            }
        }

        void Full(int run)
        {
            var baseline = Settle();
            Measurement.PeakRss(reset: true);
            var load = Measurement.LoadAverage();
            var cpu = Measurement.ProcessCpuSeconds();
            clock.Restart();
            using var recommender = new Recommender(profiles, graph);
            full.Add("build", clock.Elapsed.TotalSeconds);
            full.Add("build CPU", Measurement.ProcessCpuSeconds() - cpu);
            full.Add("index MiB", (Settle() - baseline) / 1048576.0);

            // Each recommendation's wall time and the CPU time of the process (both text searches' threads; nothing else
            // runs meanwhile): on a busy machine the CPU time is what an idle one would need on one core. Every search is
            // made afresh here: none is answered from the searches remembered (a participant who writes the same need as
            // one before would otherwise be answered at once).
            recommender.RemembersSearches = false;
            var latencies = new List<double>();
            var cpuTimes = new List<double>();
            foreach (var id in sample)
            {
                var start = Stopwatch.GetTimestamp();
                var processCpu = Measurement.ProcessCpuMilliseconds();
                recommender.Recommend(id, Top);
                cpuTimes.Add(Measurement.ProcessCpuMilliseconds() - processCpu);
                latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }

            full.Add("p50", Measurement.Percentile(latencies, 0.50));
            full.Add("p95", Measurement.Percentile(latencies, 0.95));
            full.Add("p50 CPU", Measurement.Percentile(cpuTimes, 0.50));
            full.Add("p95 CPU", Measurement.Percentile(cpuTimes, 0.95));

            // Every participant with every search made afresh (none remembered; with distinct needs none could be either).
            cpu = Measurement.ProcessCpuSeconds();
            clock.Restart();
            Parallel.For(0, participants.Length, parallel, i => recommender.Recommend(participants[i], Top));
            full.Add("all", clock.Elapsed.TotalSeconds);
            full.Add("all CPU", Measurement.ProcessCpuSeconds() - cpu);
            recommender.RemembersSearches = true;

            edits.AddRange(Edits(recommender, byId, graph, profiles, sample, editCount, random));
            full.Add("peak MiB", Measurement.PeakRss(reset: false));
            if (run == runs - 1)
            {
                recall = Recall(recommender, planted.Take(sample.Length));
            }

            full.Add("load average", (load + Measurement.LoadAverage()) / 2);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"run {run + 1}: build {full["build"][^1]:F1} s ({full["build CPU"][^1]:F1} CPU s); one participant p50 {full["p50"][^1]:F2} ms p95 {full["p95"][^1]:F2} ms (CPU {full["p50 CPU"][^1]:F2} / {full["p95 CPU"][^1]:F2} ms); all {participants.Length:N0} {full["all"][^1]:F1} s ({full["all CPU"][^1]:F1} CPU s); peak {full["peak MiB"][^1]:N0} MiB; load average {full["load average"][^1]:F1}"));
        }

        // The texts alone (every other weight 0): candidates without a text match are then skipped unscored, so this is
        // about what the two BM25 searches of a recommendation cost.
        {
            Settle();
            using var texts = new Recommender(profiles, graph, Evaluation.TextOnly) { RemembersSearches = false };
            foreach (var id in sample)
            {
                var processCpu = Measurement.ProcessCpuMilliseconds();
                texts.Recommend(id, Top);
                full.Add("text CPU", Measurement.ProcessCpuMilliseconds() - processCpu);
            }
        }

        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Matchmaking, {profiles.Count:N0} generated profiles, {participants.Length:N0} participants, top {Top}; medians of {runs} interleaved Lianbo run(s) and {referenceRuns} DuckDB run(s); ratio = Lianbo ÷ DuckDB"));
        Console.WriteLine();
        Console.WriteLine("| step | Lianbo | DuckDB | ratio |");
        Console.WriteLine("|---|---:|---:|---:|");
        Line("build the recommender (profiles, HS and stage postings, both text indexes), s", full.Median("build"));
        Line("build, CPU s (all threads)", full.Median("build CPU"));
        Line("index size (managed heap after the build − before), MiB", full.Median("index MiB"));
        Line($"one participant's top {Top}, p50 over {sample.Length:N0}, ms", full.Median("p50"));
        Line($"one participant's top {Top}, p95 over {sample.Length:N0}, ms", full.Median("p95"));
        Line($"one participant's top {Top}, p50 CPU time (both threads), ms", full.Median("p50 CPU"));
        Line($"one participant's top {Top}, p95 CPU time (both threads), ms", full.Median("p95 CPU"));
        Line($"one participant's texts alone (two BM25 searches, other weights 0), p50 CPU, ms", Measurement.Percentile(full["text CPU"], 0.50));
        Line($"one participant's texts alone, p95 CPU, ms", Measurement.Percentile(full["text CPU"], 0.95));
        Line($"all {participants.Length:N0} participants' top {Top}, every search afresh ({needs}), {Environment.ProcessorCount} threads, s", full.Median("all"));
        Line($"all {participants.Length:N0} participants' top {Top}, CPU s (÷ {Environment.ProcessorCount} cores = the time on an idle machine)", full.Median("all CPU"));
        Line("structured part only: build (Lianbo) / load (DuckDB: codes, stages, keys), s", products.Median("build"), reference.Median("load time"));
        Line($"structured part only: all {participants.Length:N0} participants' top {Top}, s", products.Median("all"));
        Line($"structured part only: all {participants.Length:N0} participants' top {Top}, CPU s", products.Median("all CPU"));
        Line($"structured part only: the first {compared.Length:N0} participants' top {Top}, s", products.Median("compared"), reference.Median("query"));
        Line($"structured part only: the first {compared.Length:N0} participants' top {Top}, CPU s", products.Median("compared CPU"), reference.Median("query CPU"));
        Line($"a profile edit shown in the next top {Top}, median of {edits.Count}, ms", Measurement.Median(edits));
        Line("a profile edit shown, slowest, ms", edits.Count == 0 ? double.NaN : edits.Max());
        Line("peak resident memory of the process (includes the generated profiles), MiB", full.Median("peak MiB"), reference.Median("peak MiB"));
        Line("load average during the runs (2 cores: above 2, work waits for a core)", full.Median("load average"), reference.Median("load average"));
        Console.WriteLine();

        var (agree, checkedCount, first) = Compare(ours, theirs, rank, compared);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Structured top {Top} above {Comparable}: Lianbo and DuckDB agree (same partners, same order, same scores) for {agree:N0} of {checkedCount:N0} participants{first}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Planted suppliers in the top {Top} of the first {Math.Min(sample.Length, planted.Count):N0} planted buyers: {recall:P1}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Targets: p95 {full.Median("p95"):F1} ms, CPU {full.Median("p95 CPU"):F1} ms (≤ 20 ms: {Met(full.Median("p95") <= 20)}, CPU {Met(full.Median("p95 CPU") <= 20)}); all {participants.Length:N0} in {full.Median("all"):F0} s, {full.Median("all CPU"):F0} CPU s over {Environment.ProcessorCount} cores (≤ 120 s: {Met(full.Median("all") <= 120)}, CPU {Met(full.Median("all CPU") / Environment.ProcessorCount <= 120)}); an edit shown within {(edits.Count == 0 ? double.NaN : edits.Max()):F0} ms (≤ 1 s: {Met(edits.Count > 0 && edits.Max() <= 1000)})"));
        return agree == checkedCount ? 0 : 1;
    }

    /// <summary>
    /// Every need text made different from every other: the generator's need ("We buy" and one or two product names,
    /// 2,239 different ones among 100,000 participants) followed by three to five words drawn from a larger vocabulary,
    /// drawn again until the text is new. The vocabulary is the words of every chain's product descriptions and stage
    /// names, which the offers also use (so each added word is looked up in real postings), less the words the product
    /// terms read as a product: a need still asks for the products the generator gave it, and the structured part does
    /// the same work as with the generator's needs.
    /// </summary>
    internal static List<Profile> DistinctNeeds(IReadOnlyList<Profile> profiles, IReadOnlyList<Evaluation.ChainFile> chains, int seed)
    {
        var vocabulary = chains.SelectMany(c => c.Stages)
            .SelectMany(s => s.Products.Select(p => p.Rationale).Append(s.NameEn))
            .SelectMany(text => text.Split([' ', ',', '.', ';', ':', '(', ')', '/', '"'], StringSplitOptions.RemoveEmptyEntries))
            .Where(word => word.Length >= 3 && word.All(char.IsLetter))
            .Select(word => word.ToLowerInvariant())
            .Concat(chains.SelectMany(c => c.Stages).Select(s => s.NameZh).Where(name => name.Length > 0))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        using (var terms = ProductTerms.Shipped(chains.SelectMany(c => c.Stages).SelectMany(s => s.Products).Select(p => p.Hs2022)))
        {
            vocabulary.RemoveAll(word => terms.Find(word).Count > 0);
        }

        var random = new Random(seed + 1);
        var written = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<Profile>(profiles.Count);
        foreach (var profile in profiles)
        {
            if (profile.NeedText.Length == 0)
            {
                result.Add(profile);
                continue;
            }

            string text;
            do
            {
                text = profile.NeedText + ", " + string.Join(' ', Enumerable.Range(0, random.Next(3, 6)).Select(_ => vocabulary[random.Next(vocabulary.Count)]));
            }
            while (!written.Add(text));

            result.Add(profile with { NeedText = text });
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Every need made different: {written.Count:N0} need texts, each the generator's need and 3 to 5 of {vocabulary.Count:N0} words of the chains' product descriptions and stage names that name no product"));
        return result;
    }

    private static string Met(bool met) => met ? "met" : "missed";

    private static void Line(string step, double lianbo, double? duckDb = null) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {step} | {Format(lianbo)} | {(duckDb is { } d ? Format(d) : "—")} | {(duckDb is { } r ? (lianbo / r).ToString("0.000", CultureInfo.InvariantCulture) : "—")} |"));

    private static string Format(double value) =>
        value.ToString(value >= 100 ? "N0" : value >= 10 ? "0.0" : "0.000", CultureInfo.InvariantCulture);

    // A full collection, so that one run's garbage does not count in the next one's memory; the managed heap after it.
    private static long Settle()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    /// <summary>Named series of measurements, one value per run.</summary>
    private sealed class Samples
    {
        private readonly Dictionary<string, List<double>> values = [];

        public List<double> this[string name] => values[name];

        public void Add(string name, double value) => (values.TryGetValue(name, out var list) ? list : values[name] = []).Add(value);

        public double Median(string name) => values.TryGetValue(name, out var list) ? Measurement.Median(list) : double.NaN;
    }

    /// <summary>
    /// Edits that make a random profile an ideal partner of a sampled participant (it now offers what the participant
    /// needs, in the participant's words, from a stage upstream, and needs what it offers), each timed from
    /// <see cref="Recommender.Upsert"/> until <see cref="Recommender.Recommend"/> lists it; the profile is put back after.
    /// An edit that never shows counts as infinity.
    /// </summary>
    private static List<double> Edits(Recommender recommender, Dictionary<Guid, Profile> byId, ChainGraph graph, IReadOnlyList<Profile> profiles,
        IReadOnlyList<Guid> sample, int count, Random random)
    {
        var times = new List<double>();
        // Participants that seek suppliers: the edit makes a supplier of exactly what they need.
        foreach (var me in sample.Select(id => byId[id]).Where(p => p.NeedHs.Count > 0 && p.Stages.Count > 0 && p.Seeks.HasFlag(PartnerTypes.Supplier)).Take(count))
        {
            var before = recommender.Recommend(me.Id, Top).Select(r => r.Partner).ToHashSet();
            Profile original;
            do
            {
                original = profiles[random.Next(profiles.Count)];
            }
            while (original.Id == me.Id || before.Contains(original.Id));

            var edited = new Profile
            {
                Id = original.Id, NameZh = original.NameZh, NameEn = original.NameEn, Country = me.Country == "CHN" ? "DEU" : "CHN",
                // Every boost that can apply, so that it outranks the partners that fit as well (read texts make many).
                Kind = me.Kind == OrganisationKind.Enterprise ? OrganisationKind.Research : OrganisationKind.Enterprise, IsLarge = !me.IsLarge, OfferHs = me.NeedHs, NeedHs = me.OfferHs,
                Stages = me.NeedStages.Count > 0 ? me.NeedStages : [.. me.Stages.SelectMany(graph.Upstream).Take(1)],
                Provides = PartnerTypes.Supplier | PartnerTypes.Buyer, Seeks = PartnerTypes.Supplier | PartnerTypes.Buyer,
                OfferText = me.NeedText, NeedText = me.OfferText,
            };
            var start = Stopwatch.GetTimestamp();
            recommender.Upsert(edited);
            while (!recommender.Recommend(me.Id, Top).Any(r => r.Partner == edited.Id))
            {
                if (Stopwatch.GetElapsedTime(start).TotalSeconds > 5)
                {
                    break;
                }
            }

            var elapsed = Stopwatch.GetElapsedTime(start);
            times.Add(elapsed.TotalSeconds > 5 ? double.PositiveInfinity : elapsed.TotalMilliseconds);
            recommender.Upsert(original);
        }

        return times;
    }

    // The share of planted suppliers found in their buyer's top 20 (the quality check of match-quality, at this scale).
    private static double Recall(Recommender recommender, IEnumerable<(Guid Query, IReadOnlySet<Guid> Relevant)> queries)
    {
        int found = 0, total = 0;
        foreach (var (query, relevant) in queries)
        {
            found += recommender.Recommend(query, Top).Count(r => relevant.Contains(r.Partner));
            total += relevant.Count;
        }

        return total == 0 ? double.NaN : (double)found / total;
    }

    private static (int Agree, int Compared, string First) Compare(IReadOnlyList<Recommendation>[] ours, List<(int Partner, double Score)>[] theirs,
        Dictionary<Guid, int> rank, Guid[] participants)
    {
        if (theirs.Length != ours.Length)
        {
            return (0, 0, " (no DuckDB run)");
        }

        int agree = 0;
        var first = "";
        for (var i = 0; i < ours.Length; i++)
        {
            var a = ours[i].Where(r => r.Score > Comparable).Select(r => (Partner: rank[r.Partner], r.Score)).ToList();
            var b = theirs[i].Where(r => r.Score > Comparable).ToList();
            if (a.SequenceEqual(b))
            {
                agree++;
            }
            else if (first.Length == 0)
            {
                first = string.Create(CultureInfo.InvariantCulture,
                    $"; first difference for {participants[i]}: Lianbo {string.Join(", ", a.Take(5).Select(x => $"{x.Partner}:{x.Score:R}"))} … DuckDB {string.Join(", ", b.Take(5).Select(x => $"{x.Partner}:{x.Score:R}"))} …");
            }
        }

        return (agree, ours.Length, first);
    }

    /// <summary>
    /// The structured part in DuckDB SQL (in process, through DuckDB.NET): each participant's candidates are the
    /// profiles that offer a product of the heading it needs, or need one of the heading it offers (Lianbo's HS
    /// postings); the fit of two codes follows the HS hierarchy; each side values the pair by the directions it seeks
    /// (suppliers, buyers); competitors (a shared stage and a shared offered heading) are vetoed; the score is the
    /// harmonic mean of both sides. Participants go in batches to bound the intermediate pairs. Profiles are numbered
    /// in id order, so that ties break as in Lianbo. Exclusions and refusals, empty in the generated population, are left out.
    /// </summary>
    private static List<(int Partner, double Score)>[] DuckDb(IReadOnlyList<Profile> profiles, Guid[] participants, Dictionary<Guid, int> rank,
        int batchSize, Samples samples)
    {
        var temp = Directory.CreateTempSubdirectory("lianbo-match-bench-");
        try
        {
            using var connection = new DuckDBConnection("Data Source=:memory:");
            connection.Open();
            Execute(connection, $"SET threads = {Environment.ProcessorCount}; SET memory_limit = '4GB'; SET temp_directory = '{temp.FullName.Replace("'", "''", StringComparison.Ordinal)}'; SET preserve_insertion_order = false;");
            var clock = Stopwatch.StartNew();
            Execute(connection, """
                CREATE TABLE orgs (n INTEGER, seeks INTEGER, accepts BOOLEAN);
                CREATE TABLE offers (n INTEGER, hs VARCHAR);
                CREATE TABLE needs (n INTEGER, hs VARCHAR);
                CREATE TABLE stages (n INTEGER, stage VARCHAR);
                CREATE TABLE participants (n INTEGER, pos INTEGER, batch INTEGER);
                """);
            using (var orgs = connection.CreateAppender("orgs"))
            using (var offers = connection.CreateAppender("offers"))
            using (var needs = connection.CreateAppender("needs"))
            using (var stages = connection.CreateAppender("stages"))
            {
                foreach (var p in profiles)
                {
                    var n = rank[p.Id];
                    orgs.CreateRow().AppendValue(n).AppendValue((int)p.Seeks).AppendValue(p.AcceptsCompetitors).EndRow();
                    foreach (var hs in p.OfferHs)
                    {
                        offers.CreateRow().AppendValue(n).AppendValue(hs).EndRow();
                    }

                    foreach (var hs in p.NeedHs)
                    {
                        needs.CreateRow().AppendValue(n).AppendValue(hs).EndRow();
                    }

                    foreach (var stage in p.Stages)
                    {
                        stages.CreateRow().AppendValue(n).AppendValue(stage.ToString()).EndRow();
                    }
                }
            }

            using (var appender = connection.CreateAppender("participants"))
            {
                for (var i = 0; i < participants.Length; i++)
                {
                    appender.CreateRow().AppendValue(rank[participants[i]]).AppendValue(i).AppendValue(i / batchSize).EndRow();
                }
            }

            // A need is looked up under its heading (its chapter when it is one); an offer is listed under its chapter and heading.
            Execute(connection, """
                CREATE MACRO lookup_key(h) AS CASE WHEN length(h) >= 4 THEN left(h, 4) ELSE left(h, 2) END;
                CREATE MACRO heading(h) AS CASE WHEN length(h) >= 4 THEN left(h, 4) ELSE h END;
                CREATE MACRO fit(o, d) AS CASE
                    WHEN starts_with(o, d) OR starts_with(d, o) THEN
                        CASE WHEN least(length(o), length(d)) >= 6 THEN 1.0::DOUBLE WHEN least(length(o), length(d)) >= 4 THEN 0.85::DOUBLE ELSE 0.5::DOUBLE END
                    WHEN length(o) >= 4 AND length(d) >= 4 AND left(o, 4) = left(d, 4) THEN 0.6::DOUBLE
                    WHEN left(o, 2) = left(d, 2) THEN 0.25::DOUBLE
                    ELSE 0.0::DOUBLE END;
                CREATE MACRO wants_suppliers(s) AS s = 0 OR (s & 29) <> 0;
                CREATE MACRO wants_buyers(s) AS s = 0 OR (s & 2) <> 0;
                CREATE TABLE offer_keys AS SELECT DISTINCT n, left(hs, 2) AS key FROM offers UNION SELECT n, left(hs, 4) FROM offers WHERE length(hs) >= 4;
                CREATE TABLE need_keys AS SELECT DISTINCT n, left(hs, 2) AS key FROM needs UNION SELECT n, left(hs, 4) FROM needs WHERE length(hs) >= 4;
                """);
            samples.Add("load time", clock.Elapsed.TotalSeconds);

            var result = new List<(int, double)>[participants.Length];
            var positions = new Dictionary<int, int>();
            for (var i = 0; i < participants.Length; i++)
            {
                result[i] = [];
                positions[rank[participants[i]]] = i;
            }

            var load = Measurement.LoadAverage();
            var cpu = Measurement.ProcessCpuSeconds();
            clock.Restart();
            using var command = connection.CreateCommand();
            command.CommandText = $"""
                WITH me AS (SELECT n FROM participants WHERE batch = $batch),
                cand AS (
                    SELECT DISTINCT me, other FROM (
                        SELECT d.n AS me, k.n AS other FROM needs d JOIN me USING (n) JOIN offer_keys k ON k.key = lookup_key(d.hs)
                        UNION ALL
                        SELECT o.n, k.n FROM offers o JOIN me USING (n) JOIN need_keys k ON k.key = lookup_key(o.hs))
                    WHERE me <> other),
                supply AS (
                    SELECT c.me, c.other, max(fit(o.hs, d.hs)) AS v
                    FROM cand c JOIN needs d ON d.n = c.me JOIN offers o ON o.n = c.other GROUP BY c.me, c.other),
                buy AS (
                    SELECT c.me, c.other, max(fit(o.hs, d.hs)) AS v
                    FROM cand c JOIN offers o ON o.n = c.me JOIN needs d ON d.n = c.other GROUP BY c.me, c.other),
                rivals AS (
                    SELECT c.me, c.other FROM cand c JOIN stages a ON a.n = c.me JOIN stages b ON b.n = c.other AND b.stage = a.stage
                    INTERSECT
                    SELECT c.me, c.other FROM cand c JOIN offers a ON a.n = c.me JOIN offers b ON b.n = c.other AND heading(b.hs) = heading(a.hs)),
                valued AS (
                    SELECT c.me, c.other,
                        greatest(CASE WHEN wants_suppliers(m.seeks) THEN coalesce(s.v, 0) ELSE 0 END, CASE WHEN wants_buyers(m.seeks) THEN coalesce(b.v, 0) ELSE 0 END) AS to_me,
                        greatest(CASE WHEN wants_suppliers(t.seeks) THEN coalesce(b.v, 0) ELSE 0 END, CASE WHEN wants_buyers(t.seeks) THEN coalesce(s.v, 0) ELSE 0 END) AS to_them
                    FROM cand c JOIN orgs m ON m.n = c.me JOIN orgs t ON t.n = c.other
                    LEFT JOIN supply s ON s.me = c.me AND s.other = c.other
                    LEFT JOIN buy b ON b.me = c.me AND b.other = c.other
                    LEFT JOIN rivals r ON r.me = c.me AND r.other = c.other
                    WHERE m.accepts OR r.me IS NULL)
                SELECT me, other, 2 * to_me * to_them / (to_me + to_them) AS score
                FROM valued WHERE to_me > 0 AND to_them > 0
                QUALIFY row_number() OVER (PARTITION BY me ORDER BY score DESC, other) <= {Top}
                ORDER BY me, score DESC, other
                """;
            var batchParameter = new DuckDBParameter("batch", 0);
            command.Parameters.Add(batchParameter);
            for (var b = 0; b * batchSize < participants.Length; b++)
            {
                batchParameter.Value = b;
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    result[positions[reader.GetInt32(0)]].Add((reader.GetInt32(1), reader.GetDouble(2)));
                }
            }

            samples.Add("query", clock.Elapsed.TotalSeconds);
            samples.Add("query CPU", Measurement.ProcessCpuSeconds() - cpu);
            samples.Add("load average", (load + Measurement.LoadAverage()) / 2);
            return result;
        }
        finally
        {
            temp.Delete(recursive: true);
        }
    }

    private static void Execute(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
