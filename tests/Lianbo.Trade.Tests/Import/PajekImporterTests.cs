using Lianbo.Trade.Import;
using Lianbo.Trade.Store;

namespace Lianbo.Trade.Tests.Import;

public sealed class PajekImporterTests : IDisposable
{
    private readonly TradeTestStore _test = new();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_Comtrade_1985_network_imports_with_its_year_from_the_file_name_and_its_labels()
    {
        var dataset = Assert.Single(await PajekImporter.ImportAsync(_test.Store, TradeTestStore.Comtrade1985, ct: Ct));

        Assert.Equal(new DatasetKey("Pajek", "none", 1985), dataset.Key);
        Assert.Equal(12_743, dataset.Rows);
        Assert.False(dataset.HasProducts);
        var codes = await _test.Store.CountryCodesAsync(dataset.Key, Ct);
        Assert.Equal(192, codes.Count);
        Assert.Equal(("AFG", "Pajek vertex label"), (codes[0].Country, codes[0].Mapping));
        // Codes of that time are kept as the file gives them.
        Assert.Contains(codes, c => c.Country == "YUG");
    }

    [Fact]
    public async Task An_arc_to_a_vertex_that_does_not_exist_is_reported_with_its_line()
    {
        var lines = File.ReadAllLines(TradeTestStore.Comtrade1985);
        var arc = Array.FindIndex(lines, l => l.StartsWith("*arcs", StringComparison.Ordinal)) + 3;
        lines[arc] = "1 193 0.5";
        var bad = _test.File("trade-1985.net");
        File.WriteAllLines(bad, lines);

        var error = await Assert.ThrowsAsync<TradeDataException>(() => PajekImporter.ImportAsync(_test.Store, bad, ct: Ct));

        Assert.Equal(arc + 1, error.Line);
        Assert.Contains("between 1 and 192", error.Problem, StringComparison.Ordinal);
        Assert.Empty(await _test.Store.ListDatasetsAsync(Ct));
    }

    [Fact]
    public async Task Edges_count_both_ways_and_repeated_arcs_add_up()
    {
        var path = _test.File("small.net");
        File.WriteAllLines(path, ["*Vertices 3", "1 \"CHN\"", "2 \"DEU\"", "3 USA", "*Arcs", "1 2 1.5", "1 2 2", "*Edges", "2 3 4"]);

        var dataset = Assert.Single(await PajekImporter.ImportAsync(_test.Store, path, new PajekImportOptions(Year: 2000, Source: "test"), ct: Ct));

        Assert.Equal((3L, 3.5 + 4 + 4), (dataset.Rows, dataset.TotalValue));
    }

    [Fact]
    public async Task Without_a_year_in_the_name_or_the_options_nothing_is_guessed()
    {
        var path = _test.File("network.net");
        File.Copy(TradeTestStore.Comtrade1985, path);

        var error = await Assert.ThrowsAsync<TradeDataException>(() => PajekImporter.ImportAsync(_test.Store, path, ct: Ct));

        Assert.Null(error.Line);
        Assert.Contains("--year", error.Problem, StringComparison.Ordinal);
    }

    public void Dispose() => _test.Dispose();
}
