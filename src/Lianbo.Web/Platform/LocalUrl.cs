namespace Lianbo.Web.Platform;

/// <summary>Return addresses that stay on this site, so that no link of ours can send people elsewhere.</summary>
public static class LocalUrl
{
    /// <summary>
    /// The address when it is a path on this site ("/x", not "//host" nor "/\host") without control characters (which no
    /// Location header may carry, and which the framework's local-redirect check refuses with an exception), else the fallback.
    /// </summary>
    public static string Or(string? url, string fallback) =>
        url is { Length: > 0 } && url[0] == '/' && (url.Length == 1 || url[1] is not ('/' or '\\')) && !url.Any(char.IsControl) ? url : fallback;
}
