using Lianbo.Web.Platform;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Lianbo.Core;
using Lianbo.Core.Reference;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lianbo.Web.Reference;

/// <summary>Countries, country groups, regions and the HS nomenclature, read-only and public.</summary>
public static class ReferenceApi
{
    public static RouteGroupBuilder MapReferenceApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Reference").PublicRead();
        api.MapGet("/countries", ListCountries).WithSummary("Countries and territories, filtered and paged, sorted by name in the request's language");
        api.MapGet("/countries/{iso3}", GetCountry).WithSummary("One country by ISO 3166-1 alpha-3 code");
        api.MapGet("/country-groups", (ReferenceQueries q, CancellationToken ct) => q.ListGroupsAsync(ct)).WithSummary("Country groups with their sources");
        api.MapGet("/regions", (ReferenceQueries q, CancellationToken ct) => q.ListRegionsAsync(ct)).WithSummary("UN M49 regions and sub-regions");
        api.MapGet("/hs/{code}", GetHs).WithSummary("One HS code with its parent and children");
        api.MapGet("/hs", SearchHs).WithSummary("Search HS descriptions (English words) or code prefixes");
        return api;
    }

    // A class with properties, not a positional record: the OpenAPI generator cannot read validation
    // attributes from record constructor parameters.
    public sealed class CountryQuery
    {
        [Range(1, int.MaxValue)] public int? Page { get; init; }
        [Range(1, ReferenceQueries.MaxPageSize)] public int? PageSize { get; init; }
        [StringLength(100)] public string? Search { get; init; }
        public int? Region { get; init; }
        [StringLength(32)] public string? Group { get; init; }
        public bool? Ldc { get; init; }
    }

    private static async Task<Ok<Page<CountryDto>>> ListCountries([AsParameters] CountryQuery query, ReferenceQueries queries, CancellationToken ct) =>
        TypedResults.Ok(await queries.ListCountriesAsync(
            new CountryFilter(query.Search, query.Region, query.Group, query.Ldc), query.Page ?? 1, query.PageSize ?? 50, CultureInfo.CurrentUICulture, ct));

    private static async Task<Results<Ok<CountryDto>, ProblemHttpResult, ValidationProblem>> GetCountry(string iso3, ReferenceQueries queries, CancellationToken ct)
    {
        if (iso3.Length != 3 || !iso3.All(char.IsAsciiLetter))
        {
            return Invalid("iso3", Messages.Format("NotIso3", iso3));
        }

        return await queries.GetCountryAsync(iso3, ct) is { } country
            ? TypedResults.Ok(country)
            : NotFoundBody(Messages.Format("CountryNotFound", iso3.ToUpperInvariant()));
    }

    private static async Task<Results<Ok<HsCodeDetailDto>, ProblemHttpResult, ValidationProblem>> GetHs(string code, string? revision, ReferenceQueries queries, CancellationToken ct)
    {
        if (code.Length is not (2 or 4 or 6) || !code.All(char.IsAsciiDigit))
        {
            return Invalid("code", Messages.Format("NotHsCode", code));
        }

        if (Revision(revision) is not { } rev)
        {
            return Invalid("revision", Messages.Format("UnknownRevision", revision, string.Join(", ", HsRevision.All)));
        }

        return await queries.GetHsAsync(code, rev, ct) is { } found
            ? TypedResults.Ok(found)
            : NotFoundBody(Messages.Format("HsNotFound", code, rev));
    }

    private static async Task<Results<Ok<List<HsCodeDto>>, ValidationProblem>> SearchHs(string? search, string? revision, int? limit, ReferenceQueries queries, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(search) || search.Length > 100)
        {
            return Invalid("search", Messages.Format("SearchRequired", 100));
        }

        if (Revision(revision) is not { } rev)
        {
            return Invalid("revision", Messages.Format("UnknownRevision", revision, string.Join(", ", HsRevision.All)));
        }

        if (limit is < 1 or > 200)
        {
            return Invalid("limit", Messages.Format("OutOfRange", Messages.Field("limit"), 1, 200));
        }

        return TypedResults.Ok(await queries.SearchHsAsync(search, rev, limit ?? 50, ct));
    }

    private static string? Revision(string? revision) =>
        revision is null ? HsRevision.Hs2022 : HsRevision.All.FirstOrDefault(r => string.Equals(r, revision, StringComparison.OrdinalIgnoreCase));

    private static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });

    private static ProblemHttpResult NotFoundBody(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: Messages.Format("NotFoundTitle"));
}
