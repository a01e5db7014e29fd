using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Lianbo.Core.Accounts;
using Lianbo.Core.Chains;
using Lianbo.Core.Data;
using Lianbo.Core.Tests.Expo;
using Lianbo.Trade.Indices;
using Lianbo.Trade.Store;
using Lianbo.Web.Tests.Accounts;
using Lianbo.Web.Tests.Chains;
using Lianbo.Web.Tests.Trade;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lianbo.Web.Tests.Platform;

/// <summary>
/// Every upload has its limit from Lianbo:Uploads: a larger body gets 413 with a ProblemDetails naming the limit, in the
/// request's language, and nothing of it is stored; a body at the limit goes through.
/// </summary>
public class UploadLimitTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Dictionary<string, string> Limit(string kind, long bytes) => new() { [$"Lianbo:Uploads:{kind}"] = bytes.ToString(CultureInfo.InvariantCulture) };

    [Fact]
    public async Task A_trade_import_over_its_limit_gets_413_whether_its_length_is_declared_or_only_counted()
    {
        await using var app = await LianboApp.StartAsync(settings: Limit("TradeBytes", 64 * 1024));
        var analyst = app.ClientFor(await app.CreateUserAsync(Roles.Analyst));
        var sample = await File.ReadAllBytesAsync(TradeSamples.Baci2021, Ct);
        var fits = Encoding.UTF8.GetBytes(string.Join('\n', File.ReadLines(TradeSamples.Baci2021).Take(1000)) + "\n");
        Assert.True(fits.Length <= 64 * 1024 && sample.Length > 64 * 1024);
        const string url = "/api/trade/imports?kind=baci&fileName=BACI_HS92_Y2021_V202301.csv";

        var declared = await analyst.PostAsync(url, new ByteArrayContent(sample), Ct);
        var counted = await analyst.PostAsync(url, new ChunkedContent(sample), Ct);
        using var chinese = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ChunkedContent(sample) };
        chinese.Headers.AcceptLanguage.ParseAdd("zh-CN");
        var inChinese = await analyst.SendAsync(chinese, Ct);
        var years = await app.CreateClient().GetFromJsonAsync<JsonElement>("/api/trade/years", Ct);
        var imported = await analyst.PostAsync(url, new ChunkedContent(fits), Ct);

        foreach (var refused in new[] { declared, counted, inChinese })
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        }

        Assert.Equal("the file is larger than 64 KiB (65,536 bytes), the most this upload takes", await DetailAsync(declared));
        Assert.Equal("the file is larger than 64 KiB (65,536 bytes), the most this upload takes", await DetailAsync(counted));
        Assert.Equal("文件超过此处上传的上限 64 KiB（65,536 字节）", await DetailAsync(inChinese));
        Assert.Equal(0, years.GetArrayLength());
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
    }

    [Fact]
    public async Task An_indicator_import_one_byte_over_its_limit_gets_413_and_one_at_it_is_stored()
    {
        // 64 lines of about 30 bytes: over the smallest limit there is (1 KiB).
        var good = "country,year,indicator,value,source\n" + string.Concat(
            from year in Enumerable.Range(1990, 32) from country in new[] { "ZAF", "AFG" } select $"{country},{year},wb.credit_gdp,{year - 1900}.5,test\n");
        await using var app = await LianboApp.StartAsync(settings: Limit("IndicatorBytes", good.Length));
        var analyst = app.ClientFor(await app.CreateUserAsync(Roles.Analyst));

        var over = await analyst.PostAsync("/api/indices/indicators?fileName=credit.csv", new StringContent(good + "\n"), Ct);
        var stored = await new ExternalIndicators(app.Services.GetRequiredService<TradeStore>()).ListAsync(Ct);
        var at = await analyst.PostAsync("/api/indices/indicators?fileName=credit.csv", new StringContent(good), Ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, over.StatusCode);
        Assert.Equal(string.Create(CultureInfo.InvariantCulture, $"the file is larger than {good.Length:N0} B ({good.Length:N0} bytes), the most this upload takes"), await DetailAsync(over));
        Assert.Empty(stored);
        Assert.Equal(HttpStatusCode.OK, at.StatusCode);
    }

    [Fact]
    public async Task A_chain_file_over_its_limit_gets_413_from_import_and_from_save_and_no_chain_changes()
    {
        var file = ChainFiles.Write(ChainEditApiTests.Recycling());
        var limit = Encoding.UTF8.GetByteCount(file);
        await using var app = await LianboApp.StartAsync(settings: Limit("ChainBytes", limit));
        var organiser = app.ClientFor(await app.CreateUserAsync(Roles.Organiser));
        var before = await app.CreateClient().GetStringAsync("/api/chains", Ct);

        var import = await organiser.PostAsync("/api/chains/import?fileName=recycling.json", Json(file + " "), Ct);
        var save = await organiser.PutAsync("/api/chains/battery-recycling", new ChunkedContent(Encoding.UTF8.GetBytes(file + " "), "application/json"), Ct);
        var after = await app.CreateClient().GetStringAsync("/api/chains", Ct);
        var atLimit = await organiser.PutAsync("/api/chains/battery-recycling", Json(file), Ct);

        Assert.Equal((HttpStatusCode.RequestEntityTooLarge, HttpStatusCode.RequestEntityTooLarge), (import.StatusCode, save.StatusCode));
        Assert.StartsWith(string.Create(CultureInfo.InvariantCulture, $"the file is larger than {limit:N0} B"), await DetailAsync(import), StringComparison.Ordinal);
        Assert.Equal(before, after);
        Assert.Equal(HttpStatusCode.OK, atLimit.StatusCode);
    }

    [Fact]
    public async Task An_exhibitor_file_over_its_limit_gets_413_and_no_organisation_is_stored()
    {
        var csv = Encoding.UTF8.GetBytes(string.Join(",", Core.Expo.ExhibitorTemplate.Columns) + "\n" + new string('x', 4096) + "\n");
        await using var app = await LianboApp.StartAsync(settings: Limit("TableBytes", 4096));
        var edition = await EditionAsync(app);
        var organiser = app.ClientFor(await app.CreateUserAsync(Roles.Organiser));

        var refused = await organiser.PostAsync($"/api/editions/{edition}/exhibitors/import?format=csv", new ChunkedContent(csv), Ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, refused.StatusCode);
        Assert.Equal("the file is larger than 4 KiB (4,096 bytes), the most this upload takes", await DetailAsync(refused));
        Assert.Equal(0, await KeyedOrganisationsAsync(app));
    }

    // A page's form is read whole before the page runs: up to the largest page limit the page itself refuses a file over
    // its own kind's limit and says so; past that the form reader stops, the request fails (400) and nothing is stored.
    [Fact]
    public async Task A_page_upload_over_its_limit_is_refused_on_the_page_and_one_over_every_page_limit_gets_413_unread()
    {
        var chain = ChainFiles.Write(ChainEditApiTests.Recycling());
        var settings = new Dictionary<string, string>(Limit("ChainBytes", 1024)) { ["Lianbo:Uploads:TableBytes"] = "2048" };
        await using var app = await LianboApp.StartAsync(settings: settings);
        await EditionAsync(app);
        var organiser = await AccountPagesTests.SignedInAsync(app, await app.CreateUserAsync(Roles.Organiser));
        var table = Encoding.UTF8.GetBytes(string.Join(",", Core.Expo.ExhibitorTemplate.Columns) + "\n" + new string('x', 3000) + "\n");

        var chainPage = await (await organiser.PostFileAsync("/chains", "import-chains", "ChainFile", "recycling.json", Encoding.UTF8.GetBytes(chain))).HtmlAsync();
        var tablePage = await organiser.PostFileAsync("/expo/2/import", "import", "file", "exhibitors.csv", table);

        Assert.True(chain.Length is > 1024 and <= 2048);
        Assert.Contains("the file is larger than 1 KiB (1,024 bytes), the most this upload takes", chainPage, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await app.CreateClient().GetAsync("/api/chains/battery-recycling", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tablePage.StatusCode);
        Assert.Contains("the file is larger than 2 KiB (2,048 bytes)", await tablePage.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(0, await KeyedOrganisationsAsync(app));
    }

    [Fact]
    public async Task A_limit_outside_its_range_stops_start_up_with_exit_2_naming_the_setting()
    {
        var data = Directory.CreateTempSubdirectory("lianbo-uploads-");
        try
        {
            using var error = new StringWriter();

            var exit = await LianboWebApp.RunAsync(
                [$"--Lianbo:DataDirectory={data.FullName}", "--Lianbo:LoadDemoOnFreshStore=false", "--Lianbo:Url=http://127.0.0.1:5079", "--Lianbo:Uploads:TradeBytes=10"], error, Ct);

            Assert.Equal(2, exit);
            Assert.StartsWith("Setting Lianbo:Uploads: ", error.ToString(), StringComparison.Ordinal);
            Assert.Contains("'TradeBytes' with the error: 'The field TradeBytes must be between 1024 and 1099511627776.'", error.ToString(), StringComparison.Ordinal);
            Assert.False(File.Exists(Path.Combine(data.FullName, "lianbo.db")), "the store was prepared before the setting was checked");
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    private static async Task<string?> DetailAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("detail").GetString();

    private static Task<Guid> EditionAsync(LianboApp app) => app.WithServicesAsync(async s =>
    {
        var db = s.GetRequiredService<LianboDbContext>();
        var edition = TestEditions.Small();
        db.Editions.Add(edition);
        await db.SaveChangesAsync();
        return edition.Id;
    });

    private static Task<int> KeyedOrganisationsAsync(LianboApp app) =>
        app.WithServicesAsync(s => s.GetRequiredService<LianboDbContext>().Organisations.CountAsync(o => o.Key != null));

    // A body sent without a Content-Length, as a client streaming a file of unknown size sends it: only counting stops it.
    private sealed class ChunkedContent : HttpContent
    {
        private readonly byte[] _bytes;

        public ChunkedContent(byte[] bytes, string? mediaType = null)
        {
            _bytes = bytes;
            if (mediaType is not null)
            {
                Headers.ContentType = new(mediaType);
            }
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(_bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
