using System.Text.Json;

namespace Lianbo.Cli.Tests.Commands;

public sealed class IndexCommandsTests
{
    private static readonly string Samples = Path.Combine(AppContext.BaseDirectory, "samples");

    [Fact]
    public async Task The_indices_build_from_the_BACI_sample_and_show_a_ranking_a_history_and_rank_bands()
    {
        await using var store = await CliStore.CreateAsync();
        Assert.Equal(0, (await store.RunAsync("trade", "import", "baci", Path.Combine(Samples, "baci-hs92-2021-zaf-afg.csv"))).ExitCode);

        var build = await store.RunAsync("index", "build", "--draws", "20");
        var show = await store.RunAsync("index", "show", "connectivity", "--year", "2021", "--format", "json");
        var history = await store.RunAsync("index", "show", "promotion", "--country", "zaf", "--format", "csv");
        var sensitivity = await store.RunAsync("index", "sensitivity", "connectivity", "--draws", "20", "--seed", "3", "--format", "csv");

        Assert.Equal((0, 0, 0, 0), (build.ExitCode, show.ExitCode, history.ExitCode, sensitivity.ExitCode));
        Assert.Contains("no data for: rules, policies, technology, finance", build.Out, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(show.Out);
        Assert.Equal("BACI HS92 2021", json.RootElement.GetProperty("year").GetProperty("dataset").GetString());
        Assert.True(json.RootElement.GetProperty("countries")[0].GetProperty("band").GetProperty("p95").GetDouble() >= 1);
        Assert.StartsWith("year,country,score,rank,median_rank,rank_p5,rank_p95,imputed,infrastructure,rules,policies,technology,finance", history.Out, StringComparison.Ordinal);
        Assert.Contains("2021,ZAF,", history.Out, StringComparison.Ordinal);
        Assert.Contains("2021,ZAF,", sensitivity.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_indicator_file_with_a_bad_line_exits_2_naming_the_line_and_stores_nothing()
    {
        await using var store = await CliStore.CreateAsync();
        var file = Path.Combine(store.DataDirectory, "lpi.csv");
        await File.WriteAllLinesAsync(file, ["country,year,indicator,value,source", "CHN,2021,wb.lpi,3.7,WB", "CHN,2022,wb.lpi,three,WB"], TestContext.Current.CancellationToken);

        var import = await store.RunAsync("index", "import", file);
        var list = await store.RunAsync("index", "indicators");

        Assert.Equal(CliApp.UserError, import.ExitCode);
        Assert.Equal("lpi.csv, line 3: the value \"three\" is not a number", import.Error.Trim());
        Assert.Contains("No external indicators imported yet.", list.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Showing_an_index_that_was_not_built_says_how_to_build_it()
    {
        await using var store = await CliStore.CreateAsync();

        var show = await store.RunAsync("index", "show", "connectivity");

        Assert.Equal(CliApp.UserError, show.ExitCode);
        Assert.Contains("lianbo index build", show.Error, StringComparison.Ordinal);
    }
}
