using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Lianbo.Core;
using Lianbo.Core.Data;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.RateLimiting;

namespace Lianbo.Web.Platform;

/// <summary>
/// The "Lianbo:RateLimits" section: requests per minute per client address, for each guarded kind of request. Each web
/// node counts its own in memory, so N nodes allow up to N times these (docs/operator.md, "Rate limits and lock-outs on
/// several nodes"); the sign-in lock-out (SignInThrottle) is counted in the platform store instead.
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "Lianbo:RateLimits";

    public int LoginPerMinute { get; set; } = 10;
    public int RegisterPerMinute { get; set; } = 5;
    public int TokenPerMinute { get; set; } = 10;
    public int SearchPerMinute { get; set; } = 120;

    /// <summary>Scenario runs (the API's and the page's run buttons): one can keep a core busy for seconds.</summary>
    public int ScenarioRunsPerMinute { get; set; } = 6;
}

/// <summary>
/// The "Lianbo:Proxy" section: the reverse proxies (addresses or networks) whose <c>X-Forwarded-For</c> and
/// <c>X-Forwarded-Proto</c> are believed. None by default: then those headers are ignored, since any client can send them.
/// </summary>
public sealed class ProxyOptions
{
    public const string Section = "Lianbo:Proxy";

    public string[] KnownProxies { get; set; } = [];

    /// <summary>In CIDR notation, e.g. <c>10.0.0.0/8</c>.</summary>
    public string[] KnownNetworks { get; set; } = [];

    public bool Any => KnownProxies.Length > 0 || KnownNetworks.Length > 0;
}

/// <summary>Rate limits on the guessable and costly requests, forwarded headers from known proxies, and the security headers of every response.</summary>
public static class Security
{
    public static IServiceCollection AddLianboSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddLianboProxies(configuration);
        var limits = configuration.GetSection(RateLimitOptions.Section).Get<RateLimitOptions>() ?? new RateLimitOptions();
        services.AddRateLimiter(o =>
        {
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http => Kind(http) switch
            {
                { } kind => RateLimitPartition.GetFixedWindowLimiter($"{kind}:{http.Connection.RemoteIpAddress}", _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = kind switch
                    {
                        "login" => limits.LoginPerMinute, "register" => limits.RegisterPerMinute, "token" => limits.TokenPerMinute,
                        "scenario-run" => limits.ScenarioRunsPerMinute, _ => limits.SearchPerMinute,
                    },
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                }),
                null => RateLimitPartition.GetNoLimiter(""),
            });
            o.OnRejected = async (context, ct) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? (int)Math.Ceiling(wait.TotalSeconds) : 60;
                var http = context.HttpContext;
                http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                http.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
                await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = http,
                    ProblemDetails = { Status = StatusCodes.Status429TooManyRequests, Title = Messages.Format("TooManyRequestsTitle"), Detail = Messages.Format("TooManyRequests", retryAfter) },
                });
            };
        });
        return services;
    }

    // Behind a TLS proxy the scheme (so cookies are Secure and HSTS is sent) and the client address (so rate
    // limits and lock-outs count per client, not per proxy) come from the proxy's headers, from the known proxies only.
    private static void AddLianboProxies(this IServiceCollection services, IConfiguration configuration)
    {
        var proxies = configuration.GetSection(ProxyOptions.Section).Get<ProxyOptions>() ?? new ProxyOptions();
        services.AddSingleton(proxies);
        // Read now, so that a malformed entry stops the start with the setting's name.
        var addresses = proxies.KnownProxies.Select(a => IPAddress.TryParse(a, out var ip) ? ip
            : throw new ConfigurationException($"{ProxyOptions.Section}:{nameof(ProxyOptions.KnownProxies)}", Messages.Format("BadProxyAddress", a))).ToList();
        var networks = proxies.KnownNetworks.Select(n => System.Net.IPNetwork.TryParse(n, out var network) ? network
            : throw new ConfigurationException($"{ProxyOptions.Section}:{nameof(ProxyOptions.KnownNetworks)}", Messages.Format("BadProxyNetwork", n))).ToList();
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // The defaults trust loopback; only what the operator names is trusted here.
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            addresses.ForEach(o.KnownProxies.Add);
            networks.ForEach(o.KnownIPNetworks.Add);
        });
    }

    // Which guarded kind a request is: posting a sign-in or registration form, creating a token, running a scenario, searching.
    private static string? Kind(HttpContext http)
    {
        var path = http.Request.Path;
        var post = HttpMethods.IsPost(http.Request.Method);
        if (post && (path.StartsWithSegments("/account/login", StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments("/account/login-2fa", StringComparison.OrdinalIgnoreCase)))
        {
            return "login";
        }

        if (post && (path.StartsWithSegments("/account/register", StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments("/account/forgot", StringComparison.OrdinalIgnoreCase)))
        {
            return "register";
        }

        if (post && (path.StartsWithSegments("/api/me/tokens", StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments("/account/tokens", StringComparison.OrdinalIgnoreCase)))
        {
            return "token";
        }

        if (post && IsScenarioRun(http.Request))
        {
            return "scenario-run";
        }

        return http.Request.Query.ContainsKey("search") || http.Request.Query.ContainsKey("q") ? "search" : null;
    }

    /// <summary>
    /// A POST that runs a scenario: the API's run endpoints, and the scenario page's run buttons, which post to
    /// <c>/scenarios?run</c> (the page runs nothing posted elsewhere, so that its editing buttons are not counted).
    /// </summary>
    public static bool IsScenarioRun(HttpRequest request)
    {
        var path = request.Path;
        if (path.StartsWithSegments("/api/scenario-runs", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (path.StartsWithSegments("/api/scenarios", StringComparison.OrdinalIgnoreCase, out var rest))
        {
            var segments = rest.Value?.Split('/', StringSplitOptions.RemoveEmptyEntries) ?? [];
            return segments is [_, var last] && string.Equals(last, "run", StringComparison.OrdinalIgnoreCase);
        }

        return path.Equals("/scenarios", StringComparison.OrdinalIgnoreCase) && request.Query.ContainsKey("run");
    }

    /// <summary>
    /// What a built report's HTML is served under, on <c>/reports/{id}/view</c> alone: the preview page frames it (same
    /// origin only), sandboxed, with nothing but its own inline styles and data: images and fonts; no script runs.
    /// </summary>
    public const string ReportViewPolicy = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; frame-ancestors 'self'";

    // "/reports/{guid}/view" and nothing else.
    private static bool IsReportView(PathString path) =>
        path.StartsWithSegments("/reports", StringComparison.OrdinalIgnoreCase, out var rest)
        && rest.Value?.Split('/', StringSplitOptions.RemoveEmptyEntries) is [var id, var view]
        && Guid.TryParse(id, out _) && string.Equals(view, "view", StringComparison.OrdinalIgnoreCase)
        && !rest.Value.EndsWith('/');

    /// <summary>
    /// Content-Security-Policy (own origin only; inline styles for Blazor's, inline scripts only on the API
    /// reference page, which needs them), no framing, no MIME sniffing, and HSTS outside development.
    /// </summary>
    public static void UseLianboSecurityHeaders(this WebApplication app)
    {
        if (app.Services.GetRequiredService<ProxyOptions>().Any)
        {
            app.UseForwardedHeaders();
        }

        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }

        app.Use(async (http, next) =>
        {
            var headers = http.Response.Headers;
            var apiReference = http.Request.Path.StartsWithSegments("/api-reference", StringComparison.OrdinalIgnoreCase);
            var reportView = IsReportView(http.Request.Path);
            headers.ContentSecurityPolicy = reportView ? ReportViewPolicy : "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
                + (apiReference ? "script-src 'self' 'unsafe-inline'; font-src 'self' data:; " : "script-src 'self'; ")
                + "frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = reportView ? "SAMEORIGIN" : "DENY";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            await next(http);
        });
    }
}
