namespace Lianbo.Cli.Tests;

/// <summary><c>lianbo serve</c> as a real process: where it listens, and what a first start says.</summary>
public sealed class ServeProcessTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task ASPNETCORE_URLS_is_honoured_and_the_first_start_says_what_it_does()
    {
        await using var store = await CliStore.CreateAsync();
        var port = ChildLianbo.FreePort();

        await using var serve = ChildLianbo.Start(
            ["serve", "--data-dir", store.DataDirectory, "--set", "Lianbo:LoadDemoOnFreshStore=false"],
            new Dictionary<string, string> { ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}" });

        Assert.True(await serve.AnswersAsync($"http://127.0.0.1:{port}/healthz", "Healthy", Bound), serve.Output);
        Assert.Contains("Preparing the platform store", serve.Output, StringComparison.Ordinal);
        Assert.Contains("Loading the reference data", serve.Output, StringComparison.Ordinal);
        // The open data, so that /indices shows both indices on real data from the first start.
        Assert.Contains("Open data loaded: 36813 indicator values, 188830 trade flows in 14 years, 2 indices built", serve.Output, StringComparison.Ordinal);
        using var http = new HttpClient();
        Assert.Contains("Published by the CCPIT", await http.GetStringAsync($"http://127.0.0.1:{port}/indices?id=promotion", TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Contains($"Now listening on: http://127.0.0.1:{port}", serve.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("5080", serve.Output, StringComparison.Ordinal);
    }
}
