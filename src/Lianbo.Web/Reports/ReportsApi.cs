using System.Security.Claims;
using Lianbo.Core;
using Lianbo.Core.Reports;
using Lianbo.Web.Accounts;
using Lianbo.Web.Platform;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lianbo.Web.Reports;

/// <summary>
/// The annual report (analysts and organisers): builds are queued and run by <see cref="ReportJobs"/>, polled for
/// their progress, downloaded and removed; and the scenario runs marked for a year's report (chapter 4).
/// </summary>
public static class ReportsApi
{
    /// <summary>The job that runs the builds (the builder itself: <see cref="ReportServices.AddLianboReports"/>).</summary>
    public static IServiceCollection AddLianboReportJobs(this IServiceCollection services)
    {
        services.AddSingleton<ReportJobs>();
        services.AddHostedService(sp => sp.GetRequiredService<ReportJobs>());
        services.AddHostedService<AbandonedReports>();
        return services;
    }

    public static void MapReportsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/reports").WithTags("Reports").RequireAuthorization(AccountsWeb.ApiAnalyst);
        api.MapPost("", Queue).RequireAuthorization(AccountsWeb.ApiAnalystWriter)
            .WithSummary("Queue a build of the annual report: {year, edition?, lang: zh|en, format: html|pdf}; 202 with the build's address, 429 when "
                + $"{ReportJobs.MaxQueued} builds are already waiting")
            .WithDescription("The edition is the expo's number; without one, the edition that starts in the year (if any). Poll GET /api/reports/{id} until its status is Done or Failed.");
        api.MapGet("", (ReportStore reports, int? page, int? pageSize, CancellationToken ct) => List(reports, page, pageSize, ct))
            .WithSummary("The builds, the newest first, with their status and progress (page, pageSize ≤ 200)");
        api.MapGet("/{id:guid}", Get).WithSummary("One build: its status (Queued, Running, Done, Failed), progress (0–100), the step it is at, and its error when it failed");
        api.MapGet("/{id:guid}/file", File)
            .WithSummary("A built report's file: the PDF of a PDF build, else the HTML; ?kind=html for the HTML of either (the preview)");
        api.MapDelete("/{id:guid}", async (Guid id, ReportStore reports, ClaimsPrincipal user, CancellationToken ct) =>
                (await reports.DeleteAsync(user.RequireViewer(), id, ct)).ToNoContent())
            .RequireAuthorization(AccountsWeb.ApiAnalystWriter).WithSummary("Remove a build with its files (the one who asked for it, or an organiser)");

        api.MapGet("/{year:int}/scenarios", async (int year, ReportStore reports, ClaimsPrincipal user, CancellationToken ct) =>
                TypedResults.Ok(await reports.MarksAsync(user.RequireViewer(), year, ct)))
            .WithSummary("The scenario runs marked for the year's report (chapter 4), in the order marked");
        api.MapPut("/{year:int}/scenarios/{runId}", async (int year, string runId, ReportStore reports, ClaimsPrincipal user, CancellationToken ct) =>
                (await reports.MarkAsync(user.RequireViewer(), year, runId, ct)).ToHttp())
            .RequireAuthorization(AccountsWeb.ApiAnalystWriter)
            .WithSummary("Mark a scenario run for the year's report, after those marked before; its scenario must be published (the report is public)");
        api.MapDelete("/{year:int}/scenarios/{runId}", async (int year, string runId, ReportStore reports, ClaimsPrincipal user, CancellationToken ct) =>
                (await reports.UnmarkAsync(user.RequireViewer(), year, runId, ct)).ToNoContent())
            .RequireAuthorization(AccountsWeb.ApiAnalystWriter).WithSummary("Take a scenario run out of the year's report");
    }

    /// <summary>
    /// The pages' own addresses, which sign in with the cookie: a download, and the stored HTML for the preview's
    /// sandboxed frame (served under its own Content-Security-Policy, <see cref="Security.ReportViewPolicy"/>).
    /// </summary>
    public static void MapReportPages(this IEndpointRouteBuilder app)
    {
        var pages = app.MapGroup("/reports").ExcludeFromDescription().RequireAuthorization(AccountsWeb.PageAnalyst);
        pages.MapGet("/{id:guid}/file", File);
        pages.MapGet("/{id:guid}/view", async Task<Results<FileContentHttpResult, ProblemHttpResult>> (Guid id, ReportStore reports, CancellationToken ct) =>
            await reports.FileAsync(id, "html", ct) is { } file
                ? TypedResults.File(file.Content, "text/html; charset=utf-8")
                : NotFound(id));
    }

    /// <summary>The build request's body; each field is checked by <see cref="ReportStore.CheckAsync"/>, which names it.</summary>
    public sealed record BuildRequest(int? Year, int? Edition, string? Lang, string? Format);

    private static async Task<Results<Accepted<BuiltReportDto>, ValidationProblem, ProblemHttpResult>> Queue(
        BuildRequest body, ReportStore reports, ReportJobs jobs, ClaimsPrincipal user, CancellationToken ct)
    {
        if (await jobs.QueueAsync(reports, user.RequireViewer(), body.Year, body.Edition, body.Lang, body.Format, ct) is not { } outcome)
        {
            return QueueFull();
        }

        return outcome.Kind switch
        {
            OutcomeKind.Ok => TypedResults.Accepted($"/api/reports/{outcome.Value!.Id}", outcome.Value),
            OutcomeKind.Invalid => TypedResults.ValidationProblem(outcome.Errors),
            _ => TypedResults.Problem(outcome.Detail, statusCode: StatusCodes.Status403Forbidden, title: Messages.Format("ForbiddenTitle")),
        };
    }

    /// <summary>429: the queue is full.</summary>
    public static ProblemHttpResult QueueFull() =>
        TypedResults.Problem(Messages.Format("ReportQueueFull", ReportJobs.MaxQueued), statusCode: StatusCodes.Status429TooManyRequests, title: Messages.Format("ReportQueueFullTitle"));

    private static async Task<Results<Ok<Page<BuiltReportDto>>, ValidationProblem>> List(ReportStore reports, int? page, int? pageSize, CancellationToken ct) =>
        PageRequest.Check(page, pageSize) is { Any: true } errors
            ? TypedResults.ValidationProblem(errors.ToDictionary())
            : TypedResults.Ok(await reports.ListAsync(page ?? 1, pageSize ?? PageRequest.DefaultSize, ct));

    private static async Task<Results<Ok<BuiltReportDto>, ProblemHttpResult>> Get(Guid id, ReportStore reports, CancellationToken ct) =>
        await reports.GetAsync(id, ct) is { } report ? TypedResults.Ok(report) : NotFound(id);

    private static async Task<Results<FileContentHttpResult, ValidationProblem, ProblemHttpResult>> File(Guid id, string? kind, ReportStore reports, CancellationToken ct)
    {
        if (kind is not (null or "html" or "pdf"))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["kind"] = [Messages.Format("ReportFileKindUnknown", Messages.Field("kind"), kind)] });
        }

        if (await reports.GetAsync(id, ct) is not { } report)
        {
            return NotFound(id);
        }

        if (await reports.FileAsync(id, kind, ct) is not { } file)
        {
            return TypedResults.Problem(Messages.Format("ReportFileMissing", id, kind ?? report.Format), statusCode: StatusCodes.Status404NotFound, title: Messages.Format("NotFoundTitle"));
        }

        return TypedResults.File(file.Content, file.Kind == "pdf" ? "application/pdf" : "text/html; charset=utf-8", report.FileName(file.Kind));
    }

    private static ProblemHttpResult NotFound(Guid id) =>
        TypedResults.Problem(Messages.Format("ReportNotFound", id), statusCode: StatusCodes.Status404NotFound, title: Messages.Format("NotFoundTitle"));
}
