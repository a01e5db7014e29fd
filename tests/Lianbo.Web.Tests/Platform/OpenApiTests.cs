using System.Text.Json;

namespace Lianbo.Web.Tests.Platform;

public class OpenApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_document_declares_the_bearer_token_and_marks_exactly_the_operations_that_need_it()
    {
        await using var app = await LianboApp.StartAsync();

        using var document = JsonDocument.Parse(await app.CreateClient().GetStringAsync("/openapi/v1.json", Ct));

        var scheme = document.RootElement.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer");
        Assert.Equal("http", scheme.GetProperty("type").GetString());
        Assert.Equal("bearer", scheme.GetProperty("scheme").GetString());
        var paths = document.RootElement.GetProperty("paths");
        Assert.True(NeedsToken(paths, "/api/me", "get"));
        Assert.True(NeedsToken(paths, "/api/trade/imports", "post"));
        Assert.False(NeedsToken(paths, "/api/countries", "get"));
        Assert.False(NeedsToken(paths, "/api/chains", "get"));
    }

    private static bool NeedsToken(JsonElement paths, string path, string method) =>
        paths.GetProperty(path).GetProperty(method).TryGetProperty("security", out var security)
        && security.EnumerateArray().Any(requirement => requirement.TryGetProperty("bearer", out _));
}
