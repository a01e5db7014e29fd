using System.IO.Compression;
using System.Text.Json;

namespace Lianbo.Cli.Tests.Commands;

public sealed class TradeCommandsTests
{
    private static readonly string Samples = Path.Combine(AppContext.BaseDirectory, "samples");

    [Fact]
    public async Task The_1985_network_imports_and_its_metrics_come_out_as_JSON()
    {
        await using var store = await CliStore.CreateAsync();

        var import = await store.RunAsync("trade", "import", "pajek", Path.Combine(Samples, "comtrade-1985-countries.net"), "--year", "1985");
        var years = await store.RunAsync("trade", "years");
        var metrics = await store.RunAsync("trade", "metrics", "--year", "1985", "--format", "json");

        Assert.Equal((0, 0, 0), (import.ExitCode, years.ExitCode, metrics.ExitCode));
        Assert.Contains("1985", years.Out, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(metrics.Out);
        Assert.True(json.RootElement.GetRawText().Contains("\"USA\"", StringComparison.Ordinal), "the metrics list the United States");
    }

    [Fact]
    public async Task A_BACI_file_with_a_bad_row_exits_2_naming_the_line_and_stores_nothing()
    {
        await using var store = await CliStore.CreateAsync();
        var lines = File.ReadAllLines(Path.Combine(Samples, "baci-hs92-2021-zaf-afg.csv")).Take(50).ToList();
        lines[20] = "2021,710,4,10632,not-a-value,1.0";
        var broken = Path.Combine(store.DataDirectory, "BACI_HS92_Y2021_V202301.csv");
        File.WriteAllLines(broken, lines);

        var import = await store.RunAsync("trade", "import", "baci", broken);
        var years = await store.RunAsync("trade", "years");

        Assert.Equal(CliApp.UserError, import.ExitCode);
        Assert.Contains("line 21", import.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("2021", years.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_BACI_zip_bomb_exits_2_naming_the_entry_and_stores_nothing()
    {
        await using var store = await CliStore.CreateAsync();
        var path = Path.Combine(store.DataDirectory, "BACI_HS92_V202301.zip");
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            await using var bomb = await zip.CreateEntry("BACI_HS92_Y2021_V202301.csv").OpenAsync(TestContext.Current.CancellationToken);
            var zeros = new byte[1 << 20];
            for (var i = 0; i < 64; i++)
            {
                await bomb.WriteAsync(zeros, TestContext.Current.CancellationToken);
            }
        }

        var import = await store.RunAsync("trade", "import", "baci", path);
        var years = await store.RunAsync("trade", "years");

        Assert.Equal(CliApp.UserError, import.ExitCode);
        Assert.StartsWith($"{path}!BACI_HS92_Y2021_V202301.csv: packed ", import.Error, StringComparison.Ordinal);
        Assert.Contains("(a zip bomb?)", import.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("lianbo-baci-", import.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("2021", years.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_archive_caps_come_from_the_same_settings_as_the_web_apps()
    {
        await using var store = await CliStore.CreateAsync();
        var path = Path.Combine(store.DataDirectory, "BACI_HS92_V202301.zip");
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            zip.CreateEntryFromFile(Path.Combine(Samples, "baci-hs92-2021-zaf-afg.csv"), "BACI_HS92_Y2021_V202301.csv");
        }

        // The real sample packs about 4:1; a cap of 2:1 set as the web app's setting refuses it, the default takes it.
        var refused = await store.RunAsync("trade", "import", "baci", path, "--set", "Lianbo:Uploads:ArchiveRatio=2");
        var taken = await store.RunAsync("trade", "import", "baci", path);

        Assert.Equal(CliApp.UserError, refused.ExitCode);
        Assert.StartsWith($"{path}!BACI_HS92_Y2021_V202301.csv: packed ", refused.Error, StringComparison.Ordinal);
        Assert.True(taken.ExitCode == 0, taken.Error);
    }

    [Fact]
    public async Task Dependencies_and_substitutes_come_out_as_tables_and_JSON_and_bad_input_exits_2_naming_the_option()
    {
        await using var store = await CliStore.CreateAsync();
        var import = await store.RunAsync("trade", "import", "baci", Path.Combine(Samples, "baci-hs92-2021-zaf-afg.csv"));

        var table = await store.RunAsync("trade", "dependencies", "--year", "2021", "--importer", "NAM");
        var json = await store.RunAsync("trade", "dependencies", "--year", "2021", "--importer", "NAM", "--level", "4", "--format", "json");
        var substitutes = await store.RunAsync("trade", "substitutes", "--year", "2021", "--importer", "NAM", "--product", "2709");
        var badImporter = await store.RunAsync("trade", "substitutes", "--year", "2021", "--importer", "Namibia", "--product", "2709");
        var badProduct = await store.RunAsync("trade", "substitutes", "--year", "2021", "--importer", "NAM", "--product", "27x9");
        var notBought = await store.RunAsync("trade", "substitutes", "--year", "2021", "--importer", "ZAF", "--product", "2709", "--supplier", "USA");

        Assert.Equal((0, 0, 0, 0), (import.ExitCode, table.ExitCode, json.ExitCode, substitutes.ExitCode));
        Assert.Contains("Dependencies of NAM — BACI HS92 2021, HS 6 digits", table.Out, StringComparison.Ordinal);
        using (var report = JsonDocument.Parse(json.Out))
        {
            Assert.Equal(4, report.RootElement.GetProperty("digits").GetInt32());
            Assert.Equal("ZAF", report.RootElement.GetProperty("products")[0].GetProperty("topSupplier").GetString());
        }

        Assert.Contains("1. AFG", substitutes.Out, StringComparison.Ordinal);
        Assert.Contains("does not supply NAM with it yet", substitutes.Out, StringComparison.Ordinal);
        Assert.Equal((CliApp.UserError, CliApp.UserError, CliApp.UserError), (badImporter.ExitCode, badProduct.ExitCode, notBought.ExitCode));
        Assert.Contains("--importer Namibia: not an ISO alpha-3 country code", badImporter.Error, StringComparison.Ordinal);
        Assert.Contains("--product 27x9", badProduct.Error, StringComparison.Ordinal);
        Assert.Contains("ZAF imports no 2709 from USA in 2021", notBought.Error, StringComparison.Ordinal);
    }
}
