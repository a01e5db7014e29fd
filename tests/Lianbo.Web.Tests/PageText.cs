using System.Net;
using System.Text.RegularExpressions;

namespace Lianbo.Web.Tests;

/// <summary>A page as a reader sees its words: tags out, entities decoded, runs of white space as one space.</summary>
public static partial class PageText
{
    public static string Of(string html) => Spaces().Replace(WebUtility.HtmlDecode(Tags().Replace(html, " ")), " ");

    /// <summary>GETs a page, asserts 200 and returns its words.</summary>
    public static async Task<string> GetAsync(HttpClient client, string path, CancellationToken ct)
    {
        var response = await client.GetAsync(path, ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return Of(await response.Content.ReadAsStringAsync(ct));
    }

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tags();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
