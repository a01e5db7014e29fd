using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lianbo.Core.Chains;

namespace Lianbo.Web.Tests.Chains;

public class ChainsApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task The_shipped_chains_are_served_as_they_are_in_their_files(string provider)
    {
        await using var app = await LianboApp.StartAsync(provider);
        var client = app.CreateClient();
        var file = ChainFiles.Read(Path.Combine(AppContext.BaseDirectory, "chains", "smart-vehicles.json"));

        var list = await client.GetFromJsonAsync<List<JsonElement>>("/api/chains", Ct);
        var chain = await client.GetFromJsonAsync<JsonElement>("/api/chains/smart-vehicles", Ct);

        Assert.Equal(["advanced-manufacturing", "smart-vehicles", "green-agriculture", "clean-energy", "digital-technology", "healthy-life", "supply-chain-services"],
            list!.Select(c => c.GetProperty("id").GetString()));
        Assert.Equal(file.Stages.Select(s => s.Id), chain.GetProperty("stages").EnumerateArray().Select(s => s.GetProperty("id").GetString()));
        Assert.Equal(file.Stages.SelectMany(s => s.Products ?? []).Select(p => p.Hs2022).Order(StringComparer.Ordinal),
            chain.GetProperty("stages").EnumerateArray().SelectMany(s => s.TryGetProperty("products", out var p) && p.ValueKind == JsonValueKind.Array ? p.EnumerateArray() : []).Select(p => p.GetProperty("hs2022").GetString()!).Order(StringComparer.Ordinal));
        Assert.Equal(file.Edges.Count, chain.GetProperty("edges").GetArrayLength());
        Assert.Equal(file.Stages.Count, list!.Single(c => c.GetProperty("id").GetString() == "smart-vehicles").GetProperty("stages").GetInt32());
    }

    [Fact]
    public async Task A_product_shows_the_chain_stages_that_use_it()
    {
        await using var app = await LianboApp.StartAsync();
        var client = app.CreateClient();

        var cells = await client.GetFromJsonAsync<List<JsonElement>>("/api/hs/850760/chains", Ct);
        var bad = await client.GetAsync("/api/hs/85x/chains", Ct);
        var missing = await client.GetAsync("/api/chains/no-such-chain", Ct);

        Assert.Contains(cells!, p => p.GetProperty("chainId").GetString() == "smart-vehicles" && p.GetProperty("hs2022").GetString() == "850760");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }
}
