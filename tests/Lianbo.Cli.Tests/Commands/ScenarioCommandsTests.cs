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
        Assert.Equal(7, list.Out.Split('\n').Count(l => l.TrimEnd().EndsWith(")", StringComparison.Ordinal)));
        Assert.Contains("(not published)", list.Out.Split('\n').Single(l => l.StartsWith("my-ban", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains("\"version\": \"2026.2\"", show.Out, StringComparison.Ordinal);
        Assert.Contains("847193", table.Out, StringComparison.Ordinal);
    }

    /// <summary>A tariff between China and the United States as a trade-cost change only: engine 2 on the shipped panel, no product year needed.</summary>
    private static string Tariff(CliStore store, string name, string id = "my-tariff", string tau = "0.25", string country = "USA")
    {
        var path = Path.Combine(store.DataDirectory, name);
        File.WriteAllText(path, $$"""
            {
              "id": "{{id}}",
              "version": "1",
              "nameZh": "测试关税",
              "nameEn": "Test tariff",
              "descriptionZh": "用于测试。",
              "descriptionEn": "For the tests.",
              "illustrative": true,
              "sources": [{ "title": "A test" }],
              "base": { "gravityYear": 2006 },
              "shocks": [
                { "kind": "tariff", "between": ["CHN"], "and": ["{{country}}"], "tau": {{tau}} }
              ]
            }
            """);
        return path;
    }

    [Fact]
    public async Task Run_of_a_file_prints_its_permalink_and_each_country_in_english_and_chinese_and_json_parses()
    {
        await using var store = await CliStore.CreateAsync();
        var file = Tariff(store, "tariff.json");

        var english = await store.RunAsync("scenario", "run", "--file", file);
        var chinese = await store.RunInCultureAsync("zh-Hans", "scenario", "run", "--file", file);
        var json = await store.RunAsync("scenario", "run", "--file", file, "--format", "json");
        var csv = await store.RunAsync("scenario", "run", "--file", file, "--format", "csv", "--table", "gravity");

        Assert.Equal((0, 0, 0, 0), (english.ExitCode, chinese.ExitCode, json.ExitCode, csv.ExitCode));
        Assert.Matches(@"Run [A-Za-z0-9_-]{16}: /scenarios/runs/[A-Za-z0-9_-]{16}", english.Out);
        Assert.Contains("Engine 2", english.Out, StringComparison.Ordinal);
        Assert.Contains(english.Out.Split('\n'), l => l.StartsWith("CHN ", StringComparison.Ordinal));
        Assert.Contains("引擎二", chinese.Out, StringComparison.Ordinal);
        Assert.Contains("实际GDP", chinese.Out, StringComparison.Ordinal);
        using var parsed = System.Text.Json.JsonDocument.Parse(json.Out);
        var countries = parsed.RootElement.GetProperty("result").GetProperty("gravity").GetProperty("countries");
        Assert.Contains(countries.EnumerateArray(), c => c.GetProperty("country").GetString() == "USA");
        Assert.StartsWith("/scenarios/runs/", parsed.RootElement.GetProperty("url").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("country,real GDP %", csv.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compare_takes_run_ids_or_scenario_ids_and_a_refused_file_exits_2_with_its_field()
    {
        await using var store = await CliStore.CreateAsync();
        var small = await store.RunAsync("scenario", "run", "--file", Tariff(store, "small.json", tau: "0.1"), "--format", "json");
        var large = await store.RunAsync("scenario", "run", "--file", Tariff(store, "large.json", tau: "0.5"), "--format", "json");
        string Id(CliResult r) => System.Text.Json.JsonDocument.Parse(r.Out).RootElement.GetProperty("id").GetString()!;
        var refusedFile = Tariff(store, "refused.json", country: "XXX");
        var line = Array.FindIndex(File.ReadAllLines(refusedFile), l => l.Contains("\"XXX\"", StringComparison.Ordinal)) + 1;

        var compared = await store.RunAsync("scenario", "compare", Id(small), Id(large));
        var json = await store.RunAsync("scenario", "compare", Id(small), "two-bloc-decoupling", "--format", "json");
        var unknown = await store.RunAsync("scenario", "compare", Id(small), "no-such-run");
        var refused = await store.RunAsync("scenario", "run", "--file", refusedFile);
        var neither = await store.RunAsync("scenario", "run");

        Assert.Equal(0, compared.ExitCode);
        Assert.Contains("B − A", compared.Out, StringComparison.Ordinal);
        Assert.Contains(compared.Out.Split('\n'), l => l.StartsWith("CHN ", StringComparison.Ordinal));
        Assert.Equal(0, json.ExitCode);
        using var parsed = System.Text.Json.JsonDocument.Parse(json.Out);
        Assert.Equal("two-bloc-decoupling", parsed.RootElement.GetProperty("b").GetProperty("scenario").GetString());
        Assert.Contains(parsed.RootElement.GetProperty("countries").EnumerateArray(), c => c.GetProperty("country").GetString() == "CHN" && c.GetProperty("difference").ValueKind == System.Text.Json.JsonValueKind.Number);
        Assert.Equal((CliApp.UserError, CliApp.UserError, CliApp.UserError), (unknown.ExitCode, refused.ExitCode, neither.ExitCode));
        Assert.Contains("no-such-run", unknown.Error, StringComparison.Ordinal);
        Assert.Contains($"{refusedFile}:{line}: shocks[0].and[0]: unknown country XXX", refused.Error, StringComparison.Ordinal);
    }
}
