using System.Security.Claims;
using Lianbo.Core;
using Lianbo.Core.Expo;
using Lianbo.Web.Accounts;
using Lianbo.Web.Platform;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lianbo.Web.Expo;

/// <summary>
/// The organiser's management of an edition: the edition itself, zones, halls, booths and their assignment,
/// exhibitors, and the records of launches, events, outcomes, initiatives, joint exhibits and support programmes.
/// Organisers only, with a read-write token. The public reads of editions live elsewhere.
/// </summary>
public static class ExpoManagementApi
{
    public static void MapExpoManagementApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/editions").WithTags("Expo management").RequireAuthorization(AccountsWeb.ApiOrganiserWriter);
        api.MapPost("", (EditionInput body, ExpoCommands c, ClaimsPrincipal u, CancellationToken ct) => Run(c.CreateEditionAsync(u.RequireViewer(), body, ct)))
            .WithSummary("Create an edition (number unique)");
        api.MapPut("/{id:guid}", (Guid id, EditionInput body, ExpoCommands c, ClaimsPrincipal u, CancellationToken ct) => Run(c.UpdateEditionAsync(u.RequireViewer(), id, body, ct)))
            .WithSummary("Change an edition");

        api.MapPost("/{id:guid}/zones", (Guid id, ZoneInput body, ExpoCommands c, ClaimsPrincipal u, CancellationToken ct) => Run(c.AddZoneAsync(u.RequireViewer(), id, body, ct)))
            .WithSummary("Add a zone: a chain, or an area without one");
        api.MapPut("/{id:guid}/zones/{zoneId:guid}", (Guid id, Guid zoneId, ZoneInput body, ExpoCommands c, ClaimsPrincipal u, CancellationToken ct) =>
            Run(c.UpdateZoneAsync(u.RequireViewer(), id, zoneId, body, ct))).WithSummary("Change a zone; its area cannot go below its booths");
        api.MapDelete("/{id:guid}/zones/{zoneId:guid}", (Guid id, Guid zoneId, ExpoCommands c, ClaimsPrincipal u, CancellationToken ct) =>
            Gone(c.RemoveZoneAsync(u.RequireViewer(), id, zoneId, ct))).WithSummary("Remove a zone without booths or exhibitors (409 otherwise)");

        api.MapPost("/{id:guid}/halls", (Guid id, HallInput body, ExpoCommands c, ClaimsPrincipal u, CancellationToken ct) => Run(c.AddHallAsync(u.RequireViewer(), id, body, ct)))
            .WithSummary("Add a hall");
        api.MapPut("/{id:guid}/halls/{hallId:guid}", (Guid id, Guid hallId, HallInput body, ExpoCommands c, ClaimsPrincipal u, CancellationToken ct) =>
            Run(c.UpdateHallAsync(u.RequireViewer(), id, hallId, body, ct))).WithSummary("Change a hall");
        api.MapDelete("/{id:guid}/halls/{hallId:guid}", (Guid id, Guid hallId, ExpoCommands c, ClaimsPrincipal u, CancellationToken ct) =>
            Gone(c.RemoveHallAsync(u.RequireViewer(), id, hallId, ct))).WithSummary("Remove a hall without booths (409 otherwise)");

        api.MapPost("/{id:guid}/booths", (Guid id, BoothInput body, ExpoCommands c, ClaimsPrincipal u, CancellationToken ct) => Run(c.AddBoothAsync(u.RequireViewer(), id, body, ct)))
            .WithSummary("Add a booth; its zone's booths may not take more than the zone's area");
        api.MapPut("/{id:guid}/booths/{boothId:guid}", (Guid id, Guid boothId, BoothInput body, ExpoCommands c, ClaimsPrincipal u, CancellationToken ct) =>
            Run(c.UpdateBoothAsync(u.RequireViewer(), id, boothId, body, ct))).WithSummary("Change a booth");
        api.MapDelete("/{id:guid}/booths/{boothId:guid}", (Guid id, Guid boothId, ExpoCommands c, ClaimsPrincipal u, CancellationToken ct) =>
            Gone(c.RemoveBoothAsync(u.RequireViewer(), id, boothId, ct))).WithSummary("Remove a booth");
        api.MapPut("/{id:guid}/booths/{boothId:guid}/exhibitor", (Guid id, Guid boothId, BoothAssignment body, ExpoCommands c, ClaimsPrincipal u, CancellationToken ct) =>
            Run(c.AssignBoothAsync(u.RequireViewer(), id, boothId, body.ExhibitorId, ct))).WithSummary("Give a free booth of its zone to an exhibitor (409 when the booth is taken)");
        api.MapDelete("/{id:guid}/booths/{boothId:guid}/exhibitor", (Guid id, Guid boothId, ExpoCommands c, ClaimsPrincipal u, CancellationToken ct) =>
            Run(c.UnassignBoothAsync(u.RequireViewer(), id, boothId, ct))).WithSummary("Free a booth");

        api.MapPost("/{id:guid}/exhibitors", (Guid id, ExhibitorInput body, ExpoCommands c, ClaimsPrincipal u, CancellationToken ct) =>
            Run(c.AddExhibitorAsync(u.RequireViewer(), id, body, ct))).WithSummary("Add an organisation as exhibitor in a zone, with the partners it brings");
        api.MapDelete("/{id:guid}/exhibitors/{exhibitorId:guid}", (Guid id, Guid exhibitorId, ExpoCommands c, ClaimsPrincipal u, CancellationToken ct) =>
            Gone(c.RemoveExhibitorAsync(u.RequireViewer(), id, exhibitorId, ct))).WithSummary("Remove an exhibitor with its launches; its booths become free");

        api.MapPost("/{id:guid}/launches", (Guid id, LaunchInput body, ExpoCommands c, ClaimsPrincipal u, CancellationToken ct) =>
            Run(c.RecordLaunchAsync(u.RequireViewer(), id, body, ct))).WithSummary("Record a first launch (首发首展) by an exhibitor");
        api.MapPost("/{id:guid}/events", (Guid id, EventInput body, ExpoCommands c, ClaimsPrincipal u, CancellationToken ct) =>
            Run(c.RecordEventAsync(u.RequireViewer(), id, body, ct))).WithSummary("Record a forum, matchmaking or procurement session, launch ceremony or roadshow abroad");
        api.MapPost("/{id:guid}/outcomes", (Guid id, OutcomeInput body, ExpoCommands c, ClaimsPrincipal u, CancellationToken ct) =>
            Run(c.RecordOutcomeAsync(u.RequireViewer(), id, body, ct))).WithSummary("Record a cooperation intention or agreement (currency CNY unless given)");
        api.MapPost("/{id:guid}/initiatives", (Guid id, InitiativeInput body, ExpoCommands c, ClaimsPrincipal u, CancellationToken ct) =>
            Run(c.RecordInitiativeAsync(u.RequireViewer(), id, body, ct))).WithSummary("Record an initiative with its endorsing organisations");
        api.MapPost("/{id:guid}/joint-exhibits", (Guid id, JointExhibitInput body, ExpoCommands c, ClaimsPrincipal u, CancellationToken ct) =>
            Run(c.RecordJointExhibitAsync(u.RequireViewer(), id, body, ct))).WithSummary("Record a joint exhibit: exhibitors along a chain path, upstream first");
        api.MapPost("/{id:guid}/support-programmes", (Guid id, SupportProgrammeInput body, ExpoCommands c, ClaimsPrincipal u, CancellationToken ct) =>
            Run(c.RecordSupportProgrammeAsync(u.RequireViewer(), id, body, ct))).WithSummary("Record a support programme (LDC, LLDC, SIDS, M49 regions)");

        // A group of its own: policies add up, and reading needs no write scope.
        var reads = app.MapGroup("/api/editions").WithTags("Expo management").RequireAuthorization(AccountsWeb.ApiOrganiser);
        reads.MapGet("/{id:guid}/support-programmes/{programmeId:guid}/eligible", (Guid id, Guid programmeId, ExpoCommands c, ClaimsPrincipal u, CancellationToken ct) =>
            Run(c.EligibleExhibitorsAsync(u.RequireViewer(), id, programmeId, ct))).WithSummary("The exhibitors a support programme covers, from the country reference (organisers)");
    }

    private static async Task<Results<Ok<T>, ValidationProblem, ProblemHttpResult>> Run<T>(Task<Outcome<T>> outcome) => (await outcome).ToHttp();

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> Gone<T>(Task<Outcome<T>> outcome) => (await outcome).ToNoContent();
}
