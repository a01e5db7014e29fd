using System.Security.Claims;
using Lianbo.Core;
using Lianbo.Core.Accounts;
using Lianbo.Core.Data;
using Lianbo.Core.Expo;
using Lianbo.Web.Accounts;
using Lianbo.Web.Platform;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Lianbo.Web.Expo;

/// <summary>
/// Organisers import an edition's exhibitors and organisations from the template and export them in it: over the API
/// (tokens), and as downloads for the import page (the sign-in cookie).
/// </summary>
public static class ExhibitorImportApi
{
    public static void MapExhibitorImportApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Expo");
        api.MapPost("/editions/{id:guid}/exhibitors/import", Import).RequireAuthorization(AccountsWeb.ApiOrganiserWriter)
            .WithSummary("Import organisations and the edition's exhibitors from the template, sent as the request body (?format=csv|xlsx); all or nothing");
        api.MapGet("/editions/{id:guid}/exhibitors/export", async (Guid id, string? format, ClaimsPrincipal user, LianboDbContext db, AuditLog audit, TimeProvider clock, CancellationToken ct) =>
                await ExportAsync(id, format, user, new ExhibitorImport(db, audit, clock), ct))
            .RequireAuthorization(AccountsWeb.ApiOrganiser).WithSummary("The edition's exhibitors and the partners they bring, in the import template (?format=csv|xlsx)");
        api.MapGet("/exhibitor-template", Template).RequireAuthorization(AccountsWeb.ApiOrganiser)
            .WithSummary("The empty import template (?format=csv|xlsx); the XLSX has a second sheet describing the columns");

        // The same files for links on the import page, which signs in with the cookie, not a token.
        var pages = app.MapGroup("/expo").ExcludeFromDescription().RequireAuthorization(AccountsWeb.PageOrganiser);
        pages.MapGet("/{number:int}/exhibitors.{format}", async (int number, string format, ClaimsPrincipal user, LianboDbContext db, AuditLog audit, TimeProvider clock, CancellationToken ct) =>
            await ExportAsync(await db.Editions.Where(e => e.Number == number).Select(e => e.Id).FirstOrDefaultAsync(ct), format, user, new ExhibitorImport(db, audit, clock), ct));
        pages.MapGet("/exhibitor-template.{format}", Template);
    }

    /// <summary>csv or xlsx (any case); null for anything else.</summary>
    public static ExhibitorFileFormat? Format(string? format) => format?.ToLowerInvariant() switch
    {
        "csv" => ExhibitorFileFormat.Csv,
        "xlsx" => ExhibitorFileFormat.Xlsx,
        _ => null,
    };

    /// <summary>The report's errors keyed by where they are ("line 3, booths"), the shape of a ProblemDetails <c>errors</c> member.</summary>
    public static Dictionary<string, string[]> ErrorsByPlace(ExhibitorImportReport report) =>
        report.Errors.GroupBy(e => (e.Line, e.Column) switch
            {
                ({ } line, { } column) => $"line {line}, {column}",
                ({ } line, null) => $"line {line}",
                (null, { } column) => column,
                _ => "file",
            })
            .ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray(), StringComparer.Ordinal);

    /// <summary>
    /// The file is the request body. A refused file answers 400 with every error keyed by line and column, and the
    /// whole report (with <c>errors</c> as a list of line, column, message) as the <c>report</c> member.
    /// </summary>
    private static async Task<Results<Ok<ExhibitorImportReport>, ValidationProblem, ProblemHttpResult>> Import(
        Guid id, string? format, HttpContext http, ClaimsPrincipal user, LianboDbContext db, AuditLog audit, TimeProvider clock, IOptions<UploadOptions> uploads, CancellationToken ct)
    {
        if (Format(format) is not { } kind)
        {
            return UnknownFormat(format);
        }

        if (await Uploads.ReadBodyAsync(http.Request, uploads.Value.TableBytes, ct) is not { } file)
        {
            return Uploads.TooLarge(uploads.Value.TableBytes);
        }

        var outcome = await new ExhibitorImport(db, audit, clock, uploads.Value.ToXlsxLimits()).ImportAsync(user.RequireViewer(), id, file, kind, ct);
        if (outcome.Value is { Stored: false } report)
        {
            return TypedResults.ValidationProblem(ErrorsByPlace(report), Messages.Format("ImportRefused", report.Errors.Count),
                extensions: new Dictionary<string, object?> { ["report"] = report });
        }

        return outcome.ToHttp();
    }

    private static async Task<Results<FileContentHttpResult, ValidationProblem, ProblemHttpResult>> ExportAsync(
        Guid id, string? format, ClaimsPrincipal user, ExhibitorImport exhibitors, CancellationToken ct) =>
        Format(format) is { } kind
            ? (await exhibitors.ExportAsync(user.RequireViewer(), id, kind, ct)).ToFile(Download)
            : UnknownFormat(format);

    private static Results<FileContentHttpResult, ValidationProblem, ProblemHttpResult> Template(string? format) =>
        Format(format) is { } kind ? Download(ExhibitorTemplate.Empty(kind)) : UnknownFormat(format);

    public static FileContentHttpResult Download(ExhibitorFile file) => TypedResults.File(file.Content, file.ContentType, file.FileName);

    public static ValidationProblem UnknownFormat(string? format) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["format"] = [Messages.Format("ImportUnknownFormat", format)] });
}
