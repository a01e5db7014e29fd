using Lianbo.Web.Platform;
using System.ComponentModel.DataAnnotations;
using Lianbo.Core;
using Lianbo.Core.Expo;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lianbo.Web.Expo;

/// <summary>The public side of the expo: editions, their statistics, the exhibitor directory and exhibitor pages.</summary>
public static class ExpoApi
{
    public const int MaxPageSize = 200;

    public static RouteGroupBuilder MapExpoApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Expo").PublicRead();
        api.MapGet("/editions", (ExpoQueries q, CancellationToken ct) => q.EditionsAsync(ct)).WithSummary("The editions, newest first");
        api.MapGet("/editions/{id:guid}", GetEdition).WithSummary("One edition: dates, venue, floor area, supporters, zones and halls");
        api.MapGet("/editions/{id:guid}/statistics", Statistics)
            .WithSummary("The edition's figures computed from its rows, with the previous edition's for comparison")
            .WithDescription("Foreign = not from the Chinese mainland (Hong Kong, Macao, Taiwan and international organisations count as foreign). Shares are 0–1. Europe and the Americas are UN M49 regions 150 and 019; Belt and Road partners are the country group BRI.");
        api.MapGet("/editions/{id:guid}/exhibitors", Exhibitors).WithSummary("The exhibitor directory: search names, products and zones; filter by chain, country, region, size, launches");
        api.MapGet("/exhibitors/{id:guid}", GetExhibitor).WithSummary("One exhibitor: booth, launches, chain stages, products, joint exhibits, partners brought along (no contact details)");
        return api;
    }

    public sealed class ExhibitorQuery
    {
        [Range(1, int.MaxValue)] public int? Page { get; init; }
        [Range(1, MaxPageSize)] public int? PageSize { get; init; }
        [StringLength(100)] public string? Search { get; init; }
        [StringLength(64)] public string? Chain { get; init; }
        [StringLength(3, MinimumLength = 3)] public string? Country { get; init; }
        public int? Region { get; init; }
        public SizeClass? Size { get; init; }
        public bool? Launches { get; init; }

        public ExhibitorFilter ToFilter() => new(Search, Chain, Country, Region, Size, Launches);
    }

    private static async Task<Results<Ok<EditionDto>, ProblemHttpResult>> GetEdition(Guid id, ExpoQueries queries, CancellationToken ct) =>
        await queries.EditionAsync(id, ct) is { } edition ? TypedResults.Ok(edition) : EditionNotFound(id);

    private static async Task<Results<Ok<EditionComparisonDto>, ProblemHttpResult>> Statistics(Guid id, EditionStatistics statistics, CancellationToken ct) =>
        await statistics.CompareAsync(id, ct) is { } figures ? TypedResults.Ok(figures) : EditionNotFound(id);

    private static async Task<Results<Ok<Page<ExhibitorListItemDto>>, ProblemHttpResult>> Exhibitors(Guid id, [AsParameters] ExhibitorQuery query, ExpoQueries queries, CancellationToken ct) =>
        await queries.EditionAsync(id, ct) is null
            ? EditionNotFound(id)
            : TypedResults.Ok(await queries.ExhibitorsAsync(id, query.ToFilter(), query.Page ?? 1, query.PageSize ?? 50, ct));

    private static async Task<Results<Ok<ExhibitorDto>, ProblemHttpResult>> GetExhibitor(Guid id, ExpoQueries queries, CancellationToken ct) =>
        await queries.ExhibitorAsync(id, ct) is { } exhibitor
            ? TypedResults.Ok(exhibitor)
            : TypedResults.Problem(Messages.Format("ExhibitorNotFound", id), statusCode: StatusCodes.Status404NotFound, title: Messages.Format("NotFoundTitle"));

    private static ProblemHttpResult EditionNotFound(Guid id) =>
        TypedResults.Problem(Messages.Format("EditionNotFound", id), statusCode: StatusCodes.Status404NotFound, title: Messages.Format("NotFoundTitle"));
}
