using System.ComponentModel.DataAnnotations;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Lianbo.Core;
using Lianbo.Core.Files;
using Lianbo.Trade.Import;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Lianbo.Web.Platform;

/// <summary>
/// The "Lianbo:Uploads" section: how large each kind of upload may be, and what a zip or a workbook in one may unpack to.
/// Every size is in bytes; none may be under 1 KiB, where not even a header and a row fit.
/// </summary>
public sealed class UploadOptions
{
    public const string Section = "Lianbo:Uploads";

    private const long KiB = 1L << 10;
    private const long MiB = 1L << 20;
    private const long GiB = 1L << 30;

    /// <summary>Trade imports (BACI, Pajek, CSV): CEPII's whole HS92 release zipped (every year, about 2.3 GB) with room to grow; one year's CSV is 250–300 MB.</summary>
    [Range(KiB, 1L << 40)]
    public long TradeBytes { get; set; } = 4 * GiB;

    /// <summary>Indicator CSVs: 250 countries × 30 years × 50 indicators is about 20 MB.</summary>
    [Range(KiB, GiB)]
    public long IndicatorBytes { get; set; } = 32 * MiB;

    /// <summary>Chain files: the shipped chains are 11–14 KB each, all of them in one array under 100 KB.</summary>
    [Range(KiB, GiB)]
    public long ChainBytes { get; set; } = 4 * MiB;

    /// <summary>Exhibitor tables (CSV or XLSX): a list of a few thousand rows is well under this.</summary>
    [Range(KiB, GiB)]
    public long TableBytes { get; set; } = 10 * MiB;

    /// <summary>Entries of a zip (a BACI release has about 35; a workbook a dozen parts).</summary>
    [Range(1, 1_000_000)]
    public int ArchiveEntries { get; set; } = 1_000;

    /// <summary>What one zip entry may unpack to: several times BACI's largest year.</summary>
    [Range(KiB, 1L << 40)]
    public long ArchiveEntryBytes { get; set; } = 2 * GiB;

    /// <summary>What a zip's entries may unpack to together: three times a whole BACI release (about 9 GB).</summary>
    [Range(KiB, 1L << 42)]
    public long ArchiveTotalBytes { get; set; } = 32 * GiB;

    /// <summary>Unpacked bytes per packed byte of an entry: CSVs and worksheets pack 4–10:1; only padding packs past 100:1.</summary>
    [Range(2, 100_000)]
    public int ArchiveRatio { get; set; } = 100;

    /// <summary>Rows of an uploaded sheet: the 2nd CISCE had 620 exhibitors.</summary>
    [Range(1, 10_000_000)]
    public int SheetRows { get; set; } = 50_000;

    /// <summary>Cells of an uploaded sheet, counting the empty ones between filled ones: the rows above in 20 columns.</summary>
    [Range(1, 100_000_000)]
    public int SheetCells { get; set; } = 1_000_000;

    /// <summary>Characters of text in an uploaded sheet, shared strings included: 100 MB of memory at most.</summary>
    [Range(1_000, 1_000_000_000)]
    public long SheetTextChars { get; set; } = 50_000_000;

    public ArchiveLimits ToArchiveLimits() => new(ArchiveEntries, ArchiveEntryBytes, ArchiveTotalBytes, ArchiveRatio);

    public XlsxLimits ToXlsxLimits() => new(SheetRows, SheetCells, SheetTextChars, ArchiveEntries, ArchiveRatio);
}

/// <summary>
/// Request bodies within <see cref="UploadOptions"/>. The limit is enforced here, counting the bytes as they are read, and
/// not left to the server: Kestrel's default (30 MB for every request) would refuse a BACI release, and neither the
/// test server nor a chunked body without a length would stop at any limit.
/// </summary>
public static class Uploads
{
    public static IServiceCollection AddLianboUploads(this IServiceCollection services)
    {
        services.AddOptions<UploadOptions>().BindConfiguration(UploadOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        // The pages' uploads are multipart forms, which the framework reads whole (for the antiforgery check) before a page
        // runs: there the form reader's limit holds, set to the largest a page takes; each page then checks its own kind.
        services.AddOptions<FormOptions>().Configure<IOptions<UploadOptions>>((form, uploads) =>
            form.MultipartBodyLengthLimit = Math.Max(uploads.Value.TableBytes, uploads.Value.ChainBytes));
        return services;
    }

    /// <summary>
    /// A page's form larger than any page takes is refused with 413 and the limit named, before the framework reads it
    /// whole for the antiforgery check (which would only say 400). Forms without a length still meet the reader's limit.
    /// </summary>
    public static void UsePageUploadLimit(this WebApplication app) =>
        app.Use(async (http, next) =>
        {
            var uploads = http.RequestServices.GetRequiredService<IOptions<UploadOptions>>().Value;
            var limit = Math.Max(uploads.TableBytes, uploads.ChainBytes);
            if (http.Request.HasFormContentType && http.Request.ContentLength > limit && !http.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
            {
                await TooLarge(limit).ExecuteAsync(http);
                return;
            }

            await next(http);
        });

    /// <summary>
    /// A name an uploaded file may be saved under, in a folder of its own: one name, not a path ("." and ".." are folders,
    /// "\" and ":" are separators elsewhere), no control characters (a NUL ends a path), at most 200 characters.
    /// </summary>
    public static bool IsPlainFileName([NotNullWhen(true)] string? name) =>
        !string.IsNullOrWhiteSpace(name) && name.Length <= 200 && name is not ("." or "..") && Path.GetFileName(name) == name
        && !name.Any(c => char.IsControl(c) || c is '\\' or ':');

    /// <summary>
    /// Copies the request body to <paramref name="destination"/> unless it is larger than <paramref name="limit"/>: refused
    /// at once when its Content-Length says so, else when the bytes read pass the limit. False when refused.
    /// </summary>
    public static async Task<bool> TryCopyBodyAsync(HttpRequest request, Stream destination, long limit, CancellationToken ct)
    {
        if (request.ContentLength > limit)
        {
            return false;
        }

        // The server's own limit follows, so that Kestrel stops a larger body too, and lets a BACI release through.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } server)
        {
            server.MaxRequestBodySize = limit;
        }

        var buffer = new byte[81920];
        long total = 0;
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(buffer, ct)) > 0)
            {
                total += read;
                if (total > limit)
                {
                    return false;
                }

                await destination.WriteAsync(buffer.AsMemory(0, read), ct);
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return false;
        }

        return true;
    }

    /// <summary>The request body in memory, or null when it is larger than <paramref name="limit"/>; for the small kinds.</summary>
    public static async Task<byte[]?> ReadBodyAsync(HttpRequest request, long limit, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        return await TryCopyBodyAsync(request, buffer, limit, ct) ? buffer.ToArray() : null;
    }

    /// <summary>A file of a page's form in memory, or null when it is larger than <paramref name="limit"/>.</summary>
    public static async Task<byte[]?> ReadFileAsync(IFormFile file, long limit, CancellationToken ct)
    {
        if (file.Length > limit)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        await using (var upload = file.OpenReadStream())
        {
            await upload.CopyToAsync(buffer, ct);
        }

        return buffer.ToArray();
    }

    /// <summary>What a refused upload is told, naming the limit: "the file is larger than 10 MB, the most this upload takes".</summary>
    public static string TooLargeMessage(long limit) => Messages.Format("UploadTooLarge", Size(limit), limit);

    /// <summary>413 with a ProblemDetails body naming the limit.</summary>
    public static ProblemHttpResult TooLarge(long limit) =>
        TypedResults.Problem(TooLargeMessage(limit), statusCode: StatusCodes.Status413PayloadTooLarge, title: Messages.Format("UploadTooLargeTitle"));

    // Binary units labelled as such (10 MiB = 10,485,760 bytes; the message gives the bytes too); else in bytes.
    private static string Size(long bytes) => bytes switch
    {
        >= 1L << 30 when bytes % (1L << 30) == 0 => string.Create(CultureInfo.CurrentCulture, $"{bytes >> 30:N0} GiB"),
        >= 1L << 20 when bytes % (1L << 20) == 0 => string.Create(CultureInfo.CurrentCulture, $"{bytes >> 20:N0} MiB"),
        >= 1L << 10 when bytes % (1L << 10) == 0 => string.Create(CultureInfo.CurrentCulture, $"{bytes >> 10:N0} KiB"),
        _ => string.Create(CultureInfo.CurrentCulture, $"{bytes:N0} B"),
    };
}
