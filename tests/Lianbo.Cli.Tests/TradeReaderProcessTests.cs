using Lianbo.Trade.Import;
using Lianbo.Trade.Store;

namespace Lianbo.Cli.Tests;

/// <summary>
/// A reader of the trade store in another process than its writer, as a second web node is: DuckDB lets one process write a
/// file or many read it, never both, so before snapshots a second process failed on the writer's lock ("Could not set lock on
/// file"). Here this test process is the writer, holding the store open and importing, and <c>lianbo</c> the reader.
/// </summary>
public sealed class TradeReaderProcessTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(2);
    private static readonly Dictionary<string, string> Reader = new() { ["Lianbo__Trade__Role"] = "reader" };
    private static readonly string Sample = Path.Combine(AppContext.BaseDirectory, "samples", "baci-hs92-2021-zaf-afg.csv");

    private readonly string _directory = Directory.CreateTempSubdirectory("lianbo-trade-nodes-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_reader_process_answers_while_the_writer_process_holds_the_store_and_imports_and_refuses_imports()
    {
        await using var writer = TradeStore.InDirectory(_directory, TradeRole.Writer).KeepOpen();
        await BaciImporter.ImportAsync(writer, Sample, ct: Ct);
        await writer.PublishedAsync();
        var year2020 = Path.Combine(_directory, "BACI_HS92_Y2020_V202301.csv");
        await File.WriteAllLinesAsync(year2020, File.ReadLines(Sample).Select((l, i) => i == 0 ? l : "2020" + l[4..]), Ct);

        var import = BaciImporter.ImportAsync(writer, year2020, ct: Ct);
        var during = await RunAsync("trade", "years");
        await import;
        await writer.PublishedAsync();
        var after = await RunAsync("trade", "years");
        var refused = await RunAsync("trade", "import", "baci", year2020);

        Assert.Equal(0, during.ExitCode);
        Assert.Contains("2021", during.Output, StringComparison.Ordinal);
        Assert.Equal(0, after.ExitCode);
        Assert.Contains("2020", after.Output, StringComparison.Ordinal);
        Assert.Equal(CliApp.UserError, refused.ExitCode);
        Assert.Contains("imports and builds run on the writer node", refused.Output, StringComparison.Ordinal);
    }

    private async Task<(int ExitCode, string Output)> RunAsync(params string[] args)
    {
        await using var child = ChildLianbo.Start([.. args, "--data-dir", _directory], Reader);
        Assert.True(await child.ExitsAsync(Bound), child.Output);
        return (child.ExitCode, child.Output);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
