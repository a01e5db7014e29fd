using System.Security.Claims;
using Lianbo.Core;
using Lianbo.Core.Accounts;
using Lianbo.Web.Accounts;
using Lianbo.Web.Expo;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lianbo.Web.Scenarios;

/// <summary>The download links of a run's permalink (and of the API): one table as CSV, or the whole run as an XLSX workbook.</summary>
public static class ScenarioRunFiles
{
    public static void MapScenarioRunFiles(this IEndpointRouteBuilder app) =>
        app.MapGet("/scenarios/runs/{runId}/export", (string runId, string? format, string? table, ClaimsPrincipal user, ScenarioRuns runs, CancellationToken ct) =>
            ExportAsync(user.ToViewer(), runId, format, table, runs, ct)).ExcludeFromDescription();

    /// <summary>The run's table <paramref name="table"/> (the first when none) as CSV, or every table as XLSX; 404 when the viewer may not see the run.</summary>
    public static async Task<Results<FileContentHttpResult, ProblemHttpResult, ValidationProblem>> ExportAsync(
        Viewer? viewer, string runId, string? format, string? table, ScenarioRuns runs, CancellationToken ct)
    {
        var kind = format?.ToLowerInvariant() ?? "csv";
        if (kind is not ("csv" or "xlsx"))
        {
            return ExhibitorImportApi.UnknownFormat(format);
        }

        if (runId.Length > 64 || await runs.LoadAsync(viewer, runId, ct) is not { } run)
        {
            return RunNotFound(runId);
        }

        // A table the run does not have (no engine 1 tables when only engine 2 ran) is refused the same way as an unknown one.
        var tables = ScenarioExport.Tables(run.Result).Select(t => t.Name).ToList();
        var name = string.IsNullOrEmpty(table) ? null : table.ToLowerInvariant();
        if (kind == "csv" && name is not null && !tables.Contains(name, StringComparer.Ordinal))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["table"] = [Messages.Format("ScenarioUnknownTable", table, string.Join(", ", tables))] });
        }

        var (fileName, contentType, bytes) = ScenarioExport.Write(run.Result, run.Id, kind, name);
        return TypedResults.File(bytes, contentType, fileName);
    }

    public static ProblemHttpResult RunNotFound(string runId) =>
        TypedResults.Problem(Messages.Format("ScenarioRunNotFound", runId), statusCode: StatusCodes.Status404NotFound, title: Messages.Format("NotFoundTitle"));
}
