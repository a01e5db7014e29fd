using System.Net;
using System.Net.Http.Json;
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
}
