using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Lianbo.Core.Accounts;
using Lianbo.Trade.InputOutput;
using Lianbo.Web.InputOutput;
using Lianbo.Web.Tests.Accounts;
using Microsoft.Extensions.DependencyInjection;

namespace Lianbo.Web.Tests.InputOutput;

/// <summary>An analyst sends an OECD ICIO year through the API: stored and analysed, or refused with its line and nothing stored.</summary>
public sealed class IoImportApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // Two economies × two industries of the ICIO 2023 layout, balanced: each row's uses equal its OUT.
    private static string Icio(string? badCell = null)
    {
        var text = new StringBuilder();
        text.AppendLine(",AUS_A01_02,AUS_C26,CHN_A01_02,CHN_C26,AUS_HFCE,AUS_INVNT,CHN_HFCE,CHN_INVNT,OUT");
        text.AppendLine($"AUS_A01_02,10,5,3,1,{badCell ?? "60"},1,19,1,100");
        text.AppendLine("AUS_C26,2,20,4,6,30,-2,40,0,100");
        text.AppendLine("CHN_A01_02,8,2,50,30,10,0,98,2,200");
        text.AppendLine("CHN_C26,4,10,20,100,6,0,160,0,300");
        text.AppendLine("TLS,1,1,2,3,,,,,");
        text.AppendLine("VA,75,62,121,160,,,,,");
        text.AppendLine("OUT,100,100,200,300,,,,,");
        return text.ToString();
    }

    [Fact]
    public async Task An_icio_year_is_stored_analysed_and_refused_with_its_line_when_a_cell_is_bad()
    {
        await using var app = await LianboApp.StartAsync();
        var analyst = app.ClientFor(await app.CreateUserAsync(Roles.Analyst));

        var response = await analyst.PostAsync("/api/io/imports?format=icio&fileName=2018.csv", new StringContent(Icio()), Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var info = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(2018, info.GetProperty("key").GetProperty("year").GetInt32());
        Assert.Equal("2018.csv", info.GetProperty("fileName").GetString());
        var source = info.GetProperty("key").GetProperty("source").GetString();
        var release = info.GetProperty("key").GetProperty("release").GetString();

        var profile = await analyst.GetFromJsonAsync<JsonElement>($"/api/io/{source}/{release}/2018/countries/AUS", Ct);
        // Australia's exports: intermediate sales to China's columns plus China's final use of Australian goods.
        Assert.Equal(3 + 1 + 19 + 1 + 4 + 6 + 40 + 0, profile.GetProperty("grossExports").GetDouble(), 9);

        // A bad number on line 2: refused with the line and the column, and the stored year unchanged.
        response = await analyst.PostAsync("/api/io/imports?format=icio&fileName=2018.csv", new StringContent(Icio("6o")), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(2, problem.GetProperty("line").GetInt32());
        Assert.Equal("AUS_HFCE", problem.GetProperty("field").GetString());
        var stored = await app.Services.GetRequiredService<IoService>().Store.LoadAsync(new IoKey(source!, release!, 2018), Ct);
        Assert.Equal(60 + 1, stored!.FinalDemand[0]);

        // Neither an unknown format nor a participant gets through.
        response = await analyst.PostAsync("/api/io/imports?format=xlsb&fileName=t.xlsb", new StringContent("x"), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").TryGetProperty("format", out _));
        var participant = app.ClientFor(await app.CreateUserAsync(Roles.Participant));
        Assert.Equal(HttpStatusCode.Forbidden, (await participant.PostAsync("/api/io/imports?format=icio&fileName=2018.csv", new StringContent(Icio()), Ct)).StatusCode);
    }
}
