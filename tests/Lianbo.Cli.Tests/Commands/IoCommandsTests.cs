namespace Lianbo.Cli.Tests.Commands;

public sealed class IoCommandsTests
{
    [Fact]
    public async Task Import_stores_the_shipped_2011_table_and_country_industry_and_cascade_print_it_in_either_language()
    {
        await using var store = await CliStore.CreateAsync();

        var none = await store.RunAsync("io", "country", "CHN");
        var import = await store.RunAsync("io", "import", "--year", "2011");
        var list = await store.RunAsync("io", "list");
        var country = await store.RunAsync("io", "country", "chn");
        var industry = await Cli.RunInCultureAsync("zh-CN", "io", "industry", "c14", "--data-dir", store.DataDirectory);
        var cascade = await store.RunAsync("io", "cascade", "--country", "CHN", "--sector", "c14", "--share", "0.5");
        var json = await store.RunAsync("io", "cascade", "--country", "CHN", "--sector", "c14", "--model", "inoperability", "--share", "0.3", "--days", "60", "--json");
        var bad = await Cli.RunInCultureAsync("zh-CN", "io", "cascade", "--country", "XXX", "--share", "2", "--data-dir", store.DataDirectory);
        var noYear = await store.RunAsync("io", "import");
        var linkages = await store.RunAsync("io", "linkages", "DEU", "c15", "--top", "3");

        Assert.Equal(2, none.ExitCode);
        Assert.Contains("No input–output table", none.Error, StringComparison.Ordinal);
        Assert.Equal((0, ""), (import.ExitCode, import.Error));
        Assert.Contains("Stored WIOD 2013 2011: 41 countries × 35 industries", import.Out, StringComparison.Ordinal);
        Assert.Contains("51 rows break the accounting identity", import.Out, StringComparison.Ordinal);
        Assert.Contains("WIOD/2013/2011  41 × 35", list.Out, StringComparison.Ordinal);
        Assert.Equal(0, country.ExitCode);
        Assert.Contains("Gross exports 2,084,965 USD m: domestic value added 77.4 %, foreign 21.5 %", country.Out, StringComparison.Ordinal);
        Assert.Equal(0, industry.ExitCode);
        Assert.Contains("c14 电气和光学设备", industry.Out, StringComparison.Ordinal);
        Assert.Equal(0, cascade.ExitCode);
        Assert.Contains("Supply shock to CHN c14 (50.0 %, 365 days)", cascade.Out, StringComparison.Ordinal);
        Assert.Contains("digital-technology", cascade.Out, StringComparison.Ordinal);
        Assert.Equal(0, json.ExitCode);
        Assert.Contains("\"model\": \"Inoperability\"", json.Out, StringComparison.Ordinal);
        Assert.Contains("\"byChain\"", json.Out, StringComparison.Ordinal);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--country: 该表没有国家“XXX”", bad.Error, StringComparison.Ordinal);
        Assert.Contains("--share: 比例须为 0 到 1 之间的数", bad.Error, StringComparison.Ordinal);
        Assert.Equal(0, linkages.ExitCode);
        Assert.Contains("DEU c15 · Transport Equipment: output", linkages.Out, StringComparison.Ordinal);
        Assert.Contains("Total requirements per dollar of final demand (L):", linkages.Out, StringComparison.Ordinal);
        Assert.Equal(2, noYear.ExitCode);
        Assert.Contains("--year", noYear.Error, StringComparison.Ordinal);
    }
}
