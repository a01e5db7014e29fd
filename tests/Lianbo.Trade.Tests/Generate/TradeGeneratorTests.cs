using Lianbo.Trade.Generate;
using Lianbo.Trade.Import;

namespace Lianbo.Trade.Tests.Generate;

public sealed class TradeGeneratorTests : IDisposable
{
    private readonly TradeTestStore _test = new();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_same_seed_writes_the_same_file_and_another_seed_another()
    {
        var options = new GenerateOptions(2021, 20_000, Seed: 7);
        var first = await TradeGenerator.WriteAsync(_test.File("a.csv"), options, ct: Ct);
        var second = await TradeGenerator.WriteAsync(_test.File("b.csv"), options, ct: Ct);
        var other = await TradeGenerator.WriteAsync(_test.File("c.csv"), options with { Seed = 8 }, ct: Ct);

        Assert.Equal(await File.ReadAllBytesAsync(first.Path, Ct), await File.ReadAllBytesAsync(second.Path, Ct));
        Assert.NotEqual(await File.ReadAllBytesAsync(first.Path, Ct), await File.ReadAllBytesAsync(other.Path, Ct));
        Assert.Equal(20_000, first.Rows);
    }

    [Fact]
    public async Task The_file_has_BACI_columns_codes_and_quirks_and_imports_as_generated()
    {
        var options = new GenerateOptions(2021, 50_000, Seed: 1);
        var file = await TradeGenerator.WriteAsync(_test.File(options.DefaultFileName), options, ct: Ct);
        var lines = await File.ReadAllLinesAsync(file.Path, Ct);

        Assert.Equal("\"t\",\"i\",\"j\",\"k\",\"v\",\"q\"", lines[0]);
        Assert.Equal(50_001, lines.Length);
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToList();
        Assert.All(rows, r => Assert.Equal("2021", r[0]));
        // BACI's own codes for France, India and the USA; HS codes that lost their leading zero; padded or NA quantities.
        Assert.Contains(rows, r => r[1] == "251");
        Assert.Contains(rows, r => r[1] == "699");
        Assert.Contains(rows, r => r[2] == "842");
        Assert.Contains(rows, r => r[3].Length == 5);
        Assert.Contains(rows, r => r[5] == "\"           NA\"");
        Assert.All(rows, r => Assert.Matches("^\" *([0-9]+\\.[0-9]{3}|NA)\"$", r[5]));
        Assert.All(rows, r => Assert.True(r[5].Length >= 15, r[5]));
        Assert.Equal(rows.Count, rows.Select(r => (r[1], r[2], r[3])).Distinct().Count());

        var dataset = Assert.Single(await BaciImporter.ImportAsync(_test.Store, file.Path, ct: Ct));

        Assert.Equal(("generated", "HS92", 2021, 50_000L, true), (dataset.Source, dataset.Revision, dataset.Year, dataset.Rows, dataset.Generated));
        Assert.Equal(file.TotalValue, dataset.TotalValue, 1e-6 * file.TotalValue);
    }

    [Fact]
    public async Task Larger_economies_trade_more()
    {
        var file = await TradeGenerator.WriteAsync(_test.File("g.csv"), new GenerateOptions(2021, 100_000, Seed: 3), ct: Ct);
        var exports = File.ReadLines(file.Path).Skip(1).Select(l => l.Split(',')).GroupBy(r => r[1])
            .ToDictionary(g => g.Key, g => g.Sum(r => double.Parse(r[4], System.Globalization.CultureInfo.InvariantCulture)));

        // The USA (842) and China (156) against Luxembourg (442) and Fiji (242).
        Assert.True(exports["842"] > 10 * exports["442"]);
        Assert.True(exports["156"] > 10 * exports["242"]);
    }

    [Fact]
    public async Task More_rows_than_exporters_times_importers_times_products_are_refused() =>
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => TradeGenerator.WriteAsync(_test.File("x.csv"), new GenerateOptions(2021, long.MaxValue, 1), ct: Ct));

    public void Dispose() => _test.Dispose();
}
