using System.IO.Compression;
using Lianbo.Trade.OpenData;

namespace Lianbo.Cli.Tests.Commands;

public sealed class DataCommandsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Load_open_loads_the_shipped_open_data_and_builds_the_indices_then_reports_it_unchanged_in_either_language()
    {
        await using var store = await CliStore.CreateAsync();

        var first = await store.RunAsync("data", "load", "open");
        var second = await Cli.RunInCultureAsync("zh-CN", "data", "load", "open", "--data-dir", store.DataDirectory);
        var show = await store.RunAsync("index", "show", "promotion", "--year", "2023", "--top", "3");

        Assert.Equal((0, ""), (first.ExitCode, first.Error));
        Assert.Contains("Importing the bilateral trade panel dta-trade-1964-2016-4yearly.csv.gz", first.Out, StringComparison.Ordinal);
        Assert.Contains("Open data loaded: 36,813 indicator values, 188,830 trade flows in 14 years, 2 indices built", first.Out, StringComparison.Ordinal);
        Assert.Contains("2,383 nonzero flows to or from partners that are no country left out (BAT, BUN, FRE, SPE, UNS, ZPM, ZW1)", first.Out, StringComparison.Ordinal);
        Assert.Equal(0, second.ExitCode);
        Assert.Contains("公开数据未改变", second.Out, StringComparison.Ordinal);
        Assert.Equal(0, show.ExitCode);
        Assert.Contains("2023", show.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_open_file_exits_2_naming_the_file_and_line_and_stores_nothing()
    {
        await using var store = await CliStore.CreateAsync();
        var copy = Directory.CreateTempSubdirectory("lianbo-open-bad-");
        try
        {
            foreach (var file in Directory.EnumerateFiles(OpenDataManifest.ShippedDirectory, "*", SearchOption.AllDirectories))
            {
                var target = Path.Combine(copy.FullName, Path.GetRelativePath(OpenDataManifest.ShippedDirectory, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }

            var lpi = Path.Combine(copy.FullName, "indicators", "wb-lpi-overall-2007-2023.csv.gz");
            string[] lines;
            using (var reader = new StreamReader(new GZipStream(File.OpenRead(lpi), CompressionMode.Decompress)))
            {
                lines = (await reader.ReadToEndAsync(Ct)).Split('\n');
            }

            lines[3] = lines[3][..lines[3].LastIndexOf(',')] + ",4,1";
            await using (var writer = new StreamWriter(new GZipStream(File.Create(lpi), CompressionLevel.Fastest)))
            {
                await writer.WriteAsync(string.Join('\n', lines));
            }

            var load = await store.RunAsync("data", "load", "open", "--dir", copy.FullName);
            var indices = await store.RunAsync("index", "indicators");

            Assert.Equal(2, load.ExitCode);
            Assert.Contains("wb-lpi-overall-2007-2023.csv.gz, line 4", load.Error, StringComparison.Ordinal);
            Assert.Contains("expected 5 columns, found 6", load.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("wb.lpi", indices.Out, StringComparison.Ordinal);
        }
        finally
        {
            copy.Delete(recursive: true);
        }
    }
}
