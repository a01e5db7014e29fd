using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Lianbo.Core.Accounts;
using Lianbo.Trade.Indices;
using Lianbo.Trade.Store;
using Lianbo.Web.Chains;
using Lianbo.Web.Reports;
using Lianbo.Web.Tests.Accounts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Lianbo.Web.Tests.Reports;

/// <summary>
/// The annual report built on a fresh install's stores (the demo editions, the shipped open data with both indices and
/// the WIOD 2011 table) with 500 real BACI rows added, in both languages: the HTML's key numbers against the stores read
/// independently, and the PDF's text (pdftotext) and pages (pdftoppm) as a reader gets them.
/// </summary>
public sealed partial class ReportBuildTests(ReportBuildTests.Install install) : IClassFixture<ReportBuildTests.Install>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The report's build time, fixed so that two builds can be compared.</summary>
    public static readonly DateTimeOffset BuiltAt = new(2024, 12, 1, 8, 0, 0, TimeSpan.Zero);

    public sealed class Install : IAsyncLifetime
    {
        public LianboApp App { get; private set; } = null!;
        public FakeTimeProvider Clock { get; } = new(BuiltAt);
        private readonly Dictionary<(string, ReportFormat), Task<ReportOutput>> _built = [];

        public async ValueTask InitializeAsync()
        {
            App = await LianboApp.StartAsync(settings: new Dictionary<string, string>
            {
                ["Lianbo:LoadOpenData"] = "true",
                ["Lianbo:LoadDemoOnFreshStore"] = "true",
                ["Lianbo:Reports:Browser"] = Environment.GetEnvironmentVariable("LIANBO_TEST_BROWSER") ?? "/usr/bin/chromium",
            }, clock: Clock);
            using var analyst = App.ClientFor(await App.CreateUserAsync(Roles.Analyst));
            var sample = Path.Combine(AppContext.BaseDirectory, "samples", "baci-hs92-2021-zaf-afg.csv");
            var baci = string.Join('\n', File.ReadLines(sample).Take(501)) + "\n";
            (await analyst.PostAsync("/api/trade/imports?kind=baci&fileName=BACI_HS92_Y2021_V202301.csv", new StringContent(baci))).EnsureSuccessStatusCode();

            // Two preset runs marked for the 2024 report, in this order: a cascade through WIOD 2011, decoupling in general equilibrium.
            foreach (var preset in new[] { "china-electronics-cascade", "two-bloc-decoupling" })
            {
                var ran = await analyst.PostAsync($"/api/scenarios/{preset}/run", null);
                ran.EnsureSuccessStatusCode();
                var id = (await ran.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
                (await analyst.PutAsync($"/api/reports/2024/scenarios/{id}", null)).EnsureSuccessStatusCode();
                using var stored = await analyst.GetAsync($"/api/scenario-runs/{id}");
                Runs.Add((id, await stored.Content.ReadFromJsonAsync<JsonElement>()));
            }
        }

        /// <summary>The marked runs as the API gives them: id and result.</summary>
        public List<(string Id, JsonElement Result)> Runs { get; } = [];

        /// <summary>One build per language and format for the class (a PDF takes seconds).</summary>
        public Task<ReportOutput> BuildAsync(string lang, ReportFormat format)
        {
            lock (_built)
            {
                if (!_built.TryGetValue((lang, format), out var task))
                {
                    task = App.Services.GetRequiredService<IReportBuilder>().BuildAsync(new ReportRequest(2024, 2, lang, format), new Progress<ReportProgress>(), CancellationToken.None);
                    _built[(lang, format)] = task;
                }

                return task;
            }
        }

        public async ValueTask DisposeAsync() => await App.DisposeAsync();
    }

    private static string Html(ReportOutput output) => Encoding.UTF8.GetString(output.Html);

    /// <summary>The text of the element with this id, tags removed and whitespace collapsed.</summary>
    private static string TextOf(string html, string id)
    {
        var start = html.IndexOf($"id=\"{id}\"", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no element {id} in the report");
        var open = html.LastIndexOf('<', start);
        var tag = Regex.Match(html[open..], @"^<(\w+)").Groups[1].Value;
        // Elements of the same name nested inside are few in the report (div in div): count them.
        var depth = 0;
        var at = open;
        foreach (Match m in Regex.Matches(html[open..], $@"<(/?){tag}\b"))
        {
            depth += m.Groups[1].Value == "/" ? -1 : 1;
            if (depth == 0)
            {
                at = open + m.Index;
                break;
            }
        }

        return Regex.Replace(Regex.Replace(html[open..at], "<[^>]+>", " "), @"\s+", " ").Trim();
    }

    [Theory]
    [InlineData("en", "620", "152 bn yuan", "Global Supply Chain Promotion Report 2024")]
    [InlineData("zh", "620", "1,520亿元", "全球供应链促进报告（2024）")]
    public async Task The_HTML_report_holds_the_editions_the_indices_and_the_chains_figures_from_the_stores(string lang, string exhibitors, string value, string title)
    {
        var html = Html(await install.BuildAsync(lang, ReportFormat.Html));
        Assert.StartsWith("<!doctype html>", html);
        Assert.Contains($"<html lang=\"{(lang == "zh" ? "zh-Hans" : "en")}\"", html);
        Assert.Contains(title, TextOf(html, "report-title"));
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch(@"(src|href)=""(https?:)?//", html);

        // The edition's figures, counted by the statistics the dashboard shows.
        Assert.StartsWith(exhibitors, TextOf(html, "kf-exhibitors"));
        Assert.StartsWith(value, TextOf(html, "kf-agreement-value"));
        Assert.StartsWith(exhibitors, TextOf(html, "ch5-exhibitors"));

        // Each index's world value of the latest year built up to 2024, as the index store holds it.
        var culture = new CultureInfo(lang == "zh" ? "zh-CN" : "en");
        foreach (var index in await new IndexStore(install.App.Services.GetRequiredService<TradeStore>()).ListAsync(Ct))
        {
            var year = index.Years.Where(y => y.Countries > 0 && y.Global is not null && y.Year <= 2024).MaxBy(y => y.Year)!;
            Assert.StartsWith(year.Global!.Value.ToString("0.000", culture), TextOf(html, $"ch2-{index.Definition.Id}-world-value"));
            Assert.Contains(year.Year.ToString(CultureInfo.InvariantCulture), TextOf(html, $"ch2-{index.Definition.Id}-world-value"));
        }

        // A stage's world exports as the chain's panorama gives them for the BACI year loaded (thousands of USD).
        using var scope = install.App.Services.CreateScope();
        var previous = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = culture;
        try
        {
            var chains = 0;
            foreach (var chain in new[] { "smart-vehicles", "clean-energy", "digital-technology", "healthy-life", "green-agriculture", "advanced-manufacturing" })
            {
                var panorama = await scope.ServiceProvider.GetRequiredService<ChainPanoramaData>().BuildAsync(chain, null, ct: Ct);
                if (panorama is not { Trade.Count: > 0 })
                {
                    continue;
                }

                chains++;
                var table = TextOf(html, $"ch3-{chain}-trade");
                Assert.Contains("2021", table);
                foreach (var stage in panorama.Trade)
                {
                    Assert.Contains(Display.Usd(stage.WorldExports * 1000), table);
                }
            }

            Assert.True(chains > 0, "no chain has trade in the BACI rows loaded");
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = previous;
        }

        // The runs marked for 2024, in the order marked, with the figures the run stored.
        var (cascade, gravity) = (install.Runs[0], install.Runs[1]);
        Assert.DoesNotContain("id=\"ch4-no-marks\"", html);
        Assert.True(html.IndexOf($"id=\"ch4-{cascade.Id}\"", StringComparison.Ordinal) < html.IndexOf($"id=\"ch4-{gravity.Id}\"", StringComparison.Ordinal));
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = culture;
        try
        {
            var total = cascade.Result.GetProperty("inputOutput").GetProperty("total").GetDouble();
            Assert.StartsWith(Display.Usd(total * 1e6), TextOf(html, $"ch4-{cascade.Id}-io-total"));
            var countries = gravity.Result.GetProperty("gravity").GetProperty("countries").EnumerateArray()
                .Select(c => (Country: c.GetProperty("country").GetString()!, Gdp: c.GetProperty("realGdp").GetDouble())).ToList();
            var hardest = countries.MinBy(c => c.Gdp);
            Assert.Contains(Lianbo.Web.Scenarios.ScenarioPages.Percent(hardest.Gdp), TextOf(html, $"ch4-{gravity.Id}-gdp"));
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = previous;
        }
    }

    [Fact]
    public async Task On_an_empty_install_every_chapter_says_what_is_missing_and_how_to_load_it()
    {
        await using var app = await LianboApp.StartAsync();
        var output = await app.Services.GetRequiredService<IReportBuilder>().BuildAsync(new ReportRequest(2024, null, "en", ReportFormat.Html), new Progress<ReportProgress>(), Ct);
        var html = Html(output);
        Assert.Null(output.Pdf);
        Assert.Contains("lianbo data load open", TextOf(html, "missing-indices"));
        Assert.Contains("lianbo data load open", TextOf(html, "kf-none"));
        Assert.Contains("lianbo trade import baci", TextOf(html, "ch3-smart-vehicles-no-trade"));
        Assert.Contains("lianbo io import", TextOf(html, "ch3-smart-vehicles-io"));
        Assert.Contains("lianbo report mark", TextOf(html, "ch4-no-marks"));
        Assert.Contains("lianbo demo load", TextOf(html, "ch5-no-edition"));
        Assert.Contains("lianbo data load open", TextOf(html, "ch6-no-data"));
        Assert.Contains("services", TextOf(html, "ch3-supply-chain-services-services"));
    }

    [Fact]
    public async Task The_same_stores_and_options_give_the_same_HTML_and_another_build_time_changes_only_the_time()
    {
        var first = Html(await install.BuildAsync("en", ReportFormat.Html));
        var builder = install.App.Services.GetRequiredService<IReportBuilder>();
        var again = Html(await builder.BuildAsync(new ReportRequest(2024, 2, "en", ReportFormat.Html), new Progress<ReportProgress>(), Ct));
        Assert.Equal(first, again);

        // A build an hour later (the clock moves on for the class's later builds too; none of them reads the time): only the time differs.
        install.Clock.Advance(TimeSpan.FromHours(1));
        var other = Html(await builder.BuildAsync(new ReportRequest(2024, 2, "en", ReportFormat.Html), new Progress<ReportProgress>(), Ct));
        Assert.NotEqual(first, other);
        Assert.Equal(WithoutTime(first), WithoutTime(other));
    }

    private static string WithoutTime(string html) =>
        Regex.Replace(Regex.Replace(html, @"<time id=""built""[^>]*>[^<]*</time>", ""), @"<meta name=""generated"" content=""[^""]*""\s*/?>", "");

    [Theory]
    [InlineData("en", "Global Supply Chain Promotion Report 2024", "Key findings", "Figure 2.1", "152 bn yuan")]
    [InlineData("zh", "全球供应链促进报告（2024）", "主要发现", "图2.1", "1,520亿元")]
    public async Task The_PDF_reads_as_the_report_with_page_numbers_in_its_contents_and_no_blank_page(string lang, string title, string findings, string figure, string value)
    {
        var pdf = (await install.BuildAsync(lang, ReportFormat.Pdf)).Pdf;
        Assert.NotNull(pdf);
        Assert.Equal("%PDF", Encoding.ASCII.GetString(pdf, 0, 4));
        var directory = Directory.CreateTempSubdirectory("lianbo-report-test-");
        try
        {
            var file = Path.Combine(directory.FullName, "report.pdf");
            await File.WriteAllBytesAsync(file, pdf, Ct);
            var pages = (await RunAsync("pdftotext", "-layout", "-enc", "UTF-8", file, "-")).Split('\f');
            var text = string.Join('\n', pages);
            Assert.Contains(Squeeze(title), Squeeze(pages[0]));
            Assert.Contains(Squeeze(findings), Squeeze(text));
            Assert.Contains(Squeeze(figure), Squeeze(text));
            Assert.Contains(Squeeze(value), Squeeze(text));

            // Each chapter's entry in the contents gives the page on which the chapter begins (its running header names it).
            var contents = Squeeze(pages[1]);
            var chapters = 0;
            foreach (Match entry in ContentsEntry().Matches(pages[1]))
            {
                var (number, name, page) = (entry.Groups[1].Value, Squeeze(entry.Groups[2].Value), int.Parse(entry.Groups[3].Value, CultureInfo.InvariantCulture));
                Assert.InRange(page, 3, pages.Length);
                Assert.StartsWith(number + name, Squeeze(pages[page - 1]).Replace(Squeeze(title), ""));
                chapters++;
            }

            Assert.True(chapters >= 6, $"found {chapters} chapter entries in the contents: {contents}");
            Assert.DoesNotContain("000", contents);

            // Pages as images: none is blank, and they are not all the same.
            await RunAsync("pdftoppm", "-r", "20", "-gray", "-f", "1", "-l", "8", file, Path.Combine(directory.FullName, "page"));
            var images = directory.GetFiles("page*.pgm").OrderBy(f => f.Name, StringComparer.Ordinal).Select(f => File.ReadAllBytes(f.FullName)).ToList();
            Assert.True(images.Count >= 6);
            foreach (var image in images)
            {
                Assert.True(DarkShare(image) > 0.005, "a blank page");
            }

            Assert.True(images.Distinct(new BytesComparer()).Count() > images.Count / 2);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    // "1 Key findings ........ 3" in the contents, as pdftotext lays it out: the number, the title, the page at the end of the line.
    [GeneratedRegex(@"^\s*([1-6])\s+(\S.*?)\s{2,}(\d+)\s*$", RegexOptions.Multiline)]
    private static partial Regex ContentsEntry();

    private static string Squeeze(string text) => string.Concat(text.Normalize(NormalizationForm.FormKC).Where(c => !char.IsWhiteSpace(c)));

    /// <summary>The share of pixels darker than 200 in a binary PGM (P5, 8-bit) image.</summary>
    private static double DarkShare(byte[] pgm)
    {
        // Header: "P5", width, height, maxval, each followed by whitespace; the pixels follow the last one.
        var fields = 0;
        var i = 0;
        while (fields < 4)
        {
            while (char.IsWhiteSpace((char)pgm[i]))
            {
                i++;
            }

            while (!char.IsWhiteSpace((char)pgm[i]))
            {
                i++;
            }

            fields++;
        }

        var pixels = pgm.AsSpan(i + 1);
        var dark = 0;
        foreach (var p in pixels)
        {
            if (p < 200)
            {
                dark++;
            }
        }

        return (double)dark / pixels.Length;
    }

    private sealed class BytesComparer : IEqualityComparer<byte[]>
    {
        public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);
        public int GetHashCode(byte[] obj) => obj.Length;
    }

    private static async Task<string> RunAsync(string program, params string[] args)
    {
        Assert.SkipUnless(File.Exists("/usr/bin/" + program), $"{program} (Debian's poppler-utils) is needed to read the PDF; the README's test command installs it.");
        var start = new ProcessStartInfo(program, args) { RedirectStandardOutput = true, RedirectStandardError = true, StandardOutputEncoding = Encoding.UTF8 };
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct);
        Assert.True(process.ExitCode == 0, $"{program}: {await process.StandardError.ReadToEndAsync(Ct)}");
        return output;
    }
}
