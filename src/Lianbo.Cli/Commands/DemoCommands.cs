using System.CommandLine;
using Lianbo.Core.Chains;
using Lianbo.Core.Data;
using Lianbo.Core.Expo;
using Lianbo.Core.Reference;

namespace Lianbo.Cli.Commands;

/// <summary><c>lianbo demo load | remove</c>: the generated demo editions (the web app loads them on a fresh store).</summary>
internal static class DemoCommands
{
    public static Command Create(GlobalOptions global) =>
        new("demo", CliText.Format("DemoDescription")) { Load(global), Remove(global) };

    private static Command Load(GlobalOptions global)
    {
        var load = new Command("load", CliText.Format("DemoLoadDescription"));
        load.SetAction(async (result, ct) =>
        {
            var options = global.Resolve(result);
            await using var db = DatabaseProvider.CreateContext(options);
            await DatabaseProvider.MigrateAsync(db, ct);

            // The demo stands on the reference data and the chains; both loads do nothing when nothing changed.
            await new ReferenceLoader(db).LoadAsync(options.ResolvedReferenceDirectory, ct: ct);
            await new ChainStore(db).LoadShippedAsync(options.ResolvedChainsDirectory, ct);
            var loaded = await new DemoData(db).LoadAsync(ct);
            result.InvocationConfiguration.Output.WriteLine(CliText.Format(loaded ? "DemoLoaded" : "DemoAlreadyLoaded"));
            return 0;
        });
        return load;
    }

    private static Command Remove(GlobalOptions global)
    {
        var remove = new Command("remove", CliText.Format("DemoRemoveDescription"));
        remove.SetAction(async (result, ct) =>
        {
            await using var db = DatabaseProvider.CreateContext(global.Resolve(result));
            await DatabaseProvider.MigrateAsync(db, ct);
            var editions = await new DemoData(db).RemoveAsync(ct);
            result.InvocationConfiguration.Output.WriteLine(CliText.Format("DemoRemoved", editions));
            return 0;
        });
        return remove;
    }
}
