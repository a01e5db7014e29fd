using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using DuckDB.NET.Data;
using Lianbo.Core;
using Lianbo.Core.Accounts;
using Lianbo.Core.Chains;
using Lianbo.Core.Data;
using Lianbo.Core.Expo;
using Lianbo.Core.Matchmaking;
using Lianbo.Core.Reference;
using Lianbo.Matching;
using Lianbo.Trade.Store;
using Lianbo.Web.Matchmaking;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Spectre.Console;

namespace Lianbo.Cli.Commands;

/// <summary>
/// <c>lianbo match recommend --org X</c>: an organisation's partners with their reasons, as the web app gives them;
/// <c>lianbo match evaluate</c>: the recommender's quality against the baselines (the bench's table).
/// </summary>
internal static class MatchCommands
{
    /// <summary>What <c>--json</c> prints: the API's camelCase, enums by name, indented, Chinese left readable; NaN as "NaN".</summary>
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
        // Chinese names and reasons stay readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static Command Create(GlobalOptions global) =>
        new("match", CliText.Format("MatchDescription")) { Recommend(global), Evaluate(global) };

    private static Command Recommend(GlobalOptions global)
    {
        var org = new Option<string>("--org") { Description = CliText.Format("MatchOrgOption"), Required = true, HelpName = "ID|KEY|NAME" };
        var limit = new Option<int>("--limit") { Description = CliText.Format("MatchLimitOption", MatchmakingApi.MaxLimit), DefaultValueFactory = _ => 20 };
        var json = new Option<bool>("--json") { Description = CliText.Format("MatchJsonOption") };
        var command = new Command("recommend", CliText.Format("MatchRecommendDescription")) { org, limit, json };
        command.SetAction(async (result, ct) =>
        {
            var error = result.InvocationConfiguration.Error;
            var count = result.GetValue(limit);
            if (count is < 1 or > MatchmakingApi.MaxLimit)
            {
                await error.WriteLineAsync(Messages.Format("OutOfRange", "--limit", 1, MatchmakingApi.MaxLimit));
                return CliApp.UserError;
            }

            var options = global.Resolve(result);
            await using var db = DatabaseProvider.CreateContext(options);
            await DatabaseProvider.MigrateAsync(db, ct);
            var name = result.GetValue(org)!.Trim();
            var found = await FindAsync(db, name, ct);
            if (found.Count != 1)
            {
                await error.WriteLineAsync(CliText.Format(found.Count == 0 ? "MatchOrgNotFound" : "MatchOrgAmbiguous", name, found.Count));
                foreach (var o in found)
                {
                    await error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  {o.Id}  {o.Key ?? "-",-20} {o.NameEn} / {o.NameZh}{(o.CountryIso3 is { } c ? $" ({c})" : "")}"));
                }

                return CliApp.UserError;
            }

            var me = found[0];
            using var matchmaker = new Matchmaker(TradeSourcingOf(options, error));
            var outcome = await matchmaker.RecommendAsync(db, Viewer.CommandLine, me.Id, count, ct);
            return GroupsCommands.Report(result, outcome, list => result.GetValue(json) ? JsonSerializer.Serialize(list, Json) : Describe(me, list));
        });
        return command;
    }

    // An id, the organiser's key, or the exact English or Chinese name (which several organisations may share).
    private static async Task<List<Organisation>> FindAsync(LianboDbContext db, string text, CancellationToken ct)
    {
        var organisations = db.Organisations.AsNoTracking();
        if (Guid.TryParse(text, out var id))
        {
            return await organisations.Where(o => o.Id == id).ToListAsync(ct);
        }

        return await organisations.Where(o => o.Key == text).ToListAsync(ct) is { Count: > 0 } byKey
            ? byKey
            : await organisations.Where(o => o.NameEn == text || o.NameZh == text).OrderBy(o => o.NameEn).ThenBy(o => o.Id).ToListAsync(ct);
    }

    // The trade store beside the platform store, when there is one; without it (or while another process holds it)
    // the recommendations come without the diversified-sourcing boost, and the second case says so.
    private static ISourcingLookup TradeSourcingOf(LianboOptions options, TextWriter error)
    {
        var store = TradeStore.InDirectory(Path.GetFullPath(options.DataDirectory));
        return File.Exists(store.Path) ? new Unavailable(new TradeSourcing(store), store.Path, error) : ISourcingLookup.None;
    }

    private sealed class Unavailable(ISourcingLookup inner, string path, TextWriter error) : ISourcingLookup
    {
        public async Task<IReadOnlyList<MainSupplier?>> MainSuppliersAsync(IReadOnlyList<SourcingQuestion> questions, CancellationToken ct = default)
        {
            try
            {
                return await inner.MainSuppliersAsync(questions, ct);
            }
            catch (DuckDBException e)
            {
                await error.WriteLineAsync(CliText.Format("MatchNoSourcing", path, e.Message.Split('\n')[0]));
                return new MainSupplier?[questions.Count];
            }
        }
    }

    private static string Describe(Organisation me, IReadOnlyList<RecommendationDto> found)
    {
        var zh = CultureInfo.CurrentUICulture.IsChinese();
        string Name(string nameZh, string nameEn, string? country) =>
            country is null ? (zh ? nameZh : nameEn) : zh ? $"{nameZh}（{country}）" : $"{nameEn} ({country})";
        var text = new StringBuilder();
        var title = Name(me.NameZh, me.NameEn, me.CountryIso3);
        if (found.Count == 0)
        {
            return CliText.Format("MatchNone", title);
        }

        text.AppendLine(CliText.Format("MatchTitle", title, found.Count));
        foreach (var (r, i) in found.Select((r, i) => (r, i + 1)))
        {
            text.AppendLine(string.Create(CultureInfo.CurrentCulture, $"{i,3}. {Name(r.NameZh, r.NameEn, r.CountryIso3)}"))
                .AppendLine("     " + CliText.Format("MatchScores", r.Score, r.ValueToYou, r.ValueToThem));
            foreach (var reason in r.Reasons)
            {
                text.AppendLine("     - " + reason.Text);
            }
        }

        return text.ToString().TrimEnd();
    }

    private static Command Evaluate(GlobalOptions global)
    {
        var set = new Option<string>("--set") { Description = CliText.Format("MatchSetOption"), HelpName = "test|tuning|generated|realistic|both", DefaultValueFactory = _ => Evaluation.TestSet };
        set.AcceptOnlyFromAmong(Evaluation.TestSet, Evaluation.TuningSet, Evaluation.GeneratedSet, Evaluation.RealisticSet, "both");
        var demo = new Option<bool>("--demo") { Description = CliText.Format("MatchDemoOption") };
        var defaults = new Evaluation.RunOptions();
        var seed = new Option<int>("--seed") { Description = CliText.Format("MatchSeedOption", defaults.Seed), DefaultValueFactory = _ => defaults.Seed };
        var orgs = new Option<int>("--orgs") { Description = CliText.Format("MatchOrgsOption", defaults.Organisations), DefaultValueFactory = _ => defaults.Organisations };
        var buyers = new Option<int>("--buyers") { Description = CliText.Format("MatchBuyersOption", defaults.Buyers), DefaultValueFactory = _ => defaults.Buyers };
        var command = new Command("evaluate", CliText.Format("MatchEvaluateDescription")) { set, demo, seed, orgs, buyers };
        command.SetAction(async (result, ct) =>
        {
            var which = result.GetValue(set)!;
            if (which is Evaluation.TestSet or Evaluation.TuningSet)
            {
                return await EvaluateJudgedAsync(result, global.Resolve(result), which, result.GetValue(demo), ct);
            }

            var options = defaults with
            {
                Generated = which != Evaluation.RealisticSet,
                Realistic = which == Evaluation.GeneratedSet ? null : Evaluation.ReadSet(Evaluation.RealisticSetFile),
                Seed = result.GetValue(seed),
                Organisations = result.GetValue(orgs),
                Buyers = result.GetValue(buyers),
            };
            if (options.Buyers < 1 || options.Organisations < options.Buyers * 8)
            {
                // Each buyer brings its 3 partners, 3 competitors and a near miss: 8 organisations.
                await result.InvocationConfiguration.Error.WriteLineAsync(CliText.Format("MatchBadPopulation"));
                return CliApp.UserError;
            }

            var chains = Evaluation.ReadChains(global.Resolve(result).ResolvedChainsDirectory);
            var output = result.InvocationConfiguration.Output;
            var report = await StatusDisplay.RunAsync(output, CliText.Format("MatchEvaluating"), _ => Task.Run(() => Evaluation.Run(chains, options), ct));
            WriteReport(output, report, options);
            return 0;
        });
        return command;
    }

    // The judged set (issue 27): one part, alone and, with --demo, among the demo population as distractors.
    private static async Task<int> EvaluateJudgedAsync(ParseResult result, LianboOptions options, string part, bool withDemo, CancellationToken ct)
    {
        var output = result.InvocationConfiguration.Output;
        var chains = Evaluation.ReadChains(options.ResolvedChainsDirectory);
        var set = Evaluation.ReadJudgedSet(Evaluation.JudgedSetFile(part));
        using var terms = ProductTerms.Shipped(chains.SelectMany(c => c.Stages).SelectMany(s => s.Products).Select(p => p.Hs2022));
        var (graph, stages) = (Evaluation.Graph(chains), Evaluation.Stages(chains));
        var reports = new List<Evaluation.JudgedReport>();
        await StatusDisplay.RunAsync(output, CliText.Format("MatchEvaluating"), async _ =>
        {
            reports.Add(await Task.Run(() => Evaluation.EvaluateJudged(part, set, graph, terms, stages), ct));
            if (withDemo)
            {
                var distractors = await DemoPopulationAsync(options, ct);
                reports.Add(await Task.Run(() => Evaluation.EvaluateJudged(part, set, graph, terms, stages, distractors), ct));
            }

            return 0;
        });

        foreach (var report in reports)
        {
            WriteJudged(output, report);
        }

        return 0;
    }

    // The demo population as the web app loads it, in a store of its own that is deleted afterwards: its organisations
    // with their products and stages (the demo writes no match profiles).
    private static async Task<IReadOnlyList<Lianbo.Matching.Profile>> DemoPopulationAsync(LianboOptions options, CancellationToken ct)
    {
        var directory = Directory.CreateTempSubdirectory("lianbo-demo-").FullName;
        try
        {
            var scratch = new LianboOptions { DataDirectory = directory, ReferenceDirectory = options.ResolvedReferenceDirectory, ChainsDirectory = options.ResolvedChainsDirectory };
            await using var db = DatabaseProvider.CreateContext(scratch);
            await DatabaseProvider.MigrateAsync(db, ct);
            await new ReferenceLoader(db).LoadAsync(scratch.ResolvedReferenceDirectory, ct: ct);
            await new ChainStore(db).LoadShippedAsync(scratch.ResolvedChainsDirectory, ct);
            await new DemoData(db).LoadAsync(ct);
            using var matchmaker = new Matchmaker();
            var (profiles, _) = await matchmaker.SnapshotAsync(db, ct);
            return profiles;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    private static void WriteJudged(TextWriter output, Evaluation.JudgedReport report)
    {
        var culture = CultureInfo.CurrentCulture;
        output.WriteLine(CliText.Format(report.Set == Evaluation.TestSet ? "MatchJudgedTest" : "MatchJudgedTuning", report.Organisations, report.Queries, report.Pairs, report.CrossPairs));
        if (report.Distractors > 0)
        {
            output.WriteLine(CliText.Format("MatchJudgedDistractors", report.Distractors));
        }

        output.WriteLine();
        output.WriteLine(Pad(CliText.Format("MatchMethodColumn"), 32) + Pad(CliText.Format("MatchSubsetColumn"), 16) + PadLeft(CliText.Format("MatchQueriesColumn"), 8)
            + PadLeft("P@5", 8) + PadLeft("P@10", 8) + PadLeft("nDCG@10", 9) + PadLeft("R@10", 8) + PadLeft(CliText.Format("MatchLeakColumn"), 10));
        foreach (var s in report.Scores)
        {
            output.WriteLine(Pad(JudgedMethodName(s.Method), 32) + Pad(SubsetName(s.Subset), 16) + PadLeft(s.Queries.ToString(culture), 8)
                + PadLeft(s.Precision5.ToString("F3", culture), 8) + PadLeft(s.Precision10.ToString("F3", culture), 8) + PadLeft(s.Ndcg10.ToString("F3", culture), 9)
                + PadLeft(s.Recall10.ToString("F3", culture), 8) + PadLeft(s.Subset == Evaluation.Subsets.All ? report.LeakRates[s.Method].ToString("P1", culture) : "", 10));
        }

        output.WriteLine();
        var lianbo = report.Of(Evaluation.JudgedMethods.Lianbo);
        var best = new[] { Evaluation.JudgedMethods.Bm25Alone, Evaluation.JudgedMethods.HsOverlap, Evaluation.JudgedMethods.Random }
            .Select(m => report.Of(m)).MaxBy(s => s.Ndcg10)!;
        output.WriteLine(CliText.Format("MatchJudgedMargin", (lianbo.Ndcg10 - best.Ndcg10).ToString("F3", culture), JudgedMethodName(best.Method),
            report.Of(Evaluation.JudgedMethods.Lianbo, Evaluation.Subsets.CrossLanguage).Recall10.ToString("F3", culture)));
        output.WriteLine();
    }

    private static string JudgedMethodName(string method) => method switch
    {
        Evaluation.JudgedMethods.Lianbo => CliText.Format("MatchMethodLianbo"),
        Evaluation.JudgedMethods.WithoutTerms => CliText.Format("MatchMethodWithoutTerms"),
        Evaluation.JudgedMethods.Bm25Alone => CliText.Format("MatchMethodBm25"),
        Evaluation.JudgedMethods.HsOverlap => CliText.Format("MatchMethodHsOverlap"),
        Evaluation.JudgedMethods.Random => CliText.Format("MatchMethodRandom"),
        _ => method,
    };

    private static string SubsetName(string subset) => subset switch
    {
        Evaluation.Subsets.SameLanguage => CliText.Format("MatchSubsetSame"),
        Evaluation.Subsets.CrossLanguage => CliText.Format("MatchSubsetCross"),
        _ => CliText.Format("MatchSubsetAll"),
    };

    private static void WriteReport(TextWriter output, Evaluation.Report report, Evaluation.RunOptions options)
    {
        output.WriteLine(CliText.Format("MatchEvaluateTitle", options.K));
        foreach (var s in report.Sets)
        {
            output.WriteLine(CliText.Format(s.Set == Evaluation.GeneratedSet ? "MatchGeneratedSize" : "MatchRealisticSize", s.Organisations, s.Queries, options.Seed));
        }

        output.WriteLine();
        var culture = CultureInfo.CurrentCulture;
        var k = options.K.ToString(CultureInfo.InvariantCulture);
        output.WriteLine(Pad(CliText.Format("MatchMethodColumn"), 24) + Pad(CliText.Format("MatchSetColumn"), 14) + PadLeft(CliText.Format("MatchQueriesColumn"), 8)
            + PadLeft("precision@" + k, 15) + PadLeft("nDCG@" + k, 10));
        foreach (var r in report.Results)
        {
            output.WriteLine(Pad(MethodName(r.Method), 24) + Pad(SetName(r.Set), 14) + PadLeft(r.Queries.ToString(culture), 8)
                + PadLeft(r.Precision.ToString("F3", culture), 15) + PadLeft(r.Ndcg.ToString("F3", culture), 10));
        }

        output.WriteLine();
        foreach (var s in report.Sets)
        {
            var (precision, ndcg) = report.OverTagOverlap(s.Set);
            output.WriteLine(CliText.Format("MatchRatio", SetName(s.Set), Times(precision), Times(ndcg), k));
        }

        string Times(double ratio) => double.IsFinite(ratio) ? ratio.ToString("F2", culture) + "×" : "∞";
    }

    private static string MethodName(string method) => method switch
    {
        Evaluation.Methods.Lianbo => CliText.Format("MatchMethodLianbo"),
        Evaluation.Methods.Random => CliText.Format("MatchMethodRandom"),
        Evaluation.Methods.TagOverlap => CliText.Format("MatchMethodTagOverlap"),
        Evaluation.Methods.Bm25Alone => CliText.Format("MatchMethodBm25"),
        Evaluation.Methods.BestPossible => CliText.Format("MatchMethodBest"),
        _ => method,
    };

    private static string SetName(string set) => CliText.Format(set == Evaluation.GeneratedSet ? "MatchSetGenerated" : "MatchSetRealistic");

    // Columns by what a terminal shows: a Chinese character takes two cells.
    private static int Width(string text) => text.Sum(c => c.GetCellWidth());

    private static string Pad(string text, int width) => text + new string(' ', Math.Max(1, width - Width(text)));

    private static string PadLeft(string text, int width) => new string(' ', Math.Max(1, width - Width(text))) + text;
}
