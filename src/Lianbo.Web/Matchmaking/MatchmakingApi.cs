using System.Security.Claims;
using Lianbo.Core;
using Lianbo.Core.Accounts;
using Lianbo.Core.Data;
using Lianbo.Core.Matchmaking;
using Lianbo.Web.Accounts;
using Lianbo.Web.Platform;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lianbo.Web.Matchmaking;

/// <summary>Partner recommendations for the caller's organisation, with the reasons in the request's language; the participant directory and the caller's marks.</summary>
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
        api.MapGet("/participants", SearchParticipants).RequireAuthorization(AccountsWeb.ApiUser)
            .WithSummary("The participant directory: organisations shown to participants (not the caller's own), by name, product, chain stage, country, type or the caller's marks")
            .WithDescription("`search` matches the English or Chinese name; `product` an HS code (also its heading and chapter, and narrower codes) or words of an HS name in either language; `stage` is chain/stage; `marked` Saved or NotInterested keeps the caller's saved or refused organisations. `page` from 1, `pageSize` 1–100 (default 20). Each item carries the caller's own mark, never another user's.");
        api.MapPut("/marks/{organisation:guid}", Mark).RequireAuthorization(AccountsWeb.ApiWriter)
            .WithSummary("Mark an organisation Saved or NotInterested for the caller alone; NotInterested keeps it out of the recommendations of the caller's organisation");
        api.MapDelete("/marks/{organisation:guid}", Unmark).RequireAuthorization(AccountsWeb.ApiWriter)
            .WithSummary("Undo the caller's mark on an organisation");
        api.MapGet("/offers", GetOffers).RequireAuthorization(AccountsWeb.ApiUser)
            .WithSummary("What the caller's organisation (organisers: any) offers: HS 2022 products and chain stages, each marked as the organiser's or its own");
        api.MapPut("/offers", SaveOffers).RequireAuthorization(AccountsWeb.ApiWriter)
            .WithSummary("Replace the sender's own list of products and stages (the organisation's admin: its own; an organiser: the organiser's); the other list is kept");
        api.MapGet("/read-products", GetReadProducts).RequireAuthorization(AccountsWeb.ApiUser)
            .WithSummary("The products the recommender reads from the offer and need texts of the caller's organisation (organisers: any), with the words that named them")
            .WithDescription("Codes already entered as offers or needs are not listed; a removed one is listed with `removed` true and is not read any more.");
        api.MapPost("/read-products", DecideReadProduct).RequireAuthorization(AccountsWeb.ApiWriter)
            .WithSummary("Confirm a read product (a need joins the profile's needs, an offer the sender's offered products), remove it, or restore a removed one")
            .WithDescription("Body: `offered` (true: the offer text; false: the need text), `hs`, `decision` Confirm, Remove or Restore. Only a code read from that text can be decided on (422 otherwise). The organisation's admin or an organiser.");
        return api;
    }

    private static async Task<Results<Ok<List<ReadProductDto>>, ValidationProblem, ProblemHttpResult>> GetReadProducts(Guid? organisation, ClaimsPrincipal user, ReadProducts reader, CancellationToken ct)
    {
        var viewer = user.RequireViewer();
        return (organisation ?? viewer.OrganisationId) is { } id
            ? (await reader.GetAsync(viewer, id, ct)).ToHttp()
            : TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["organisation"] = [Lianbo.Core.Messages.Format("MatchNeedsOrganisation")] });
    }

    private static async Task<Results<Ok<List<ReadProductDto>>, ValidationProblem, ProblemHttpResult>> DecideReadProduct(
        Guid? organisation, ReadProductChange body, ClaimsPrincipal user, ReadProducts reader, CancellationToken ct)
    {
        var viewer = user.RequireViewer();
        return (organisation ?? viewer.OrganisationId) is { } id
            ? (await reader.DecideAsync(viewer, id, body, ct)).ToHttp()
            : TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["organisation"] = [Lianbo.Core.Messages.Format("MatchNeedsOrganisation")] });
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

    public sealed record MarkRequest(MarkKind? Kind);

    private static async Task<Results<Ok<Page<ParticipantDto>>, ValidationProblem, ProblemHttpResult>> SearchParticipants(
        string? search, string? product, string? stage, string? country, OrganisationType? type, MarkKind? marked, int? page, int? pageSize,
        ClaimsPrincipal user, Participants participants, CancellationToken ct) =>
        (await participants.SearchAsync(user.RequireViewer(), new ParticipantFilter(search, product, stage, country, type, marked), page ?? 1, pageSize ?? 20, ct)).ToHttp();

    private static async Task<Results<Ok<MarkDto>, ValidationProblem, ProblemHttpResult>> Mark(
        Guid organisation, MarkRequest body, ClaimsPrincipal user, Participants participants, CancellationToken ct) =>
        body.Kind is { } kind
            ? (await participants.MarkAsync(user.RequireViewer(), organisation, kind, ct)).ToHttp()
            : TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["kind"] = [Lianbo.Core.Messages.Format("FieldRequired", "kind")] });

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> Unmark(Guid organisation, ClaimsPrincipal user, Participants participants, CancellationToken ct) =>
        (await participants.UnmarkAsync(user.RequireViewer(), organisation, ct)).ToNoContent();
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
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = [Lianbo.Core.Messages.Format("OutOfRange", Lianbo.Core.Messages.Field("limit"), 1, MaxLimit)] });
        }

        return (await matchmaker.RecommendAsync(db, user.RequireViewer(), organisation, limit ?? 20, ct)).ToHttp();
    }
}
