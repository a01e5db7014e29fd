using Lianbo.Trade.Import;
using Lianbo.Trade.Indices;

namespace Lianbo.Trade.Tests.Import;

/// <summary>
/// The standing campaign of issue 18 at the engine: every file of the malformed corpus is refused naming the file, the
/// line and the column, and the store stays row for row what it was (the CLI and web tests refuse the same corpus).
/// </summary>
public sealed class MalformedFileTests : IDisposable
{
    private readonly TradeTestStore _test = new();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(MalformedFiles.Cases), MemberType = typeof(MalformedFiles))]
    public async Task Each_malformed_file_is_refused_with_its_line_and_column_and_the_store_is_unchanged(string name)
    {
        var malformed = MalformedFiles.Get(name);
        await StoreSomethingAsync(_test);
        var before = await MalformedFiles.FingerprintAsync(_test.Store.Path, Ct);

        var error = await Assert.ThrowsAsync<TradeDataException>(() => ImportAsync(_test, malformed));

        Assert.Equal((malformed.Line, malformed.Field), (error.Line, error.Field));
        Assert.StartsWith(malformed.Problem, error.Problem, StringComparison.Ordinal);
        Assert.Contains(malformed.Start + malformed.Problem, error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await MalformedFiles.FingerprintAsync(_test.Store.Path, Ct));
    }

    /// <summary>A year of BACI, a network and an indicator, so "unchanged" has something to keep.</summary>
    internal static async Task StoreSomethingAsync(TradeTestStore test)
    {
        var baci = test.File("BACI_HS92_Y2021_V202301.csv");
        await File.WriteAllLinesAsync(baci, File.ReadLines(TradeTestStore.BaciSample).Take(501), Ct);
        await BaciImporter.ImportAsync(test.Store, baci, ct: Ct);
        var network = test.File("trade-2000.net");
        await File.WriteAllLinesAsync(network, ["*Vertices 2", "1 \"CHN\"", "2 \"USA\"", "*Arcs", "1 2 5"], Ct);
        await PajekImporter.ImportAsync(test.Store, network, ct: Ct);
        var indicators = test.File("lpi.csv");
        await File.WriteAllLinesAsync(indicators, ["country,year,indicator,value,source", "CHN,2021,wb.lpi,3.7,WB"], Ct);
        await new ExternalIndicators(test.Store).ImportAsync(indicators, Ct);
    }

    private static Task ImportAsync(TradeTestStore test, MalformedFile file) => file.Kind switch
    {
        "baci" => BaciImporter.ImportAsync(test.Store, file.Path, ct: Ct),
        "csv" => CsvImporter.ImportAsync(test.Store, file.Path, new CsvImportOptions(CsvColumnMapping.Parse(CsvColumnMapping.Default)), ct: Ct),
        "pajek" => PajekImporter.ImportAsync(test.Store, file.Path, ct: Ct),
        _ => new ExternalIndicators(test.Store).ImportAsync(file.Path, Ct),
    };

    public void Dispose() => _test.Dispose();
}
