using System.CommandLine;
using System.Globalization;
using Lianbo.Core;
using Lianbo.Core.Accounts;
using Lianbo.Core.Chains;
using Lianbo.Core.Data;
using Lianbo.Core.Reference;
using Lianbo.Core.Scenarios;
using Lianbo.Web.Scenarios;

namespace Lianbo.Cli.Commands;

/// <summary>
/// <c>lianbo scenario list | show | validate | add | update | run | compare</c>: scenario files, checked against this
/// install's reference data and chains, the stored scenarios and their runs (the command line acts as an organiser).
/// </summary>
internal static class ScenarioCommands
{
    public static Command Create(GlobalOptions global) =>
        new("scenario", CliText.Format("ScenarioDescription")) {
            List(global), Show(global), Validate(global), Add(global), Update(global), ScenarioRunCommands.Run(global), ScenarioRunCommands.Compare(global),
        };

    private static Command List(GlobalOptions global)
    {
        var list = new Command("list", CliText.Format("ScenarioListDescription"));
        list.SetAction(async (result, ct) =>
        {
            await using var db = await OpenAsync(global, result, ct);
            var chinese = CultureInfo.CurrentUICulture.IsChinese();
            foreach (var s in await Store(db).ListAsync(Viewer.CommandLine, ct))
            {
                var kind = CliText.Format(s.IsPreset ? "ScenarioPresetKind" : s.Published ? "ScenarioPublishedKind" : "ScenarioPrivateKind");
                result.InvocationConfiguration.Output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{s.Id,-28} {s.Version,-10} {(chinese ? s.NameZh : s.NameEn)} ({kind})"));
            }

            return 0;
        });
        return list;
    }

    private static Command Show(GlobalOptions global)
    {
        var id = new Argument<string>("id") { Description = CliText.Format("ScenarioIdArgument") };
        var format = new Option<string>("--format") { Description = CliText.Format("ScenarioFormatOption"), HelpName = "table|json", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var show = new Command("show", CliText.Format("ScenarioShowDescription")) { id, format };
        show.SetAction(async (result, ct) =>
        {
            await using var db = await OpenAsync(global, result, ct);
            var output = result.InvocationConfiguration.Output;
            if (await Store(db).GetAsync(Viewer.CommandLine, result.GetValue(id)!, ct) is not { } scenario)
            {
                await result.InvocationConfiguration.Error.WriteLineAsync(Messages.Format("ScenarioNotFound", result.GetValue(id)));
                return CliApp.UserError;
            }

            if (result.GetValue(format) == "json")
            {
                await output.WriteLineAsync(ScenarioFiles.Write(scenario.Definition));
                return 0;
            }

            var d = scenario.Definition;
            var chinese = CultureInfo.CurrentUICulture.IsChinese();
            await output.WriteLineAsync($"{d.Id} {d.Version}  {(chinese ? d.NameZh : d.NameEn)}");
            await output.WriteLineAsync(chinese ? d.DescriptionZh : d.DescriptionEn);
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{CliText.Format("ScenarioBase")}: {d.Base.Year?.ToString(CultureInfo.InvariantCulture) ?? "—"} {d.Base.Source ?? ""} HS{d.Base.Digits}, headroom {d.Base.Headroom}, gravity {d.Base.GravityYear}, σ {d.Base.Sigma}, draws {d.Base.Draws}"));
            for (var i = 0; i < d.Shocks.Count; i++)
            {
                await output.WriteLineAsync($"  [{i}] {Describe(d.Shocks[i])}");
            }

            foreach (var source in d.Sources)
            {
                await output.WriteLineAsync($"  {CliText.Format("ScenarioSourceLabel")}: {source.Title}{(source.Url is { } url ? " <" + url + ">" : "")}");
            }

            if (d.Illustrative)
            {
                await output.WriteLineAsync(CliText.Format("ScenarioIllustrative"));
            }

            return 0;
        });
        return show;
    }

    // Checked as the store would check it, without storing it: against the reference data and chains this install holds.
    private static Command Validate(GlobalOptions global)
    {
        var file = new Argument<string>("file") { Description = CliText.Format("ScenarioFileArgument") };
        var validate = new Command("validate", CliText.Format("ScenarioValidateDescription")) { file };
        validate.SetAction(async (result, ct) =>
        {
            var path = result.GetValue(file)!;
            var utf8 = await File.ReadAllBytesAsync(path, ct);
            if (!Read(result, path, utf8, out var scenario))
            {
                return CliApp.UserError;
            }

            await using var db = await OpenAsync(global, result, ct);

            var problems = ScenarioValidator.Validate(scenario, await Store(db).ContextAsync(ct));
            foreach (var problem in problems)
            {
                await result.InvocationConfiguration.Error.WriteLineAsync(Located(path, utf8, problem.Field, problem.Message));
            }

            if (problems.Count > 0)
            {
                return CliApp.UserError;
            }

            await result.InvocationConfiguration.Output.WriteLineAsync(CliText.Format("ScenarioValid", path, scenario.Id, scenario.Version, scenario.Shocks.Count));
            return 0;
        });
        return validate;
    }

    private static Command Add(GlobalOptions global)
    {
        var file = new Argument<string>("file") { Description = CliText.Format("ScenarioFileArgument") };
        var add = new Command("add", CliText.Format("ScenarioAddDescription")) { file };
        add.SetAction((result, ct) => WriteAsync(global, result, result.GetValue(file)!, "ScenarioAdded",
            (store, utf8, scenario) => store.CreateFileAsync(Viewer.CommandLine, utf8, Path.GetFileName(result.GetValue(file)!), ct), ct));
        return add;
    }

    private static Command Update(GlobalOptions global)
    {
        var file = new Argument<string>("file") { Description = CliText.Format("ScenarioFileArgument") };
        var update = new Command("update", CliText.Format("ScenarioUpdateDescription")) { file };
        update.SetAction((result, ct) => WriteAsync(global, result, result.GetValue(file)!, "ScenarioUpdated",
            (store, utf8, scenario) => store.UpdateFileAsync(Viewer.CommandLine, scenario.Id, utf8, ct), ct));
        return update;
    }

    // The same use case as the API's: checked in full, audited, nothing stored when a check fails.
    private static async Task<int> WriteAsync(GlobalOptions global, ParseResult result, string path, string done,
        Func<ScenarioStore, byte[], ScenarioDefinition, Task<Outcome<StoredScenario>>> write, CancellationToken ct)
    {
        var utf8 = await File.ReadAllBytesAsync(path, ct);
        if (!Read(result, path, utf8, out var scenario))
        {
            return CliApp.UserError;
        }

        await using var db = await OpenAsync(global, result, ct);
        var outcome = await write(Store(db), utf8, scenario);
        if (!await ReportAsync(result, path, utf8, outcome))
        {
            return CliApp.UserError;
        }

        await result.InvocationConfiguration.Output.WriteLineAsync(CliText.Format(done, outcome.Value!.Summary.Id, outcome.Value.Summary.Version));
        return 0;
    }

    /// <summary>A refused outcome on stderr, each problem as <c>FILE:line: field: message</c>; false when refused.</summary>
    internal static async Task<bool> ReportAsync<T>(ParseResult result, string path, byte[] utf8, Outcome<T> outcome)
    {
        if (outcome.Detail is { } detail)
        {
            await result.InvocationConfiguration.Error.WriteLineAsync(detail);
        }

        foreach (var (field, messages) in outcome.Errors)
        {
            foreach (var message in messages)
            {
                await result.InvocationConfiguration.Error.WriteLineAsync(Located(path, utf8, field, message));
            }
        }

        return outcome.IsValid;
    }

    // A file that does not read as a scenario: its line and field, and the exit code of refused input.
    internal static bool Read(ParseResult result, string path, byte[] utf8, out ScenarioDefinition scenario)
    {
        var (parsed, problem) = ScenarioFiles.Parse(utf8, Path.GetFileName(path));
        if (problem is not null)
        {
            var line = problem.Line ?? ScenarioLines.LineOf(utf8, problem.Field) ?? 1;
            result.InvocationConfiguration.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{path}:{line}: {problem}"));
            scenario = null!;
            return false;
        }

        scenario = parsed!;
        return true;
    }

    private static string Located(string path, byte[] utf8, string field, string message) =>
        string.Create(CultureInfo.InvariantCulture, $"{path}:{ScenarioLines.LineOf(utf8, field) ?? 1}: {new ScenarioProblem(field, message)}");

    private static string Describe(ShockDefinition s)
    {
        static string List(IReadOnlyList<string>? items) => items is { Count: > 0 } ? string.Join(",", items) : "";
        var who = s.Kind is ShockKind.ExportBan or ShockKind.Disruption or ShockKind.Cascade
            ? List(s.Exporters) + (s.Destinations is { Count: > 0 } ? (s.AllBut ? " → ¬" : " → ") + List(s.Destinations) : "")
            : List(s.Between) + " ↔ " + List(s.And);
        var what = string.Join(" ", new[] { List(s.Products), List(s.Chains), List(s.Stages), List(s.Sectors), s.Model ?? "" }.Where(p => p.Length > 0));
        var size = s.Percent is { } p ? string.Create(CultureInfo.InvariantCulture, $"−{p} %") : string.Create(CultureInfo.InvariantCulture, $"τ {s.Tau:+0.###;-0.###}");
        return $"{Messages.Format("ShockKind" + s.Kind)}: {who} {(what.Length > 0 ? what : CliText.Format("ScenarioAllGoods"))} {size}";
    }

    internal static ScenarioStore Store(LianboDbContext db) =>
        new(db, new AuditLog(db, TimeProvider.System), TimeProvider.System, new ScenarioGravityYears(ScenarioRunner.GravityYears));

    // As the web app's start leaves it: the reference data and chains a scenario names, and the presets (each loaded only when its files changed).
    // The store's line goes to <paramref name="log"/>: stderr when stdout holds only the answer (a run's CSV or JSON).
    internal static async Task<LianboDbContext> OpenAsync(GlobalOptions global, ParseResult result, CancellationToken ct, TextWriter? log = null)
    {
        var options = global.Resolve(result);
        var db = DatabaseProvider.CreateContext(options);
        await DbCommands.MigrateAsync(db, log ?? result.InvocationConfiguration.Output, ct);
        await new ReferenceLoader(db).LoadAsync(options.ResolvedReferenceDirectory, ct: ct);
        await new ChainStore(db).LoadShippedAsync(options.ResolvedChainsDirectory, ct);
        var store = Store(db);
        await store.LoadPresetsAsync(options.ResolvedScenariosDirectory, await store.ContextAsync(ct), ct);
        return db;
    }
}
