using Lianbo.Web.Accounts;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Lianbo.Web.Platform;

/// <summary>
/// <c>Cache-Control: no-store</c> on every answer that may hold personal data or a secret, so that no browser, proxy or
/// shared cache keeps a copy for the next person at that computer or behind that proxy: answers to a signed-in caller
/// (cookie or token), to any request that carries the sign-in cookie or a token, answers that set the sign-in
/// cookie, and the calendar feed, whose address is its secret. An endpoint that sets its own Cache-Control keeps it.
/// </summary>
public static class NoStore
{
    public static void UseLianboNoStore(this WebApplication app) =>
        app.Use(async (http, next) =>
        {
            // Decided when the answer starts: by then authentication has run and the endpoint has set its own headers.
            http.Response.OnStarting(() =>
            {
                if (StringValues.IsNullOrEmpty(http.Response.Headers.CacheControl) && IsPrivate(http))
                {
                    http.Response.Headers.CacheControl = "no-store";
                }

                return Task.CompletedTask;
            });
            await next(http);
        });

    /// <summary>A signed-in caller, or a request that carries the sign-in cookie or a token.</summary>
    internal static bool IsPrivateRequest(HttpContext http) =>
        http.User.Identity?.IsAuthenticated == true
        || http.Request.Headers.ContainsKey(HeaderNames.Authorization)
        // The cookie may come in chunks (lianbo.authC1, …).
        || http.Request.Cookies.Keys.Any(name => name.StartsWith(AccountsWeb.AuthCookie, StringComparison.Ordinal));

    private static bool IsPrivate(HttpContext http) =>
        IsPrivateRequest(http)
        || http.Response.Headers.SetCookie.Any(cookie => cookie?.StartsWith(AccountsWeb.AuthCookie, StringComparison.Ordinal) == true)
        || IsCalendarFeed(http.Request.Path);

    private static bool IsCalendarFeed(PathString path) =>
        path.StartsWithSegments("/api/meetings", StringComparison.OrdinalIgnoreCase) && path.Value!.EndsWith(".ics", StringComparison.OrdinalIgnoreCase);
}
