using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lianbo.Core.Chains;
using Lianbo.Web.Tests.Accounts;

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

    [Fact]
    public async Task The_shipped_chains_have_no_warnings_and_a_chain_that_misses_UNSDs_conversion_has_one_per_code()
    {
        await using var app = await LianboApp.StartAsync();
        var client = app.CreateClient();
        var organiser = app.ClientFor(await app.CreateUserAsync(Lianbo.Core.Accounts.Roles.Organiser));
        // Hybrids as petrol cars by cylinder capacity: UNSD converts them (directly and through HS 2017) to 870390. The
        // scrap stage lists both codes UNSD converts battery and electronic waste to, so it gives no warning.
        var chain = ChainEditApiTests.Recycling("hybrids");
        chain = chain with
        {
            Stages =
            [
                chain.Stages[0] with { Products = [new ProductDefinition("870340", ["870321", "870322"], "Hybrid petrol cars.")] },
                chain.Stages[1] with { Products = [new ProductDefinition("8549", ["382390", "854211"], "Electrical and electronic waste.")] },
                .. chain.Stages.Skip(2),
            ],
        };
        var put = await organiser.PutAsync("/api/chains/hybrids", new StringContent(ChainFiles.Write(chain), System.Text.Encoding.UTF8, "application/json"), Ct);

        var shipped = await Task.WhenAll(new[] { "smart-vehicles", "green-agriculture", "digital-technology" }.Select(id => client.GetFromJsonAsync<List<JsonElement>>($"/api/chains/{id}/warnings", Ct)));
        var warnings = await client.GetFromJsonAsync<List<JsonElement>>("/api/chains/hybrids/warnings", Ct);
        var missing = await client.GetAsync("/api/chains/no-such-chain/warnings", Ct);

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.All(shipped, list => Assert.Empty(list!));
        var warning = Assert.Single(warnings!);
        Assert.Equal(("missing-conversion", "stages[0].products[0].hs1992", "870340"),
            (warning.GetProperty("kind").GetString(), warning.GetProperty("field").GetString(), warning.GetProperty("hs2022").GetString()));
        Assert.Contains("870390", warning.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }
}
