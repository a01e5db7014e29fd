using System.Security.Claims;
using Lianbo.Core.Data;
using Lianbo.Core.Matchmaking;
using Lianbo.Web.Accounts;
using Lianbo.Web.Platform;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lianbo.Web.Matchmaking;

/// <summary>Partner recommendations for the caller's organisation, with the reasons in the request's language.</summary>
public static class MatchmakingApi
{
    public const int MaxLimit = 100;

    public static RouteGroupBuilder MapMatchmakingApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/matchmaking").WithTags("Matchmaking");
        api.MapGet("/recommendations", Recommendations).RequireAuthorization(AccountsWeb.ApiUser)
            .WithSummary("Reciprocal partner recommendations for the caller's organisation (organisers: any organisation), best first")
            .WithDescription("`limit` 1–100 (default 20). Each recommendation carries its reasons: products supplied or bought, upstream or downstream stages, text match, partner type and region sought, and the expo's aims (large ↔ SME, foreign ↔ domestic, research ↔ industry, diversified sourcing).");
        api.MapGet("/profile", (Guid? organisation, ClaimsPrincipal user, MatchProfiles profiles, CancellationToken ct) => GetProfile(organisation, user, profiles, ct))
            .RequireAuthorization(AccountsWeb.ApiUser).WithSummary("The match profile of the caller's organisation (organisers: any): what it needs and seeks beyond its products and stages");
        api.MapPut("/profile", SaveProfile).RequireAuthorization(AccountsWeb.ApiWriter)
            .WithSummary("Save the match profile (the organisation's admin, or an organiser); the next recommendations use it at once");
        api.MapGet("/offers", GetOffers).RequireAuthorization(AccountsWeb.ApiUser)
            .WithSummary("What the caller's organisation (organisers: any) offers: HS 2022 products and chain stages, each marked as the organiser's or its own");
        api.MapPut("/offers", SaveOffers).RequireAuthorization(AccountsWeb.ApiWriter)
            .WithSummary("Replace the sender's own list of products and stages (the organisation's admin: its own; an organiser: the organiser's); the other list is kept");
        return api;
    }

    private static async Task<Results<Ok<MatchProfileDto>, ValidationProblem, ProblemHttpResult>> GetProfile(Guid? organisation, ClaimsPrincipal user, MatchProfiles profiles, CancellationToken ct)
    {
        var viewer = user.RequireViewer();
        return (organisation ?? viewer.OrganisationId) is { } id
            ? (await profiles.GetAsync(viewer, id, ct)).ToHttp()
            : TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["organisation"] = [Lianbo.Core.Messages.Format("MatchNeedsOrganisation")] });
    }

    private static async Task<Results<Ok<MatchProfileDto>, ValidationProblem, ProblemHttpResult>> SaveProfile(
        Guid? organisation, MatchProfileDto profile, ClaimsPrincipal user, MatchProfiles profiles, CancellationToken ct)
    {
        var viewer = user.RequireViewer();
        return (organisation ?? viewer.OrganisationId) is { } id
            ? (await profiles.SaveAsync(viewer, id, profile, ct)).ToHttp()
            : TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["organisation"] = [Lianbo.Core.Messages.Format("MatchNeedsOrganisation")] });
    }

    private static async Task<Results<Ok<OffersDto>, ValidationProblem, ProblemHttpResult>> GetOffers(Guid? organisation, ClaimsPrincipal user, Offers offers, CancellationToken ct)
    {
        var viewer = user.RequireViewer();
        return (organisation ?? viewer.OrganisationId) is { } id
            ? (await offers.GetAsync(viewer, id, ct)).ToHttp()
            : TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["organisation"] = [Lianbo.Core.Messages.Format("MatchNeedsOrganisation")] });
    }

    private static async Task<Results<Ok<OffersDto>, ValidationProblem, ProblemHttpResult>> SaveOffers(
        Guid? organisation, OffersUpdate body, ClaimsPrincipal user, Offers offers, CancellationToken ct)
    {
        var viewer = user.RequireViewer();
        return (organisation ?? viewer.OrganisationId) is { } id
            ? (await offers.SaveAsync(viewer, id, body, ct)).ToHttp()
            : TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["organisation"] = [Lianbo.Core.Messages.Format("MatchNeedsOrganisation")] });
    }

    private static async Task<Results<Ok<List<RecommendationDto>>, ValidationProblem, ProblemHttpResult>> Recommendations(
        int? limit, Guid? organisation, ClaimsPrincipal user, Matchmaker matchmaker, LianboDbContext db, CancellationToken ct)
    {
        if (limit is < 1 or > MaxLimit)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = [Lianbo.Core.Messages.Format("OutOfRange", "limit", 1, MaxLimit)] });
        }

        return (await matchmaker.RecommendAsync(db, user.RequireViewer(), organisation, limit ?? 20, ct)).ToHttp();
    }
}
