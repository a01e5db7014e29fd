using System.CommandLine;
using Lianbo.Core.Data;
using Lianbo.Core.Reference;

namespace Lianbo.Cli.Commands;

/// <summary><c>lianbo reference load [--dir DIR]</c>.</summary>
internal static class ReferenceCommands
{
    public static Command Create(GlobalOptions global)
    {
        var dir = new Option<string>("--dir") { Description = CliText.Format("ReferenceDirOption"), HelpName = "DIR" };
        var load = new Command("load", CliText.Format("ReferenceLoadDescription")) { dir };
        load.SetAction(async (result, ct) =>
        {
            var options = global.Resolve(result);
            var output = result.InvocationConfiguration.Output;
            await using var db = DatabaseProvider.CreateContext(options);
            await DbCommands.MigrateAsync(db, output, ct);

            var directory = result.GetValue(dir) is { Length: > 0 } given ? Path.GetFullPath(given) : options.ResolvedReferenceDirectory;
            var loaded = await StatusDisplay.RunAsync(output, CliText.Format("CheckingReference", directory),
                progress => new ReferenceLoader(db).LoadAsync(directory, progress, ct));
            output.WriteLine(CliText.Format(loaded.Changed ? "ReferenceLoaded" : "ReferenceUnchanged", loaded.Countries, loaded.HsCodes, loaded.Groups));
            return 0;
        });
        return new Command("reference", CliText.Format("ReferenceDescription")) { load };
    }
}
