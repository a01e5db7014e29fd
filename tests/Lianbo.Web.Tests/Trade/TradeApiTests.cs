using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Lianbo.Core.Accounts;
using Lianbo.Web.Tests.Accounts;

namespace Lianbo.Web.Tests.Trade;

public class TradeApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly string Samples = Path.Combine(AppContext.BaseDirectory, "samples");

    [Fact]
    public async Task An_analyst_imports_real_BACI_data_and_anyone_reads_products_countries_and_rankings()
    {
        await using var app = await LianboApp.StartAsync();
        var analyst = app.ClientFor(await app.CreateUserAsync(Roles.Analyst));
        using var body = new StreamContent(File.OpenRead(Path.Combine(Samples, "baci-hs92-2021-zaf-afg.csv")));

        var import = await analyst.PostAsync("/api/trade/imports?kind=baci&fileName=BACI_HS92_Y2021_V202301.csv", body, Ct);
        var anonymous = app.CreateClient();
        var years = await anonymous.GetFromJsonAsync<JsonElement>("/api/trade/years", Ct);
        var southAfrica = await anonymous.GetFromJsonAsync<JsonElement>("/api/trade/2021/countries/ZAF", Ct);
        var platinum = await anonymous.GetFromJsonAsync<JsonElement>("/api/trade/2021/products/7110", Ct);
        var ranking = await anonymous.GetFromJsonAsync<JsonElement>("/api/trade/2021/metrics?metric=exports", Ct);

        Assert.Equal(HttpStatusCode.OK, import.StatusCode);
        Assert.Equal(2021, years[0].GetProperty("year").GetInt32());
        Assert.True(southAfrica.GetProperty("exports").GetDouble() > 0);
        // Only South Africa and Afghanistan export in the sample, so South Africa is platinum's only exporter.
        Assert.Equal("ZAF", platinum.GetProperty("exporters")[0].GetProperty("code").GetString());
        Assert.Equal(1.0, platinum.GetProperty("exporterHhi").GetDouble(), 9);
        Assert.Equal("ZAF", ranking[0].GetProperty("country").GetString());
    }

    [Fact]
    public async Task A_file_with_a_bad_row_is_refused_naming_the_line_and_participants_may_not_import()
    {
        await using var app = await LianboApp.StartAsync();
        var analyst = app.ClientFor(await app.CreateUserAsync(Roles.Analyst));
        var participant = app.ClientFor(await app.CreateUserAsync(Roles.Participant, "Lambda Mining"));
        var lines = File.ReadLines(Path.Combine(Samples, "baci-hs92-2021-zaf-afg.csv")).Take(30).ToList();
        lines[9] = "2021,710,4,10632,oops,1.0";
        var text = string.Join('\n', lines) + "\n";

        var refused = await analyst.PostAsync("/api/trade/imports?kind=baci&fileName=BACI_HS92_Y2021_V202301.csv", new StringContent(text), Ct);
        var forbidden = await participant.PostAsync("/api/trade/imports?kind=baci&fileName=BACI_HS92_Y2021_V202301.csv", new StringContent(text), Ct);
        var years = await app.CreateClient().GetFromJsonAsync<JsonElement>("/api/trade/years", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Contains("line 10", problem.GetProperty("errors").GetProperty("file")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(0, years.GetArrayLength());
    }

    // The upload is saved in a temporary folder, a zip's entries unpacked in another, and DuckDB's errors quote the path
    // it read: none of that may reach the user, who is told of the file by the name they sent.
    [Theory]
    [InlineData("baci", "BACI_HS92_Y2021_V202301.csv", "bad row", "BACI_HS92_Y2021_V202301.csv, line 10, column v: \"oops\" is not a number")]
    [InlineData("baci", "BACI_HS92_Y2021_V202301.csv", "open quote", "BACI_HS92_Y2021_V202301.csv, line 6, column v: the quotation mark that opens field 5 is not closed on this line")]
    [InlineData("baci", "BACI_HS92_V202301.zip", "open quote", "BACI_HS92_V202301.zip!BACI_HS92_Y2021_V202301.csv, line 6, column v: the quotation mark that opens field 5 is not closed on this line")]
    [InlineData("baci", "BACI_HS92_V202301.zip", "bomb", "BACI_HS92_V202301.zip!BACI_HS92_Y2021_V202301.csv: packed ")]
    [InlineData("csv", "flows.csv", "open quote", "flows.csv, line 2, column importer: the quotation mark that opens field 3 is not closed on this line")]
    [InlineData("pajek", "network-1985.net", "bad row", "network-1985.net, line 4: an arc is \"FROM TO [WEIGHT]\" with FROM and TO between 1 and 1")]
    public async Task A_refused_import_names_the_file_as_sent_never_a_folder_of_the_server(string kind, string fileName, string fault, string error)
    {
        await using var app = await LianboApp.StartAsync();
        var analyst = app.ClientFor(await app.CreateUserAsync(Roles.Analyst));
        var lines = File.ReadLines(Path.Combine(Samples, "baci-hs92-2021-zaf-afg.csv")).Take(30).ToList();
        lines[fault == "bad row" ? 9 : 5] = fault == "bad row" ? "2021,710,4,10632,oops,1.0" : "2021,710,4,10632,\"1.0,1.0";
        var text = kind switch
        {
            "csv" => "year,exporter,importer,product,value\n2021,ZAF,\"AFG,1,1\n",
            "pajek" => "*vertices 1\n1 \"ZAF\"\n*arcs\n1 2\n",
            _ => string.Join('\n', lines) + "\n",
        };
        var body = fileName.EndsWith(".zip", StringComparison.Ordinal) ? Zip("BACI_HS92_Y2021_V202301.csv", text, bomb: fault == "bomb") : Encoding.UTF8.GetBytes(text);

        var refused = await analyst.PostAsync($"/api/trade/imports?kind={kind}&fileName={fileName}", new ByteArrayContent(body), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var content = await refused.Content.ReadAsStringAsync(Ct);
        var message = JsonDocument.Parse(content).RootElement.GetProperty("errors").GetProperty("file")[0].GetString();
        Assert.StartsWith(error, message, StringComparison.Ordinal);
        Assert.DoesNotContain(Path.GetTempPath(), content, StringComparison.Ordinal);
        Assert.DoesNotContain(app.Store.Options.DataDirectory, content, StringComparison.Ordinal);
        Assert.Equal(0, (await app.CreateClient().GetFromJsonAsync<JsonElement>("/api/trade/years", Ct)).GetArrayLength());
    }

    // The upload is saved under the name sent, in a folder of its own: a name that is a folder ("." and ".."), none, or one
    // with a NUL or a separator would be a path, not a name (and was a 500).
    [Theory]
    [InlineData("/api/trade/imports?kind=csv&fileName=", ".")]
    [InlineData("/api/trade/imports?kind=csv&fileName=", "..")]
    [InlineData("/api/trade/imports?kind=csv&fileName=", "%00")]
    [InlineData("/api/trade/imports?kind=csv&fileName=", "flows%00.csv")]
    [InlineData("/api/trade/imports?kind=csv&fileName=", "%2e%2e%2fflows.csv")]
    [InlineData("/api/trade/imports?kind=csv&fileName=", "..%5Cflows.csv")]
    [InlineData("/api/indices/indicators?fileName=", "")]
    [InlineData("/api/indices/indicators?fileName=", ".")]
    [InlineData("/api/indices/indicators?fileName=", "..")]
    [InlineData("/api/indices/indicators?fileName=", "%00")]
    public async Task A_file_name_that_is_not_one_plain_name_is_refused_naming_the_field(string address, string fileName)
    {
        await using var app = await LianboApp.StartAsync();
        var analyst = app.ClientFor(await app.CreateUserAsync(Roles.Analyst));

        var refused = await analyst.PostAsync(address + fileName, new StringContent("year,exporter,importer,product,value\n2021,CHN,USA,850760,1\n"), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var errors = JsonDocument.Parse(await refused.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty("fileName", out _), errors.ToString());
        Assert.Equal(0, (await app.CreateClient().GetFromJsonAsync<JsonElement>("/api/trade/years", Ct)).GetArrayLength());
    }

    private static byte[] Zip(string entry, string text, bool bomb)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var stream = zip.CreateEntry(entry).Open();
            stream.Write(Encoding.UTF8.GetBytes(text));
            // Then 64 MiB of zeros, which pack to some 64 KiB: the entry is refused before anything is unpacked.
            for (var i = 0; bomb && i < 64; i++)
            {
                stream.Write(new byte[1 << 20]);
            }
        }

        return buffer.ToArray();
    }
}
