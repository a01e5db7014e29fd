using System.Globalization;
using Lianbo.Core;
using System.Text.Json.Serialization;
using Lianbo.Core.Accounts;
using Lianbo.Web.Accounts;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Scalar.AspNetCore;

namespace Lianbo.Web.Platform;

/// <summary>Cross-cutting web concerns: languages, error bodies, the API reference.</summary>
public static class WebPlatform
{
    public static readonly CultureInfo[] Cultures = [new("zh-CN"), new("en")];

    public static IServiceCollection AddLianboLocalization(this IServiceCollection services)
    {
        services.AddLocalization(o => o.ResourcesPath = "Resources");
        return services.Configure<RequestLocalizationOptions>(o =>
        {
            o.DefaultRequestCulture = new RequestCulture("en");
            o.SupportedCultures = Cultures;
            o.SupportedUICultures = Cultures;
            o.FallBackToParentCultures = true;
            o.FallBackToParentUICultures = true;
            // The choice made with the language switch wins over the browser's Accept-Language.
            // A signed-in user's saved language comes first, then the language switch's cookie, then the browser.
            o.RequestCultureProviders =
            [
                new QueryStringRequestCultureProvider(),
                new CustomRequestCultureProvider(http => Task.FromResult(
                    http.User.FindFirst(Accounts.LianboClaimsFactory.CultureClaim)?.Value is { } saved ? new ProviderCultureResult(saved) : null)),
                new CookieRequestCultureProvider(),
                new CustomRequestCultureProvider(http => Task.FromResult(BrowserLanguage(http))),
            ];
        });
    }

    // The browser's first language Lianbo speaks: any Chinese (zh, zh-Hans, zh-TW, zh-HK, zh-SG, zh-Hans-SG…) is served
    // in 简体中文, the only Chinese there is, and any English in English. The framework's own provider would match zh-CN
    // exactly and send a zh-TW reader English. A language weighted q=0 is one the browser refuses.
    private static ProviderCultureResult? BrowserLanguage(HttpContext http)
    {
        foreach (var language in http.Request.GetTypedHeaders().AcceptLanguage.Where(l => l.Quality is not 0).OrderByDescending(l => l.Quality ?? 1))
        {
            var tag = language.Value.Value ?? "";
            if (tag.StartsWith("zh", StringComparison.OrdinalIgnoreCase))
            {
                return new ProviderCultureResult("zh-CN");
            }

            if (tag.StartsWith("en", StringComparison.OrdinalIgnoreCase))
            {
                return new ProviderCultureResult("en");
            }
        }

        return null;
    }

    /// <summary>
    /// The HTTP API's conventions: enums as strings, DataAnnotations validation, an OpenAPI document, limits on uploads,
    /// and a ProblemDetails body for every error (a malformed parameter or JSON member is named under <c>errors</c>).
    /// </summary>
    public static IServiceCollection AddLianboApi(this IServiceCollection services)
    {
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        services.AddValidation();
        services.AddOpenApi(o => o.AddLianboSecurity());
        services.AddProblemDetails(o => o.CustomizeProblemDetails = BadRequests.Describe);
        services.Configure<ExceptionHandlerOptions>(o => o.StatusCodeSelector = e => e switch
        {
            BadHttpRequestException bad => bad.StatusCode,
            _ when BadRequests.IsUnstorableText(e) => StatusCodes.Status400BadRequest,
            Lianbo.Trade.Store.TradeSnapshotMissingException => StatusCodes.Status503ServiceUnavailable,
            _ => StatusCodes.Status500InternalServerError,
        });
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        return services;
    }

    /// <summary>
    /// A browser that asks for a page that does not exist gets the Not Found page. The API, and anything that
    /// is not a GET, gets a ProblemDetails body for a bare error status (401, 403, 404, 405…) instead: re-running
    /// a POST against a page would turn it into a confusing 400.
    /// </summary>
    public static void UseLianboStatusPages(this WebApplication app)
    {
        app.UseStatusCodePagesWithReExecute("/not-found");
        app.Use(async (http, next) =>
        {
            if (!IsApi(http) && HttpMethods.IsGet(http.Request.Method))
            {
                await next(http);
                return;
            }

            http.Features.Get<IStatusCodePagesFeature>()?.Enabled = false;
            await next(http);
            var response = http.Response;
            // No body: none at all, or an empty one the public cache passed on (a bare 400 from a compiled endpoint).
            if (response.StatusCode >= 400 && !response.HasStarted && response.ContentLength is null or 0 && string.IsNullOrEmpty(response.ContentType))
            {
                response.ContentLength = null;
                await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = http,
                    ProblemDetails = { Status = response.StatusCode },
                });
            }
        });
    }

    /// <summary>
    /// A client that goes away cancels its request, and DuckDB answers a cancelled query with an "Interrupted!" error:
    /// that is a cancellation, not a server error to log.
    /// </summary>
    public static void UseAbortedQueries(this WebApplication app) =>
        app.Use(async (http, next) =>
        {
            try
            {
                await next(http);
            }
            catch (DuckDB.NET.Data.DuckDBException) when (http.RequestAborted.IsCancellationRequested)
            {
                throw new OperationCanceledException(http.RequestAborted);
            }
        });

    /// <summary>
    /// A form post whose antiforgery token failed: the compiled endpoints (the request delegate generator) read its form
    /// anyway and the framework throws, where the runtime factory answered 400. A 400 naming the cause, in the
    /// caller's language (so after the localization middleware).
    /// </summary>
    public static void UseAntiforgeryRefusal(this WebApplication app) =>
        app.Use(async (http, next) =>
        {
            try
            {
                await next(http);
            }
            catch (InvalidOperationException e) when (http.Features.Get<IAntiforgeryValidationFeature>() is { IsValid: false } && !http.Response.HasStarted)
            {
                throw new BadHttpRequestException(Messages.Format("AntiforgeryInvalid"), e);
            }
        });

    private static bool IsApi(HttpContext http) => http.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// An address under /api that matches no endpoint is a ProblemDetails 404, not the HTML page; one that an endpoint has
    /// for another method or content type is a 405 or 415 (see <see cref="BadRequests.NotTaken"/>). A plain
    /// <see cref="RequestDelegate"/>: the request delegate generator would map a handler delegate at <c>{*path:nonfile}</c>,
    /// whatever pattern it was given (ASP.NET Core 10.0).
    /// </summary>
    public static void MapApiFallback(this WebApplication app) =>
        app.MapFallback("/api/{**path}", http => (BadRequests.NotTaken(http) ??
            TypedResults.Problem(Messages.Format("NoSuchEndpoint", http.Request.Path.Value), statusCode: StatusCodes.Status404NotFound, title: Messages.Format("NotFoundTitle"))).ExecuteAsync(http))
            .ExcludeFromDescription();

    // The npm files copied beside the program (see the project file) and their content types; nothing else under lib/ is served.
    private static readonly Dictionary<string, string> BrowserLibraries = new(StringComparer.Ordinal)
    {
        ["echarts.min.js"] = "text/javascript; charset=utf-8",
        ["topojson-client.min.js"] = "text/javascript; charset=utf-8",
        ["countries-110m.json"] = "application/json",
    };

    /// <summary>The npm libraries copied beside the program (see the project file), at /lib/NAME.</summary>
    public static void MapBrowserLibraries(this WebApplication app) =>
        app.MapGet("/lib/{file}", (string file, HttpContext http) =>
        {
            if (!BrowserLibraries.TryGetValue(file, out var contentType))
            {
                return Results.NotFound();
            }

            http.Response.Headers.CacheControl = "public, max-age=86400";
            return Results.File(Path.Combine(AppContext.BaseDirectory, "lib", file), contentType);
        }).ExcludeFromDescription();

    /// <summary>A browsable API reference over the OpenAPI document, at /api-reference.</summary>
    public static void MapApiReference(this WebApplication app) =>
        app.MapScalarApiReference("/api-reference", o => o.WithTitle("Lianbo API").WithOpenApiRoutePattern("/openapi/{documentName}.json"));

    /// <summary>
    /// <c>POST /culture</c> (form fields <c>set</c>, <c>returnUrl</c>) remembers the language in a cookie for a year, and for a
    /// signed-in user also in the account, so it follows them to other browsers. Only a post changes it, so a link or an image
    /// on another site cannot: GET /culture (an old link to the former switch) only goes back to its return address.
    /// A signed-in user's post must carry the page's antiforgery token. A visitor's carries none (public pages are the same
    /// for every visitor, so they can be served from memory); a post the browser marks as coming from another site
    /// (<c>Sec-Fetch-Site: cross-site</c>, or an <c>Origin</c> that is not this host) is refused instead.
    /// </summary>
    public static void MapCultureSwitch(this WebApplication app)
    {
        app.MapGet("/culture", (string? returnUrl) => Results.LocalRedirect(LocalUrl.Or(returnUrl, "/"))).ExcludeFromDescription();
        app.MapPost("/culture", async ([FromForm] string set, [FromForm] string? returnUrl, HttpContext http) =>
        {
            if (!await IsSameSiteAsync(http))
            {
                return Results.Problem(Messages.Format("CrossSiteForm"), statusCode: StatusCodes.Status400BadRequest, title: Messages.Format("BadRequestTitle"));
            }

            var culture = Cultures.FirstOrDefault(c => string.Equals(c.Name, set, StringComparison.OrdinalIgnoreCase));
            if (culture is null)
            {
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["set"] = [Messages.Format("UnknownCulture", set)] });
            }

            http.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax, HttpOnly = true });
            if (http.User.ToViewer() is { } viewer)
            {
                await http.RequestServices.GetRequiredService<Core.Accounts.Accounts>().SetCultureAsync(viewer.UserId, culture.Name);
                var signIn = http.RequestServices.GetRequiredService<SignInManager<LianboUser>>();
                if (await signIn.UserManager.FindByIdAsync(viewer.UserId) is { } user)
                {
                    await signIn.RefreshSignInAsync(user);
                }
            }

            // Only local addresses, so the switch cannot be used to send people elsewhere.
            return Results.LocalRedirect(LocalUrl.Or(returnUrl, "/"));
        }).DisableAntiforgery().ExcludeFromDescription();
    }

    // A signed-in caller (or one who carries the sign-in cookie) proves it with the antiforgery token; a visitor's browser
    // says where the form was: browsers send Sec-Fetch-Site and Origin with every form post.
    private static async Task<bool> IsSameSiteAsync(HttpContext http)
    {
        if (NoStore.IsPrivateRequest(http))
        {
            return await http.RequestServices.GetRequiredService<Microsoft.AspNetCore.Antiforgery.IAntiforgery>().IsRequestValidAsync(http);
        }

        // Without either header (not a browser, or a very old one) there is no browser session to abuse.
        var site = http.Request.Headers["Sec-Fetch-Site"].ToString();
        if (site.Length > 0)
        {
            return site is "same-origin" or "none";
        }

        var origin = http.Request.Headers.Origin.ToString();
        return origin.Length == 0
            || Uri.TryCreate(origin, UriKind.Absolute, out var uri) && string.Equals(uri.Authority, http.Request.Host.Value, StringComparison.OrdinalIgnoreCase);
    }
}
