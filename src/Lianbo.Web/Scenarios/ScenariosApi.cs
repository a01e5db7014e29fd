using System.Security.Claims;
using System.Text.Json;
using Lianbo.Core;
using Lianbo.Core.Scenarios;
using Lianbo.Web.Accounts;
using Lianbo.Web.Platform;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Lianbo.Web.Scenarios;

/// <summary>
/// Scenarios ("what if"): presets and published ones are everyone's to read, an unpublished one its owner's; analysts
/// and organisers create them, their owner or an organiser changes, publishes and removes them; presets are read-only.
/// Runs are kept by id for their permalinks.
/// </summary>
public static class ScenariosApi
{
    public static IServiceCollection AddLianboScenarios(this IServiceCollection services) =>
        services.AddSingleton(new ScenarioGravityYears(ScenarioRunner.GravityYears));

    public static void MapScenariosApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Scenarios");
        api.MapGet("/scenarios", List)
            .WithSummary($"The scenarios the caller may see: the presets, the published ones and the caller's own; presets first, then by English name ({Paged})");
        api.MapGet("/scenarios/{id}", GetScenario).Produces<ScenarioDefinition>(contentType: "application/json")
            .WithSummary("One scenario as a file in the shipped format (data/scenarios, scenario.schema.json)");
        api.MapGet("/scenarios/{id}/versions", Versions).WithSummary($"The versions of a scenario, the newest first ({Paged})");
        api.MapGet("/scenarios/{id}/runs", Runs).WithSummary($"The stored runs of a scenario, the newest first, without their results ({Paged})");
        api.MapGet("/scenario-runs/{runId}", GetRun).Produces(StatusCodes.Status200OK, contentType: "application/json")
            .WithSummary("The result of one run (the run's permalink), in the shape POST returns it in")
            .WithDescription("A run of a stored scenario is seen by whoever sees the scenario; a run of an unsaved definition by whoever holds its id.");
        api.MapGet("/scenario-runs/{runId}/export", async (string runId, string? format, string? table, HttpContext http, ScenarioRuns runs, CancellationToken ct) =>
                await ScenarioRunFiles.ExportAsync(await ViewerAsync(http), runId, format, table, runs, ct))
            .WithSummary("One table of a run as CSV (format=csv, table=importers|products|stages|flows|gravity|about; the first when none), or every table as an XLSX workbook (format=xlsx)");

        // Runs take seconds of CPU: they are rate-limited per client address (Lianbo:RateLimits:ScenarioRunsPerMinute).
        api.MapPost("/scenarios/{id}/run", RunStored)
            .WithSummary("Run a stored scenario the caller may see; the run is kept for its permalink")
            .WithDescription($"Anyone may run (a token adds the caller's own scenarios); without a token at most {ScenarioRuns.AnonymousDraws} Monte Carlo draws.");
        api.MapPost("/scenario-runs", RunDefinition).Accepts<ScenarioDefinition>("application/json")
            .WithSummary("Run a scenario file sent as the body without saving it; the run is kept, and read by whoever holds its id")
            .WithDescription("A definition that fails a check gets 400 with every problem keyed by its field as a path into the JSON (`shocks[1].products[0]`); nothing runs then. "
                + $"Without a token at most {ScenarioRuns.AnonymousDraws} Monte Carlo draws.");

        api.MapPost("/scenarios", Create).RequireAuthorization(AccountsWeb.ApiAnalystWriter).Accepts<ScenarioDefinition>("application/json")
            .WithSummary("Create a scenario from a scenario file sent as the body; it is the caller's and unpublished (analysts and organisers)")
            .WithDescription("A definition that fails a check gets 400 with every problem keyed by its field as a path into the JSON (`shocks[1].products[0]`); a body that is not a scenario file names the line. Nothing is stored then.");
        api.MapPut("/scenarios/{id}", Update).RequireAuthorization(AccountsWeb.ApiAnalystWriter).Accepts<ScenarioDefinition>("application/json")
            .WithSummary("Store a new version of a scenario; the body is a scenario file with a version string the scenario never had (its owner or an organiser; presets are read-only)");
        api.MapPut("/scenarios/{id}/published", async (string id, PublishRequest body, ScenarioStore scenarios, ClaimsPrincipal user, CancellationToken ct) =>
                (await scenarios.PublishAsync(user.RequireViewer(), id, body.Published, ct)).ToHttp())
            .RequireAuthorization(AccountsWeb.ApiAnalystWriter).WithSummary("Show a scenario to everyone, or to its owner alone again (its owner or an organiser)");
        api.MapDelete("/scenarios/{id}", async (string id, ScenarioStore scenarios, ClaimsPrincipal user, CancellationToken ct) =>
                (await scenarios.DeleteAsync(user.RequireViewer(), id, ct)).ToNoContent())
            .RequireAuthorization(AccountsWeb.ApiAnalystWriter).WithSummary("Remove a scenario with its versions and runs (its owner or an organiser; presets stay)");
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> GetScenario(string id, HttpContext http, ScenarioStore scenarios, CancellationToken ct) =>
        await scenarios.GetAsync(await ViewerAsync(http), id, ct) is { } scenario
            ? TypedResults.Content(ScenarioFiles.Write(scenario.Definition) + "\n", "application/json")
            : NotFound(id);

    private const string Paged = "page from 1, pageSize 1–200, default 50";

    private static async Task<Results<Ok<Page<ScenarioSummaryDto>>, ValidationProblem>> List(int? page, int? pageSize, HttpContext http, ScenarioStore scenarios, CancellationToken ct)
    {
        var errors = PageRequest.Check(page, pageSize);
        return errors.Any
            ? TypedResults.ValidationProblem(errors.ToDictionary())
            : TypedResults.Ok(await scenarios.ListAsync(await ViewerAsync(http), page ?? 1, pageSize ?? PageRequest.DefaultSize, ct));
    }

    private static async Task<Results<Ok<Page<ScenarioVersionDto>>, ValidationProblem, ProblemHttpResult>> Versions(
        string id, int? page, int? pageSize, HttpContext http, ScenarioStore scenarios, CancellationToken ct)
    {
        var errors = PageRequest.Check(page, pageSize);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        return await scenarios.VersionsAsync(await ViewerAsync(http), id, page ?? 1, pageSize ?? PageRequest.DefaultSize, ct) is { } versions ? TypedResults.Ok(versions) : NotFound(id);
    }

    private static async Task<Results<Ok<Page<ScenarioRunSummaryDto>>, ValidationProblem, ProblemHttpResult>> Runs(
        string id, int? page, int? pageSize, HttpContext http, ScenarioStore scenarios, CancellationToken ct)
    {
        var errors = PageRequest.Check(page, pageSize);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        return await scenarios.ListRunsAsync(await ViewerAsync(http), id, page ?? 1, pageSize ?? PageRequest.DefaultSize, ct) is { } runs ? TypedResults.Ok(runs) : NotFound(id);
    }

    // Read back through the runner's own (de)serialiser, so a stored run is served in the shape a new run is returned in.
    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> GetRun(string runId, HttpContext http, ScenarioRuns runs, CancellationToken ct) =>
        await runs.LoadAsync(await ViewerAsync(http), runId, ct) is { } run
            ? TypedResults.Content(ScenarioRuns.Serialize(run.Result), "application/json")
            : ScenarioRunFiles.RunNotFound(runId);

    private static async Task<Results<Created<ScenarioRunCreated>, ValidationProblem, ProblemHttpResult>> RunStored(
        string id, HttpContext http, ScenarioRuns runs, CancellationToken ct) =>
        (await runs.RunStoredAsync(await ViewerAsync(http), id, ct: ct)).Map(ScenarioRunCreated.Of).ToCreated(r => $"/api/scenario-runs/{r.Id}");

    private static async Task<Results<Created<ScenarioRunCreated>, ValidationProblem, ProblemHttpResult>> RunDefinition(
        HttpContext http, ScenarioRuns runs, IOptions<UploadOptions> uploads, CancellationToken ct)
    {
        if (await Uploads.ReadBodyAsync(http.Request, uploads.Value.ChainBytes, ct) is not { } body)
        {
            return Uploads.TooLarge(uploads.Value.ChainBytes);
        }

        var read = ScenarioStore.ReadFile(body, "request.json");
        if (!read.IsValid)
        {
            return TypedResults.ValidationProblem(read.Errors);
        }

        return (await runs.RunDefinitionAsync(await ViewerAsync(http), read.Value!, ct: ct)).Map(ScenarioRunCreated.Of).ToCreated(r => $"/api/scenario-runs/{r.Id}");
    }

    // The body is read as a scenario file (unknown fields refused, the line and field of a mistake named), not bound by
    // the framework, so that the API accepts exactly what the files and the CLI accept. Scenario files are smaller
    // than chain files and share their limit.
    private static async Task<Results<Created<ScenarioSummaryDto>, ValidationProblem, ProblemHttpResult>> Create(
        HttpRequest request, ScenarioStore scenarios, ClaimsPrincipal user, IOptions<UploadOptions> uploads, CancellationToken ct) =>
        await Uploads.ReadBodyAsync(request, uploads.Value.ChainBytes, ct) is { } body
            ? (await scenarios.CreateFileAsync(user.RequireViewer(), body, "request.json", ct)).Map(s => s.Summary).ToCreated(s => $"/api/scenarios/{s.Id}")
            : Uploads.TooLarge(uploads.Value.ChainBytes);

    private static async Task<Results<Ok<ScenarioSummaryDto>, ValidationProblem, ProblemHttpResult>> Update(
        string id, HttpRequest request, ScenarioStore scenarios, ClaimsPrincipal user, IOptions<UploadOptions> uploads, CancellationToken ct) =>
        await Uploads.ReadBodyAsync(request, uploads.Value.ChainBytes, ct) is { } body
            ? (await scenarios.UpdateFileAsync(user.RequireViewer(), id, body, ct)).Map(s => s.Summary).ToHttp()
            : Uploads.TooLarge(uploads.Value.ChainBytes);

    // Reading is public: a token, when one is sent, adds the caller's own unpublished scenarios.
    private static async Task<Core.Accounts.Viewer?> ViewerAsync(HttpContext http) =>
        (await http.AuthenticateAsync(ApiTokenAuthenticationHandler.SchemeName)).Principal?.ToViewer();

    private static ProblemHttpResult NotFound(string id) =>
        TypedResults.Problem(Messages.Format("ScenarioNotFound", id), statusCode: StatusCodes.Status404NotFound, title: Messages.Format("NotFoundTitle"));
}

/// <summary>A run just made: its id, its permalink page and its result (as <c>GET /api/scenario-runs/{id}</c> serves it).</summary>
public sealed record ScenarioRunCreated(string Id, string Url, JsonElement Result)
{
    public static ScenarioRunCreated Of(LoadedRun run) => new(run.Id, $"/scenarios/runs/{run.Id}", JsonSerializer.SerializeToElement(run.Result, ScenarioRuns.Json));
}

/// <summary>Whether everyone sees the scenario.</summary>
public sealed record PublishRequest(bool Published);
