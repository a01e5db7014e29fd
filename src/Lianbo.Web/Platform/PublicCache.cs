using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using Lianbo.Core.Data;
using Lianbo.Trade.Store;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Net.Http.Headers;

namespace Lianbo.Web.Platform;

/// <summary>Marks an endpoint or page as a public read: answered from memory to anonymous callers, with an ETag, compressed.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class PublicReadAttribute : Attribute;

/// <summary>
/// Public reads (reference data, chains, editions and their statistics, the exhibitor directory, trade years and measures,
/// indices, the edition's page) served from memory. For anonymous callers only (a signed-in caller's answer may hold what
/// only they may see, and is never stored), per address, query and language. Every answer carries a weak ETag and
/// <c>Cache-Control: public, no-cache</c> (a browser or proxy keeps it but asks again each time, and an unchanged answer is a
/// 304 without a body), and is compressed (Brotli or gzip) when the client accepts it.
/// Never stale after a write: a write to a table a public read reads (seen by <see cref="TableWrites"/>) or to the trade
/// store drops every stored answer once committed, and an answer computed while a write was committing is not stored.
/// Another web node's writes on the same PostgreSQL reach it through <see cref="ClusterWrites"/>; the command line's do not.
/// </summary>
public static class PublicCache
{
    public const string PolicyName = "public";
    internal const string Tag = "public";

    public static IServiceCollection AddLianboPublicCache(this IServiceCollection services)
    {
        services.AddSingleton<PublicCacheInvalidation>();
        services.AddOutputCache(o =>
        {
            o.SizeLimit = 256L << 20;
            o.MaximumBodySize = 16 << 20;
            // Dropped on every write anyway; the hour only bounds what an unused address keeps.
            o.DefaultExpirationTimeSpan = TimeSpan.FromHours(1);
            o.AddPolicy(PolicyName, b => b.Tag(Tag).SetVaryByQuery("*").SetVaryByHeader(HeaderNames.AcceptEncoding)
                .VaryByValue(_ => new KeyValuePair<string, string>("culture", CultureInfo.CurrentUICulture.Name)));
        });
        services.AddResponseCompression(o =>
        {
            // Only public reads are compressed (see UseLianboPublicCache): no secret of the caller's is in them to guess at.
            o.EnableForHttps = true;
            o.Providers.Add<BrotliCompressionProvider>();
            o.Providers.Add<GzipCompressionProvider>();
            o.MimeTypes = [.. ResponseCompressionDefaults.MimeTypes, "application/problem+json"];
        });
        services.Configure<BrotliCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        services.Configure<GzipCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        return services;
    }

    /// <summary>After authentication and localisation (the answer depends on both): the cache, then compression and the ETag on a miss.</summary>
    public static void UseLianboPublicCache(this WebApplication app)
    {
        var invalidation = app.Services.GetRequiredService<PublicCacheInvalidation>();
        app.UseOutputCache();
        app.Use(async (http, next) =>
        {
            // An answer computed while a write was committing may hold the old data: it is sent, not stored.
            var generation = invalidation.Generation;
            await next(http);
            if (invalidation.Generation != generation && http.Features.Get<IOutputCacheFeature>() is { } feature)
            {
                feature.Context.AllowCacheStorage = false;
            }
        });
        app.UseWhen(IsPublicRead, branch =>
        {
            branch.UseResponseCompression();
            branch.Use(WithETagAsync);
        });
    }

    /// <summary>Marks the endpoint a public read and caches it.</summary>
    public static TBuilder PublicRead<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new PublicReadAttribute()).CacheOutput(PolicyName);

    private static bool IsPublicRead(HttpContext http) =>
        (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method))
        && http.GetEndpoint()?.Metadata.GetMetadata<PublicReadAttribute>() is not null
        && !NoStore.IsPrivateRequest(http);

    // The answer is buffered to hash it: public reads are small (a page, a JSON list of at most the page size).
    private static async Task WithETagAsync(HttpContext http, RequestDelegate next)
    {
        var body = http.Response.Body;
        using var buffer = new MemoryStream();
        http.Response.Body = buffer;
        try
        {
            await next(http);
        }
        finally
        {
            http.Response.Body = body;
        }

        if (http.Response.StatusCode == StatusCodes.Status200OK)
        {
            var tag = new EntityTagHeaderValue($"\"{Convert.ToHexStringLower(SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length))[..16])}\"", isWeak: true);
            http.Response.Headers.ETag = tag.ToString();
            http.Response.Headers.CacheControl = "public, no-cache";
            if (http.Request.GetTypedHeaders().IfNoneMatch.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Compare(tag, useStrongComparison: false)))
            {
                http.Response.StatusCode = StatusCodes.Status304NotModified;
                return;
            }
        }

        http.Response.ContentLength = buffer.Length;
        buffer.Position = 0;
        await buffer.CopyToAsync(body, http.RequestAborted);
    }
}

/// <summary>
/// Drops every stored public answer after a committed write to a table public reads read, or to the trade store; counts
/// the drops (and the commits under way) so that an answer computed across one is not stored.
/// </summary>
public sealed class PublicCacheInvalidation
{
    /// <summary>What no public read reads: accounts, tokens, sign-in failures, the audit log, meetings and their requests, schedules, reports, runs.</summary>
    private static readonly HashSet<string> PrivateTables = new(StringComparer.OrdinalIgnoreCase)
    {
        "ApiTokens", "AspNetRoleClaims", "AspNetRoles", "AspNetUserClaims", "AspNetUserLogins", "AspNetUserRoles", "AspNetUserTokens",
        "AspNetUsers", "AuditEntries", "BuiltReportFiles", "BuiltReports", "CalendarFeeds", "ConsentRecords", "ContactGrants",
        "DataProtectionKeys", "DraftEntries", "EditionSchedules", "Invitations", "MatchProfiles", "MeetingRequests", "MeetingTables",
        "Meetings", "NeedSuppliers", "Notices", "OrganisationMarks", "ProcurementNeeds", "ProposedSlots", "ReportScenarioMarks",
        "ScenarioRuns", "ScheduleDrafts", "SignInFailures", "SlotHolds", "Scenarios", "ScenarioVersions",
    };

    private readonly IOutputCacheStore _store;
    private readonly ILogger<PublicCacheInvalidation> _log;
    private long _generation;

    public PublicCacheInvalidation(IOutputCacheStore store, TradeStore trade, TableWrites tables, ILogger<PublicCacheInvalidation> log)
    {
        (_store, _log) = (store, log);
        trade.Changed += () => _ = InvalidateAsync();
        tables.Committing += written =>
        {
            if (WritesPublicData(written))
            {
                Interlocked.Increment(ref _generation);
            }
        };
        tables.Committed += written =>
        {
            if (WritesPublicData(written))
            {
                _ = InvalidateAsync();
            }
        };
    }

    public long Generation => Interlocked.Read(ref _generation);

    /// <summary>Whether a public read reads one of these tables.</summary>
    internal static bool WritesPublicData(IEnumerable<string> tables) => tables.Any(t => !PrivateTables.Contains(t));

    public async Task InvalidateAsync()
    {
        Interlocked.Increment(ref _generation);
        try
        {
            await _store.EvictByTagAsync(PublicCache.Tag, CancellationToken.None);
        }
        catch (Exception e)
        {
            _log.LogError(e, "The public cache could not be cleared");
        }
    }
}
