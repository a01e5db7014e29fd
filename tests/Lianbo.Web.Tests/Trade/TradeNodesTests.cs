using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lianbo.Core.Accounts;
using Lianbo.Web.Tests.Accounts;

namespace Lianbo.Web.Tests.Trade;

/// <summary>
/// Two web nodes on one state directory, one the trade store's writer and one a reader (Lianbo:Trade:Role): the reader answers
/// from the writer's snapshots while the writer imports, sees a new year without a restart, and sends imports to the writer.
/// </summary>
public sealed class TradeNodesTests
{
    // A bounded wait for a broken build, not a timing: the reader looks for a newer snapshot every second.
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    private static readonly Dictionary<string, string> Writer = new() { ["Lianbo:Trade:Role"] = "writer" };
    private static readonly Dictionary<string, string> Reader = new() { ["Lianbo:Trade:Role"] = "reader" };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_reader_node_answers_while_the_writer_node_imports_and_shows_the_new_year_without_a_restart()
    {
        await using var writer = await LianboApp.StartAsync(settings: Writer);
        await TradeSamples.ImportBaci2021Async(writer, Ct);
        await using var reader = writer.Restarted(Reader);
        var client = reader.CreateClient();
        Assert.Equal([2021], await UntilAsync(() => YearsAsync(client), years => years.Contains(2021)));

        // The real BACI rows again as 2020, sent to the writer's import endpoint while the reader is asked again and again.
        var file = Path.Combine(writer.Store.Directory, "BACI_HS92_Y2020_V202301.csv");
        await File.WriteAllLinesAsync(file, File.ReadLines(TradeSamples.Baci2021).Select((l, i) => i == 0 ? l : "2020" + l[4..]), Ct);
        var import = TradeSamples.ImportAsync(writer, file, Path.GetFileName(file), Ct);
        var failures = new List<string>();
        var answers = 0;
        do
        {
            foreach (var path in new[] { "/api/trade/years", "/api/trade/2021/countries/ZAF", "/healthz" })
            {
                var response = await client.GetAsync(path, Ct);
                if (response.StatusCode != HttpStatusCode.OK || (path == "/healthz" && await response.Content.ReadAsStringAsync(Ct) != "Healthy"))
                {
                    failures.Add($"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
                }

                answers++;
            }
        }
        while (!import.IsCompleted);
        await import;

        Assert.Empty(failures);
        Assert.True(answers > 0);
        Assert.Equal([2021, 2020], await UntilAsync(() => YearsAsync(client), years => years.Contains(2020)));
        Assert.Empty(reader.ServerErrors);
    }

    [Fact]
    public async Task The_reader_node_refuses_imports_and_builds_in_the_callers_language()
    {
        await using var writer = await LianboApp.StartAsync(settings: Writer);
        await using var reader = writer.Restarted(Reader);
        var analyst = reader.ClientFor(await reader.CreateUserAsync(Roles.Analyst));

        using var body = new StreamContent(File.OpenRead(TradeSamples.Baci2021));
        var import = await analyst.PostAsync("/api/trade/imports?kind=baci&fileName=BACI_HS92_Y2021_V202301.csv", body, Ct);
        var build = await analyst.PostAsync("/api/indices/build", null, Ct);
        analyst.DefaultRequestHeaders.Add("Cookie", ".AspNetCore.Culture=c%3Dzh-CN%7Cuic%3Dzh-CN");
        var chinese = await analyst.PostAsync("/api/indices/build", null, Ct);

        Assert.Equal((HttpStatusCode.Conflict, HttpStatusCode.Conflict, HttpStatusCode.Conflict), (import.StatusCode, build.StatusCode, chinese.StatusCode));
        var problem = await import.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("This node only reads trade data", problem.GetProperty("title").GetString());
        Assert.Equal("This node reads the trade store; imports and builds run on the writer node. Send this request to the writer node.", problem.GetProperty("detail").GetString());
        Assert.Equal("本节点只读取贸易数据", (await chinese.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("title").GetString());
        Assert.Empty(await YearsAsync(writer.CreateClient()));
    }

    [Fact]
    public async Task A_reader_node_before_the_first_snapshot_says_so_and_stays_in_the_balancer()
    {
        await using var reader = await LianboApp.StartAsync(settings: Reader);
        var client = reader.CreateClient();

        var years = await client.GetAsync("/api/trade/years", Ct);
        var health = await client.GetAsync("/healthz", Ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, years.StatusCode);
        var problem = await years.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("No trade data on this node yet", problem.GetProperty("title").GetString());
        Assert.Contains("start the writer node (Lianbo:Trade:Role = writer)", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.OK, "Degraded"), (health.StatusCode, await health.Content.ReadAsStringAsync(Ct)));
    }

    private static async Task<List<int>> YearsAsync(HttpClient client) =>
        [.. (await client.GetFromJsonAsync<JsonElement>("/api/trade/years", Ct)).EnumerateArray().Select(y => y.GetProperty("year").GetInt32())];

    private static async Task<T> UntilAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        var until = DateTime.UtcNow + Bound;
        var value = await read();
        while (!done(value) && DateTime.UtcNow < until)
        {
            await Task.Delay(100, Ct);
            value = await read();
        }

        return value;
    }
}
