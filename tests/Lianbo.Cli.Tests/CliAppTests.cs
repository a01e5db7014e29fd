using System.Text.RegularExpressions;

namespace Lianbo.Cli.Tests;

public sealed partial class CliAppTests
{
    [Fact]
    public async Task Help_lists_the_commands_and_global_options()
    {
        var result = await Cli.RunAsync("--help");

        Assert.Equal(0, result.ExitCode);
        foreach (var command in new[] { "db", "reference", "serve" })
        {
            Assert.Matches(new Regex($@"^\s+{command}\s+\S", RegexOptions.Multiline), result.Out);
        }

        Assert.Contains("--data-dir", result.Out, StringComparison.Ordinal);
        Assert.Contains("--db-provider", result.Out, StringComparison.Ordinal);
        Assert.Contains("--db-connection", result.Out, StringComparison.Ordinal);
        Assert.Contains("Usage:", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_is_in_Chinese_under_a_Chinese_UI_culture()
    {
        var result = await Cli.RunInCultureAsync("zh-CN", "--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("管理平台数据库", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Version_prints_the_version_of_lianbo()
    {
        var result = await Cli.RunAsync("--version");

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(VersionPattern(), result.Out);
    }

    [Fact]
    public async Task Unknown_command_exits_1_with_the_parser_message()
    {
        var result = await Cli.RunAsync("nonsense");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("nonsense", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_option_exits_1()
    {
        var result = await Cli.RunAsync("db", "migrate", "--no-such-option");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("--no-such-option", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_provider_exits_2_naming_the_setting()
    {
        await using var store = await CliStore.CreateAsync();

        var result = await Cli.RunAsync("db", "migrate", "--data-dir", store.DataDirectory, "--db-provider", "oracle");

        Assert.Equal(CliApp.UserError, result.ExitCode);
        Assert.Contains("Lianbo:Database:Provider", result.Error, StringComparison.Ordinal);
        Assert.Contains("oracle", result.Error, StringComparison.Ordinal);
        // One line, no stack trace.
        Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task User_errors_are_in_Chinese_under_a_Chinese_UI_culture()
    {
        await using var store = await CliStore.CreateAsync();

        var result = await Cli.RunInCultureAsync("zh-CN", "db", "migrate", "--data-dir", store.DataDirectory, "--db-provider", "oracle");

        Assert.Equal(CliApp.UserError, result.ExitCode);
        Assert.Contains("配置项 Lianbo:Database:Provider", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Postgres_without_a_connection_string_exits_2_naming_the_setting()
    {
        var result = await Cli.RunAsync("db", "migrate", "--db-provider", "postgres", "--db-connection", "");

        Assert.Equal(CliApp.UserError, result.ExitCode);
        Assert.Contains("Lianbo:Database:ConnectionString", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_data_directory_exits_2_naming_the_setting()
    {
        var result = await Cli.RunAsync("db", "migrate", "--db-provider", "sqlite", "--data-dir", "");

        Assert.Equal(CliApp.UserError, result.ExitCode);
        Assert.Contains("Lianbo:DataDirectory", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cancelled_run_exits_130_without_a_stack_trace()
    {
        await using var store = await CliStore.CreateAsync();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        using var stderr = new StringWriter();

        var exitCode = await CliApp.RunAsync(["db", "migrate", "--data-dir", store.DataDirectory, "--db-provider", "sqlite"], TextWriter.Null, stderr, cancelled.Token);

        Assert.Equal(CliApp.Interrupted, exitCode);
        Assert.Equal("", stderr.ToString());
    }

    [GeneratedRegex(@"^\d+\.\d+\.\d+")]
    private static partial Regex VersionPattern();
}
