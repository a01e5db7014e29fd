using System.CommandLine;
using System.Globalization;
using Lianbo.Trade.OpenData;

namespace Lianbo.Cli.Commands;

/// <summary>
/// <c>lianbo data load open [--dir DIR] [--force]</c>: the open data the product ships (indicator series and the
/// bilateral trade panel, <c>data/open</c>) into the trade store, then the indices built on it; nothing is read when
/// every file's checksum matches the last load. <c>lianbo serve</c> does the same on start.
/// </summary>
internal static class DataCommands
{
    public static Command Create(GlobalOptions global)
    {
        var dir = new Option<string>("--dir") { Description = CliText.Format("DataOpenDirOption"), HelpName = "DIR" };
        var force = new Option<bool>("--force") { Description = CliText.Format("DataForceOption") };
        var open = new Command("open", CliText.Format("DataLoadOpenDescription")) { dir, force };
        open.SetAction((result, ct) => TradeCommands.RunAsync(global, result, async store =>
        {
            var output = result.InvocationConfiguration.Output;
            var directory = result.GetValue(dir) is { Length: > 0 } given ? Path.GetFullPath(given) : OpenDataManifest.ShippedDirectory;
            var loaded = await StatusDisplay.RunAsync(output, CliText.Format("DataLoadingOpen", directory),
                progress => new OpenDataLoader(store, directory).LoadAsync(result.GetValue(force), progress, ct));
            if (!loaded.Changed)
            {
                await output.WriteLineAsync(CliText.Format("DataOpenUnchanged", directory));
                return 0;
            }

            foreach (var note in loaded.Notes)
            {
                await output.WriteLineAsync("  " + note);
            }

            await output.WriteLineAsync(CliText.Format("DataOpenLoaded", loaded.IndicatorValues, loaded.TradeRows, loaded.TradeYears, loaded.IndicesBuilt,
                loaded.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.CurrentCulture)));
            return 0;
        }));
        return new Command("data", CliText.Format("DataDescription")) { new Command("load", CliText.Format("DataLoadDescription")) { open } };
    }
}
