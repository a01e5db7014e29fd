using Lianbo.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Lianbo.Cli.Tests.Commands;

public sealed class ReferenceCommandsTests
{
    // The shipped files, which the build copies beside the tests as it does beside the program.
    private static readonly string ShippedReference = Path.Combine(AppContext.BaseDirectory, "reference");

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Load_migrates_and_loads_the_shipped_files_then_reports_them_unchanged(string provider)
    {
        await using var store = await CliStore.CreateAsync(provider);

        var first = await store.RunAsync("reference", "load");

        Assert.Equal((0, ""), (first.ExitCode, first.Error));
        Assert.Contains("migration(s)", first.Out, StringComparison.Ordinal);
        Assert.Contains("Reference data loaded: 249 countries", first.Out, StringComparison.Ordinal);
        // Without a terminal the progress comes as plain lines, without escape codes.
        Assert.Contains($"Reading reference files from {ShippedReference}", first.Out, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', first.Out);
        Assert.Equal(249, await CountCountriesAsync(store));

        var second = await store.RunAsync("reference", "load");

        Assert.Equal(0, second.ExitCode);
        Assert.Contains("Reference data unchanged since the last load: 249 countries", second.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("Reading reference files", second.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_corrupted_file_exits_2_naming_file_and_line_and_loads_nothing(string provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = await CliStore.CreateAsync(provider);
        var reference = store.CopyReference();

        var hs2022 = Path.Combine(reference, "hs2022.csv");
        var lines = await File.ReadAllLinesAsync(hs2022, ct);
        const int broken = 3;
        // The last column is the level (2, 4 or 6); a letter there cannot be read.
        lines[broken - 1] = lines[broken - 1][..lines[broken - 1].LastIndexOf(',')] + ",x";
        await File.WriteAllLinesAsync(hs2022, lines, ct);

        var result = await store.RunAsync("reference", "load", "--dir", reference);

        Assert.Equal(CliApp.UserError, result.ExitCode);
        Assert.Contains($"hs2022.csv, line {broken}", result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(0, await CountCountriesAsync(store));
    }

    [Fact]
    public async Task A_directory_without_the_files_exits_2_naming_the_missing_file()
    {
        await using var store = await CliStore.CreateAsync();
        var empty = Directory.CreateDirectory(Path.Combine(store.DataDirectory, "empty")).FullName;

        var result = await store.RunAsync("reference", "load", "--dir", empty);

        Assert.Equal(CliApp.UserError, result.ExitCode);
        Assert.Contains(Path.Combine(empty, "iso_3166-1_en_zh.csv"), result.Error, StringComparison.Ordinal);
    }

    private static async Task<int> CountCountriesAsync(CliStore store)
    {
        await using var db = store.Open();
        return await db.Countries.CountAsync(TestContext.Current.CancellationToken);
    }
}
