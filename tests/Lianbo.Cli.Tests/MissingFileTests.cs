namespace Lianbo.Cli.Tests;

/// <summary>
/// Every command that reads or writes a file named on the command line, given one that is not there: exit 2 and one
/// line naming it, in the user's language, never a stack trace (the unhandled exception was exit 134).
/// </summary>
public sealed class MissingFileTests
{
    // {missing} is a path under a folder that does not exist.
    [Theory]
    [InlineData("chains", "validate", "--dir", "{missing}")]
    [InlineData("chains", "import", "{missing}")]
    [InlineData("chains", "import", "{missing}.json")]
    [InlineData("reference", "load", "--dir", "{missing}")]
    [InlineData("trade", "import", "baci", "{missing}.zip")]
    [InlineData("trade", "import", "csv", "{missing}.csv")]
    [InlineData("trade", "import", "pajek", "{missing}.net")]
    [InlineData("index", "import", "{missing}.csv")]
    public async Task A_missing_file_is_one_line_naming_it_and_exit_2(params string[] args)
    {
        await using var store = await CliStore.CreateAsync();
        var missing = Path.Combine(store.DataDirectory, "no-such-folder", "no-such-file");

        var result = await store.RunAsync([.. args.Select(a => a.Replace("{missing}", missing, StringComparison.Ordinal))]);

        Assert.Equal(CliApp.UserError, result.ExitCode);
        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(missing, line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_chain_exported_into_a_missing_folder_is_one_line_in_Chinese_too()
    {
        await using var store = await CliStore.CreateAsync();
        Assert.Equal(0, (await store.RunAsync("chains", "import", Path.Combine(AppContext.BaseDirectory, "chains", "clean-energy.json"))).ExitCode);
        var missing = Path.Combine(store.DataDirectory, "no-such-folder", "clean-energy.json");

        var english = await store.RunAsync("chains", "export", "clean-energy", "--out", missing);
        var chinese = await Cli.RunWithInputAsync("zh-CN", "", "chains", "export", "clean-energy", "--out", missing,
            "--data-dir", store.DataDirectory, "--db-provider", store.Options.Database.Provider, "--db-connection", store.Options.Database.ConnectionString ?? "");

        Assert.Equal((CliApp.UserError, CliApp.UserError), (english.ExitCode, chinese.ExitCode));
        Assert.Equal($"{missing}: no such file or folder", english.Error.Trim());
        Assert.Equal($"{missing}：没有这个文件或文件夹", chinese.Error.Trim());
    }
}
