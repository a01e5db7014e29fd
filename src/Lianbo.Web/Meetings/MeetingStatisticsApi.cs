using System.Security.Claims;
using Lianbo.Core;
using Lianbo.Core.Expo;
using Lianbo.Core.Meetings;
using Lianbo.Web.Accounts;
using Lianbo.Web.Expo;
using Lianbo.Web.Platform;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lianbo.Web.Meetings;

/// <summary>
/// Organisers' figures of the meeting workflow at an edition and their downloads: over the API (tokens), and as links
/// for the analytics page (the sign-in cookie).
/// </summary>
public static class MeetingStatisticsApi
{
    public static void MapMeetingStatisticsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/editions/{id:guid}/meetings").WithTags("Meetings").RequireAuthorization(AccountsWeb.ApiOrganiser);
        api.MapGet("/statistics", async (Guid id, ClaimsPrincipal user, MeetingStatistics statistics, CancellationToken ct) =>
                (await statistics.ComputeAsync(user.RequireViewer(), id, ct)).ToHttp())
            .WithSummary("Organisers: the edition's meeting requests by status and priority, acceptance rates, median time to answer, meetings per zone and per exhibitor, and the pairs the expo aims at (large ↔ SME, foreign ↔ domestic, research ↔ industry)")
            .WithDescription("Agreed = accepted at some point (a meeting cancelled later included); answered = agreed or declined; the acceptance rate is agreed / answered. Meetings are the requests that stand accepted.");
        api.MapGet("/export", (Guid id, string? format, string? table, ClaimsPrincipal user, MeetingStatistics statistics, CancellationToken ct) =>
                ExportAsync(id, format, table, user, statistics, ct))
            .WithSummary("Organisers: the figures as CSV (?table=exhibitors|summary|zones, exhibitors by default) or as an XLSX workbook with all three (?format=csv|xlsx), headers in the request's language");

        // The same files for the page's links, which sign in with the cookie, not a token.
        var pages = app.MapGroup("/expo").ExcludeFromDescription().RequireAuthorization(AccountsWeb.PageOrganiser);
        pages.MapGet("/{number:int}/meetings.{format}", async (int number, string format, string? table, ClaimsPrincipal user, ExpoQueries queries, MeetingStatistics statistics, CancellationToken ct) =>
            await ExportAsync(await queries.EditionIdAsync(number, ct) ?? Guid.Empty, format, table, user, statistics, ct));
    }

    private static async Task<Results<FileContentHttpResult, ValidationProblem, ProblemHttpResult>> ExportAsync(
        Guid id, string? format, string? table, ClaimsPrincipal user, MeetingStatistics statistics, CancellationToken ct)
    {
        if (ExhibitorImportApi.Format(format) is not { } kind)
        {
            return ExhibitorImportApi.UnknownFormat(format);
        }

        if (Table(table) is not { } which)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["table"] = [Messages.Format("MeetingStatsUnknownTable", table)] });
        }

        return (await statistics.ExportAsync(user.RequireViewer(), id, kind, which, ct)).ToFile(ExhibitorImportApi.Download);
    }

    private static MeetingStatisticsTable? Table(string? table) => table?.ToLowerInvariant() switch
    {
        null or "" or "exhibitors" => MeetingStatisticsTable.Exhibitors,
        "summary" => MeetingStatisticsTable.Summary,
        "zones" => MeetingStatisticsTable.Zones,
        _ => null,
    };
}
