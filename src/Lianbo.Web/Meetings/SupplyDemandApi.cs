using System.Security.Claims;
using Lianbo.Core;
using Lianbo.Core.Matchmaking;
using Lianbo.Core.Meetings;
using Lianbo.Web.Accounts;
using Lianbo.Web.Platform;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lianbo.Web.Meetings;

public sealed record SupplierChoice(IReadOnlyList<Guid>? Suppliers);

/// <summary>Supply-demand sessions: a buyer's procurement need, the engine's shortlist, the buyer's choice, the organiser's confirmation.</summary>
public static class SupplyDemandApi
{
    public static RouteGroupBuilder MapSupplyDemandApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Supply-demand sessions");
        api.MapPost("/editions/{id:guid}/needs", async (Guid id, NeedInput input, ClaimsPrincipal user, SupplyDemandSessions sessions, CancellationToken ct) =>
                (await sessions.PostAsync(user.RequireViewer(), id, input, ct)).ToHttp())
            .RequireAuthorization(AccountsWeb.ApiWriter)
            .WithSummary("A member of a buying organisation posts a procurement need: HS codes, chain stages, a description, countries to avoid");
        api.MapGet("/editions/{id:guid}/needs", Needs)
            .RequireAuthorization(AccountsWeb.ApiUser)
            .WithSummary("The edition's needs the caller may see, the latest change first: organisers all; a participant its own and the confirmed sessions it is invited to (page from 1, pageSize 1–200, default 50)");
        api.MapGet("/needs/{id:guid}/shortlist", Shortlist)
            .RequireAuthorization(AccountsWeb.ApiUser)
            .WithSummary("The engine's suppliers for a need, best first, with their reasons (the buyer and organisers); `limit` 1–50, default 20");
        api.MapPut("/needs/{id:guid}/suppliers", async (Guid id, SupplierChoice choice, ClaimsPrincipal user, SupplyDemandSessions sessions, CancellationToken ct) =>
                (await sessions.ChooseAsync(user.RequireViewer(), id, choice.Suppliers, ct)).ToHttp())
            .RequireAuthorization(AccountsWeb.ApiWriter)
            .WithSummary("The buyer chooses 1–10 suppliers to meet; none may be based in a country the need avoids");
        api.MapPost("/needs/{id:guid}/session", async (Guid id, SessionInput input, ClaimsPrincipal user, SupplyDemandSessions sessions, CancellationToken ct) =>
                (await sessions.ConfirmAsync(user.RequireViewer(), id, input, ct)).ToHttp())
            .RequireAuthorization(AccountsWeb.ApiOrganiserWriter)
            .WithSummary("Organisers confirm a session with the chosen suppliers (time, length, venue); the buyer and suppliers are notified and may see each other's contact details");
        api.MapPost("/needs/{id:guid}/close", async (Guid id, ClaimsPrincipal user, SupplyDemandSessions sessions, CancellationToken ct) =>
                (await sessions.CloseAsync(user.RequireViewer(), id, ct)).ToHttp())
            .RequireAuthorization(AccountsWeb.ApiWriter)
            .WithSummary("The buyer or an organiser closes a need");
        return api;
    }

    private static async Task<Results<Ok<Page<NeedDto>>, ValidationProblem, ProblemHttpResult>> Needs(
        Guid id, int? page, int? pageSize, ClaimsPrincipal user, SupplyDemandSessions sessions, CancellationToken ct)
    {
        var errors = PageRequest.Check(page, pageSize);
        return errors.Any
            ? TypedResults.ValidationProblem(errors.ToDictionary())
            : (await sessions.ListAsync(user.RequireViewer(), id, page ?? 1, pageSize ?? PageRequest.DefaultSize, ct)).ToHttp();
    }

    private static async Task<Results<Ok<List<RecommendationDto>>, ValidationProblem, ProblemHttpResult>> Shortlist(
        Guid id, int? limit, ClaimsPrincipal user, SupplyDemandSessions sessions, CancellationToken ct)
    {
        if (limit is < 1 or > 50)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = [Lianbo.Core.Messages.Format("OutOfRange", Lianbo.Core.Messages.Field("limit"), 1, 50)] });
        }

        return (await sessions.ShortlistAsync(user.RequireViewer(), id, limit ?? 20, ct)).ToHttp();
    }
}
