using Lianbo.Trade.Tests.Import;

namespace Lianbo.Cli.Tests.Commands;

/// <summary>A store with a year of BACI, a network and an indicator in it, shared by the campaign's cases (each leaves it as it was).</summary>
public sealed class SeededCliStore : IAsyncLifetime
{
    private static readonly string Samples = Path.Combine(AppContext.BaseDirectory, "samples");

    public CliStore Store { get; private set; } = null!;

    public string TradeStorePath => Path.Combine(Store.DataDirectory, "trade.duckdb");

    public async ValueTask InitializeAsync()
    {
        Store = await CliStore.CreateAsync();
        var baci = Path.Combine(Store.DataDirectory, "BACI_HS92_Y2021_V202301.csv");
        await File.WriteAllLinesAsync(baci, File.ReadLines(Path.Combine(Samples, "baci-hs92-2021-zaf-afg.csv")).Take(501));
        var indicators = Path.Combine(Store.DataDirectory, "lpi.csv");
        await File.WriteAllLinesAsync(indicators, ["country,year,indicator,value,source", "CHN,2021,wb.lpi,3.7,WB"]);
        foreach (var args in new[] { ["trade", "import", "baci", baci], ["trade", "import", "pajek", Path.Combine(Samples, "comtrade-1985-countries.net")], new[] { "index", "import", indicators } })
        {
            var run = await Store.RunAsync(args);
            Assert.True(run.ExitCode == 0, run.Error);
        }
    }

    public ValueTask DisposeAsync() => Store.DisposeAsync();
}

/// <summary>
/// The standing campaign of issue 18 through the command line: every file of the malformed corpus exits 2 with one line
/// naming the file, the line and the column (never a stack trace, never DuckDB's words), and the trade store stays row
/// for row as it was.
/// </summary>
public sealed class MalformedImportTests(SeededCliStore seeded) : IClassFixture<SeededCliStore>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(MalformedFiles.Cases), MemberType = typeof(MalformedFiles))]
    public async Task Each_malformed_file_exits_2_with_one_line_naming_file_line_and_column_and_changes_nothing(string name)
    {
        var malformed = MalformedFiles.Get(name);
        var before = await MalformedFiles.FingerprintAsync(seeded.TradeStorePath, Ct);

        var run = await seeded.Store.RunAsync(malformed.Kind == "indicators" ? ["index", "import", malformed.Path] : ["trade", "import", malformed.Kind, malformed.Path]);

        Assert.Equal(CliApp.UserError, run.ExitCode);
        var line = Assert.Single(run.Error.TrimEnd().Split('\n'));
        Assert.Contains(malformed.Start + malformed.Problem, line, StringComparison.Ordinal);
        Assert.Equal(before, await MalformedFiles.FingerprintAsync(seeded.TradeStorePath, Ct));
    }

    // Issue 18: `trade import baci` of a file that is not a zip (or not a CSV), and `index import` of a missing or
    // malformed file, crashed with a stack trace (exit 134).
    [Theory]
    [InlineData("trade", "BACI_HS92_V202301.zip", "BACI_HS92_V202301.zip: not a zip archive that can be read")]
    [InlineData("trade", "BACI_HS92_Y2021_V202301.csv", "BACI_HS92_Y2021_V202301.csv, line 1: the line holds a NUL byte: this is not a text file")]
    [InlineData("trade", "missing.zip", "missing.zip: there is no such file")]
    [InlineData("index", "missing.csv", "missing.csv: there is no such file")]
    [InlineData("index", "indicators.zip", "indicators.zip, line 1: the line holds a NUL byte: this is not a text file")]
    public async Task A_file_that_is_not_what_its_command_reads_exits_2_with_one_line(string command, string name, string error)
    {
        var directory = Path.Combine(seeded.Store.DataDirectory, "not-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, name);
        if (!name.StartsWith("missing", StringComparison.Ordinal))
        {
            // A zip that is not one (text), and bytes that are not text where a CSV is expected (a real zip's).
            await File.WriteAllBytesAsync(path, name.EndsWith(".zip", StringComparison.Ordinal) && command == "trade"
                ? "this is text, not a zip archive\n"u8.ToArray()
                : [(byte)'P', (byte)'K', 3, 4, 20, 0, 0, 0, 8, 0, .. new byte[200]], Ct);
        }

        var run = await seeded.Store.RunAsync(command == "trade" ? ["trade", "import", "baci", path] : ["index", "import", path]);

        Assert.Equal(CliApp.UserError, run.ExitCode);
        var line = Assert.Single(run.Error.TrimEnd().Split('\n'));
        Assert.EndsWith(error, line, StringComparison.Ordinal);
    }

    // The NBER-UN 1999 network has six self-loops: they are dropped, and the output says how many and which.
    [Fact]
    public async Task A_network_with_self_loops_imports_and_the_output_lists_them()
    {
        var path = Path.Combine(seeded.Store.DataDirectory, "loops-1999.net");
        await File.WriteAllLinesAsync(path, ["*Vertices 3", "1 \"CHN\"", "2 \"DEU\"", "3 \"YUG\"", "*Arcs", "1 1 5", "1 2 1.5", "2 3 4", "3 3 2"], Ct);

        var run = await seeded.Store.RunAsync("trade", "import", "pajek", path, "--source", "loops");

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("Stored loops none 1999: 2 rows", run.Out, StringComparison.Ordinal);
        Assert.Contains("2 self-loops dropped: a country's trade with itself is not trade between countries", run.Out, StringComparison.Ordinal);
        Assert.Contains("loops-1999.net, line 6: self-loop CHN → CHN (weight 5) dropped", run.Out, StringComparison.Ordinal);
        Assert.Contains("loops-1999.net, line 9: self-loop YUG → YUG (weight 2) dropped", run.Out, StringComparison.Ordinal);
        Assert.Contains("loops-1999.net, line 4: YUG: historical code: Yugoslavia until 1992", run.Out, StringComparison.Ordinal);
    }
}
