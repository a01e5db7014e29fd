using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lianbo.Core.Accounts;
using Lianbo.Trade.Store;
using Lianbo.Trade.Tests.Import;
using Lianbo.Web.Tests.Accounts;
using Microsoft.Extensions.DependencyInjection;

namespace Lianbo.Web.Tests.Trade;

/// <summary>A running app whose trade store holds a year of BACI, a network and an indicator, and an analyst to import with.</summary>
public sealed class SeededTradeApp : IAsyncLifetime
{
    private static readonly string Samples = Path.Combine(AppContext.BaseDirectory, "samples");

    public LianboApp App { get; private set; } = null!;

    public HttpClient Analyst { get; private set; } = null!;

    public string TradeStorePath => App.Services.GetRequiredService<TradeStore>().Path;

    public async ValueTask InitializeAsync()
    {
        App = await LianboApp.StartAsync();
        Analyst = App.ClientFor(await App.CreateUserAsync(Roles.Analyst));
        var baci = string.Join('\n', File.ReadLines(Path.Combine(Samples, "baci-hs92-2021-zaf-afg.csv")).Take(501)) + "\n";
        (await Analyst.PostAsync("/api/trade/imports?kind=baci&fileName=BACI_HS92_Y2021_V202301.csv", new StringContent(baci))).EnsureSuccessStatusCode();
        using var network = new StreamContent(File.OpenRead(Path.Combine(Samples, "comtrade-1985-countries.net")));
        (await Analyst.PostAsync("/api/trade/imports?kind=pajek&fileName=comtrade-1985-countries.net", network)).EnsureSuccessStatusCode();
        (await Analyst.PostAsync("/api/indices/indicators?fileName=lpi.csv", new StringContent("country,year,indicator,value,source\nCHN,2021,wb.lpi,3.7,WB\n"))).EnsureSuccessStatusCode();
    }

    public async ValueTask DisposeAsync()
    {
        Analyst.Dispose();
        await App.DisposeAsync();
    }
}

/// <summary>
/// The standing campaign of issue 18 through the API: every file of the malformed corpus is a 400 whose problem names the
/// file as sent, the line and the column (also as the problem's <c>line</c> and <c>field</c>), never a 500, a stack trace or
/// a folder of the server; and the trade store stays row for row as it was.
/// </summary>
public sealed class MalformedImportApiTests(SeededTradeApp seeded) : IClassFixture<SeededTradeApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(MalformedFiles.Cases), MemberType = typeof(MalformedFiles))]
    public async Task Each_malformed_file_is_a_400_naming_file_line_and_column_and_changes_nothing(string name)
    {
        var malformed = MalformedFiles.Get(name);
        var before = await MalformedFiles.FingerprintAsync(seeded.TradeStorePath, Ct);
        using var body = new StreamContent(File.OpenRead(malformed.Path));

        var response = await seeded.Analyst.PostAsync(malformed.Kind == "indicators"
            ? $"/api/indices/indicators?fileName={malformed.Name}"
            : $"/api/trade/imports?kind={malformed.Kind}&fileName={malformed.Name}", body, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var content = await response.Content.ReadAsStringAsync(Ct);
        var problem = JsonDocument.Parse(content).RootElement;
        Assert.StartsWith(malformed.Start + malformed.Problem, problem.GetProperty("errors").GetProperty("file")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(malformed.Line, problem.GetProperty("line").ValueKind == JsonValueKind.Null ? null : problem.GetProperty("line").GetInt64());
        Assert.Equal(malformed.Field, problem.GetProperty("field").GetString());
        Assert.Equal(malformed.Shown ?? malformed.Name, problem.GetProperty("file").GetString());
        Assert.DoesNotContain(Path.GetTempPath(), content, StringComparison.Ordinal);
        Assert.Equal(before, await MalformedFiles.FingerprintAsync(seeded.TradeStorePath, Ct));
    }

    // A network with self-loops is imported without them, and the answer says how many and which.
    [Fact]
    public async Task A_network_with_self_loops_is_imported_and_the_answer_lists_them()
    {
        const string network = "*Vertices 3\n1 \"CHN\"\n2 \"DEU\"\n3 \"USA\"\n*Arcs\n1 1 5\n1 2 1.5\n2 3 4\n3 3 2\n";

        var response = await seeded.Analyst.PostAsync("/api/trade/imports?kind=pajek&fileName=loops-1999.net", new StringContent(network), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var dataset = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct))[0];
        Assert.Equal(2, dataset.GetProperty("rows").GetInt64());
        var notes = dataset.GetProperty("notes").EnumerateArray().Select(n => (n.GetProperty("kind").GetString(), n.GetProperty("line").ToString(), n.GetProperty("text").GetString())).ToList();
        Assert.Equal(
            [("self-loops", "", "2 self-loops dropped: a country's trade with itself is not trade between countries"),
             ("self-loop", "6", "self-loop CHN → CHN (weight 5) dropped"), ("self-loop", "9", "self-loop USA → USA (weight 2) dropped")],
            notes);
    }
}
