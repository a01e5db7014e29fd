using System.CommandLine;
using Lianbo.Core.Chains;
using Lianbo.Core.Reference;

namespace Lianbo.Cli.Commands;

/// <summary><c>lianbo chains validate | import | export</c>: chain files, checked against the HS nomenclatures.</summary>
internal static class ChainsCommands
{
    public static Command Create(GlobalOptions global)
    {
        var dir = new Option<string>("--dir") { Description = CliText.Format("ChainsDirOption"), HelpName = "DIR" };
        var validate = new Command("validate", CliText.Format("ChainsValidateDescription")) { dir };
        validate.SetAction(result =>
        {
            var options = global.Resolve(result);
            var directory = result.GetValue(dir) is { Length: > 0 } given ? Path.GetFullPath(given) : Path.Combine(AppContext.BaseDirectory, "chains");
            var chains = ChainFiles.ReadDirectory(directory);
            var reference = ReferenceData.Read(options.ResolvedReferenceDirectory);
            var problems = ChainValidator.Validate(chains, reference.CodesOf(HsRevision.Hs2022), reference.CodesOf(HsRevision.Hs1992));
            // Warnings (against UNSD's conversion) are printed with the errors but do not fail the check.
            var warnings = ChainWarnings.Find(chains, reference.Concordance());
            foreach (var problem in problems)
            {
                result.InvocationConfiguration.Error.WriteLine(problem.ToString());
            }

            foreach (var warning in warnings)
            {
                result.InvocationConfiguration.Error.WriteLine(CliText.Format("ChainsWarning", warning));
            }

            if (problems.Count > 0)
            {
                return CliApp.UserError;
            }

            result.InvocationConfiguration.Output.WriteLine(CliText.Format("ChainsValid", chains.Count,
                chains.Sum(c => c.Stages.Count), chains.Sum(c => c.Stages.Sum(s => s.Products?.Count ?? 0)), directory, warnings.Count));
            return 0;
        });
        return new Command("chains", CliText.Format("ChainsDescription")) { validate, Import(global), Export(global) };
    }

    // Chains from a file (one chain or an array) or a directory of files, checked against the stored nomenclatures and stored all or nothing.
    private static Command Import(GlobalOptions global)
    {
        var path = new Argument<string>("path") { Description = CliText.Format("ChainsPathArgument") };
        var import = new Command("import", CliText.Format("ChainsImportDescription")) { path };
        import.SetAction(async (result, ct) =>
        {
            var options = global.Resolve(result);
            var given = Path.GetFullPath(result.GetValue(path)!);
            var chains = Directory.Exists(given) ? ChainFiles.ReadDirectory(given) : ChainFiles.ReadMany(given);
            await using var db = Lianbo.Core.Data.DatabaseProvider.CreateContext(options);
            await DbCommands.MigrateAsync(db, result.InvocationConfiguration.Output, ct);
            await new ReferenceLoader(db).LoadAsync(options.ResolvedReferenceDirectory, ct: ct);
            // The same use case as the web's import: audited, and refusing to overwrite a shipped chain.
            var commands = new ChainCommands(new ChainStore(db), new Lianbo.Core.Accounts.AuditLog(db, TimeProvider.System));
            var outcome = await commands.ImportAsync(Lianbo.Core.Accounts.Viewer.CommandLine, chains, ct);
            foreach (var message in outcome.Errors.Values.SelectMany(m => m))
            {
                result.InvocationConfiguration.Error.WriteLine(message);
            }

            if (!outcome.IsValid)
            {
                return CliApp.UserError;
            }

            result.InvocationConfiguration.Output.WriteLine(CliText.Format("ChainsImported", chains.Count, string.Join(", ", chains.Select(c => c.Id))));
            return 0;
        });
        return import;
    }

    private static Command Export(GlobalOptions global)
    {
        var id = new Argument<string>("id") { Description = CliText.Format("ChainIdArgument") };
        var output = new Option<string>("--out") { Description = CliText.Format("ChainsOutOption"), HelpName = "FILE" };
        var export = new Command("export", CliText.Format("ChainsExportDescription")) { id, output };
        export.SetAction(async (result, ct) =>
        {
            await using var db = Lianbo.Core.Data.DatabaseProvider.CreateContext(global.Resolve(result));
            await Lianbo.Core.Data.DatabaseProvider.MigrateAsync(db, ct);
            if (await new ChainStore(db).GetAsync(result.GetValue(id)!, ct) is not { } chain)
            {
                result.InvocationConfiguration.Error.WriteLine(Lianbo.Core.Messages.Format("ChainNotFound", result.GetValue(id)));
                return CliApp.UserError;
            }

            var json = ChainFiles.Write(chain);
            if (result.GetValue(output) is { Length: > 0 } file)
            {
                await File.WriteAllTextAsync(file, json + "\n", ct);
            }
            else
            {
                result.InvocationConfiguration.Output.WriteLine(json);
            }

            return 0;
        });
        return export;
    }
}
