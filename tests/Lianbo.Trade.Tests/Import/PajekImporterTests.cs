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

    // Issue 18: a real trade network with self-loops (the NBER-UN 1999 network has six) was refused. Here the shipped 1985
    // network with six self-loops added among its arcs: they are dropped and reported, and the rest is imported as it was.
    [Fact]
    public async Task Self_loops_are_dropped_and_reported_with_their_lines()
    {
        var lines = File.ReadAllLines(TradeTestStore.Comtrade1985).ToList();
        var arcs = lines.FindIndex(l => l.StartsWith("*arcs", StringComparison.Ordinal));
        int[] loops = [1, 35, 60, 100, 150, 192];
        for (var i = 0; i < loops.Length; i++)
        {
            lines.Insert(arcs + 1 + i * 1000, $"{loops[i]} {loops[i]} {1000 + i}");
        }

        var path = _test.File("nber-un-1985.net");
        File.WriteAllLines(path, lines);

        var dataset = Assert.Single(await PajekImporter.ImportAsync(_test.Store, path, ct: Ct));

        var original = Assert.Single(await PajekImporter.ImportAsync(_test.Store, TradeTestStore.Comtrade1985, new PajekImportOptions(Source: "original"), ct: Ct));
        Assert.Equal((original.Rows, original.TotalValue), (dataset.Rows, dataset.TotalValue));
        var notes = dataset.Notes!;
        Assert.Equal(("self-loops", (long?)null, "6 self-loops dropped: a country's trade with itself is not trade between countries"), (notes[0].Kind, notes[0].Line, notes[0].Text));
        var dropped = notes.Where(n => n.Kind == "self-loop").ToList();
        Assert.Equal(Enumerable.Range(0, 6).Select(i => (long)(arcs + 2 + i * 1000)), dropped.Select(n => n.Line!.Value));
        Assert.Equal("self-loop AFG → AFG (weight 1000) dropped", dropped[0].Text);
    }

    // Codes of 1985 that ISO 3166-1 no longer lists are kept as the file gives them, marked historical, and reported;
    // a label that is no country code at all is refused with its line.
    [Fact]
    public async Task Historical_codes_are_kept_and_marked_and_a_label_that_is_no_country_code_is_refused()
    {
        var dataset = Assert.Single(await PajekImporter.ImportAsync(_test.Store, TradeTestStore.Comtrade1985, ct: Ct));
        var codes = (await _test.Store.CountryCodesAsync(dataset.Key, Ct)).ToDictionary(c => c.Country);
        var lines = File.ReadAllLines(TradeTestStore.Comtrade1985);
        var bad = _test.File("trade-1986.net");
        File.WriteAllLines(bad, lines.Select(l => l == "10 \"AUS\"" ? "10 \"Australia\"" : l));

        var error = await Assert.ThrowsAsync<TradeDataException>(() => PajekImporter.ImportAsync(_test.Store, bad, ct: Ct));

        Assert.Equal(["ANT", "BLX", "CSK", "DDR", "ROM", "SVU", "TMP", "YDR", "YUG", "ZAR"],
            dataset.Notes!.Where(n => n.Kind == "historical-code").Select(n => n.Text[..3]).Order(StringComparer.Ordinal));
        Assert.Equal("historical code: Yugoslavia until 1992, today BIH,HRV,MKD,SCG,SVN; no single successor, kept as given", codes["YUG"].Mapping);
        Assert.Equal("historical code: Romania until 2002, today ROU; kept as given", codes["ROM"].Mapping);
        Assert.Equal(Array.IndexOf(lines, "10 \"AUS\"") + 1, error.Line);
        Assert.StartsWith("\"Australia\" is not an ISO 3166-1 alpha-3 country code", error.Problem, StringComparison.Ordinal);
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
