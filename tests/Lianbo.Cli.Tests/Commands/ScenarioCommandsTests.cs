namespace Lianbo.Cli.Tests.Commands;

public sealed class ScenarioCommandsTests
{
    private static string Preset(string name) => Path.Combine(AppContext.BaseDirectory, "scenarios", name);

    /// <summary>A copy of the rare-earth preset under another id, changed by <paramref name="change"/>.</summary>
    private static string Copy(CliStore store, string name, Func<string, string> change)
    {
        var path = Path.Combine(store.DataDirectory, name);
        File.WriteAllText(path, change(File.ReadAllText(Preset("rare-earth-export-ban.json")).Replace("\"rare-earth-export-ban\"", "\"my-ban\"", StringComparison.Ordinal)));
        return path;
    }

    [Fact]
    public async Task Validate_passes_a_preset_and_names_the_file_line_and_field_of_each_problem()
    {
        await using var store = await CliStore.CreateAsync();
        var unknown = Copy(store, "unknown.json", json => json.Replace("\"CHN\"", "\"XXX\"", StringComparison.Ordinal).Replace("\"2846\"", "\"0100\"", StringComparison.Ordinal));
        var notJson = Copy(store, "broken.json", json => json.Replace("\"percent\": 100", "\"percent\": 100,", StringComparison.Ordinal));
        var lines = File.ReadAllLines(unknown);
        var xxx = Array.FindIndex(lines, l => l.Contains("\"XXX\"", StringComparison.Ordinal)) + 1;
        var hs = Array.FindIndex(lines, l => l.Contains("\"0100\"", StringComparison.Ordinal)) + 1;

        var good = await store.RunAsync("scenario", "validate", Preset("two-bloc-decoupling.json"));
        var bad = await store.RunAsync("scenario", "validate", unknown);
        var broken = await store.RunAsync("scenario", "validate", notJson);

        Assert.Equal(0, good.ExitCode);
        Assert.Contains("scenario two-bloc-decoupling", good.Out, StringComparison.Ordinal);
        Assert.Equal(CliApp.UserError, bad.ExitCode);
        Assert.Equal(
            [$"{unknown}:{xxx}: shocks[0].exporters[0]: unknown country XXX (ISO 3166-1 alpha-3, or group:CODE for a group)",
             $"{unknown}:{hs}: shocks[0].products[1]: unknown HS code 0100 (HS 1992, 2, 4 or 6 digits)"],
            bad.Error.Trim().Split('\n').Select(l => l.TrimEnd('\r')));
        Assert.Equal(CliApp.UserError, broken.ExitCode);
        Assert.StartsWith($"{notJson}:", broken.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Add_stores_a_scenario_update_needs_a_new_version_and_list_and_show_find_it()
    {
        await using var store = await CliStore.CreateAsync();
        var file = Copy(store, "mine.json", json => json);
        var refused = Copy(store, "refused.json", json => json.Replace("\"CHN\"", "\"XXX\"", StringComparison.Ordinal));

        var added = await store.RunAsync("scenario", "add", file);
        var sameVersion = await store.RunAsync("scenario", "update", file);
        File.WriteAllText(file, File.ReadAllText(file).Replace("\"2026.1\"", "\"2026.2\"", StringComparison.Ordinal));
        var updated = await store.RunAsync("scenario", "update", file);
        var notStored = await store.RunAsync("scenario", "add", refused);
        var list = await store.RunAsync("scenario", "list");
        var show = await store.RunAsync("scenario", "show", "my-ban", "--format", "json");
        var table = await store.RunAsync("scenario", "show", "thailand-floods-2011");

        Assert.Equal((0, CliApp.UserError, 0), (added.ExitCode, sameVersion.ExitCode, updated.ExitCode));
        Assert.Contains("version", sameVersion.Error, StringComparison.Ordinal);
        Assert.Equal(CliApp.UserError, notStored.ExitCode);
        Assert.Contains("shocks[0].exporters[0]", notStored.Error, StringComparison.Ordinal);
        Assert.Equal(6, list.Out.Split('\n').Count(l => l.TrimEnd().EndsWith(")", StringComparison.Ordinal)));
        Assert.Contains("(not published)", list.Out.Split('\n').Single(l => l.StartsWith("my-ban", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains("\"version\": \"2026.2\"", show.Out, StringComparison.Ordinal);
        Assert.Contains("847193", table.Out, StringComparison.Ordinal);
    }
}
