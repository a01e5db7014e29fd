using System.ComponentModel;
using System.Security.Claims;
using Lianbo.Core;
using Lianbo.Core.Meetings;
using Lianbo.Core.Scheduling;
using Lianbo.Web.Accounts;
using Lianbo.Web.Platform;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using Engine = Lianbo.Scheduling;

namespace Lianbo.Web.Scheduling;

public sealed record TablesInput([property: Description("The edition's tables after the change: new codes are added, missing ones removed.")] IReadOnlyList<TableInput>? Tables);

public sealed record AttendanceInput([property: Description("Held, NoShow or Unknown (not checked yet).")] MeetingAttendance? Attendance);

public sealed record TableSheetDto(TableDto Table, [property: Description("The edition's time zone, in which the times are given.")] string TimeZone, IReadOnlyList<ScheduledMeetingDto> Meetings);

public sealed record CalendarLinkDto([property: Description("The secret part of the link.")] string Token, [property: Description("The feed's address, for a calendar app.")] string Url);

/// <summary>
/// Batch meeting scheduling at an edition (organisers: the grid, tables, a draft from the scheduler, publishing, table
/// sheets, check-in) and its outputs for participants (their agenda and a calendar feed behind a secret link).
/// </summary>
public static class ScheduleApi
{
    public static void MapScheduleApi(this IEndpointRouteBuilder app)
    {
        var edition = app.MapGroup("/api/editions/{id:guid}/schedule").WithTags("Scheduling");
        edition.MapGet("/settings", async (Guid id, MeetingSchedules schedules, CancellationToken ct) => (await schedules.SettingsAsync(id, ct)).ToHttp())
            .RequireAuthorization(AccountsWeb.ApiOrganiser)
            .WithSummary("Organisers: the edition's meeting grid (time zone, first slot, slot length, slots per day), the minimum and maximum meetings per participant, walking slots between halls and blocked slots");
        edition.MapPut("/settings", async (Guid id, ScheduleSettingsDto input, ClaimsPrincipal user, MeetingSchedules schedules, CancellationToken ct) =>
                (await schedules.SaveSettingsAsync(user.RequireViewer(), id, input, ct)).ToHttp())
            .RequireAuthorization(AccountsWeb.ApiOrganiserWriter)
            .WithSummary("Organisers: set the grid and the scheduler's limits; 400 naming each wrong field, 409 when meetings already hold slots of a grid that would change");
        edition.MapGet("/tables", async (Guid id, MeetingSchedules schedules, CancellationToken ct) => (await schedules.TablesAsync(id, ct)).ToHttp())
            .RequireAuthorization(AccountsWeb.ApiOrganiser)
            .WithSummary("Organisers: the edition's meeting tables with their hall and seats");
        edition.MapPut("/tables", async (Guid id, TablesInput input, ClaimsPrincipal user, MeetingSchedules schedules, CancellationToken ct) =>
                (await schedules.SaveTablesAsync(user.RequireViewer(), id, input.Tables, ct)).ToHttp())
            .RequireAuthorization(AccountsWeb.ApiOrganiserWriter)
            .WithSummary("Organisers: replace the tables, `{\"tables\":[{\"code\":\"A-01\",\"hall\":\"A1\",\"capacity\":2}]}`; 409 when a table to be removed still holds meetings");
        edition.MapPost("/draft", RunDraftAsync)
            .RequireAuthorization(AccountsWeb.ApiOrganiserWriter)
            .WithSummary("Organisers: run the scheduler on the accepted meetings without a time, around those already placed, and keep the result as the edition's draft")
            .WithDescription("`method` is auto (CP-SAT when the model is small enough, else the heuristic), exact or heuristic. The answer gives the weight, the upper bound and the gap between them, the placed and unscheduled meetings, and how many published meetings the draft keeps, moves and drops.");
        edition.MapGet("/draft", async (Guid id, bool? published, ClaimsPrincipal user, MeetingSchedules schedules, CancellationToken ct) =>
                (await schedules.ViewAsync(user.RequireViewer(), id, published ?? false, ct)).ToHttp())
            .RequireAuthorization(AccountsWeb.ApiOrganiser)
            .WithSummary("Organisers: the grid's slots and tables with the draft's meetings in them and the unscheduled ones with the scheduler's reason (with ?published=true, or without a draft: the published schedule), and the held and no-show counts");
        edition.MapPost("/publish", async (Guid id, ClaimsPrincipal user, MeetingSchedules schedules, CancellationToken ct) =>
                (await schedules.PublishAsync(user.RequireViewer(), id, ct)).ToHttp())
            .RequireAuthorization(AccountsWeb.ApiOrganiserWriter)
            .WithSummary("Organisers: publish the draft — its meetings take their times and tables; 404 without a draft, 409 when a live booking took one of its slots since (run the draft again)");
        edition.MapGet("/tables/{tableId:guid}/sheet", TableSheetAsync)
            .RequireAuthorization(AccountsWeb.ApiOrganiser)
            .WithSummary("Organisers: one table's meetings by time, for the floor staff");

        var meetings = app.MapGroup("/api/meetings").WithTags("Scheduling");
        meetings.MapPost("/{id:guid}/attendance", CheckInAsync)
            .RequireAuthorization(AccountsWeb.ApiOrganiserWriter)
            .WithSummary("Organisers (floor staff): record whether a scheduled meeting was held, `{\"attendance\":\"Held|NoShow|Unknown\"}`");
        meetings.MapGet("/my-agenda", async (ClaimsPrincipal user, MeetingSchedules schedules, CancellationToken ct) =>
                (await schedules.AgendaAsync(user.RequireViewer(), ct)).ToHttp())
            .RequireAuthorization(AccountsWeb.ApiUser)
            .WithSummary("Your organisation's confirmed meetings with a time, in order (each with the edition's time zone, table and hall), the number still waiting for a time, and the token of your calendar link");
        meetings.MapPost("/calendar/reset", ResetCalendarAsync)
            .RequireAuthorization(AccountsWeb.ApiWriter)
            .WithSummary("A new secret calendar link for you; the old one stops working");
        meetings.MapGet("/{token}.ics", CalendarAsync)
            .AllowAnonymous()
            .WithSummary("Your organisation's meetings as an iCalendar feed (text/calendar), times in the expo's time zone with its definition; `lang` zh or en (default)")
            .WithDescription("No sign-in: the token in the link is the secret (see my-agenda; calendar/reset replaces it). 404 for an unknown token.");
    }

    private static async Task<Results<Ok<ScheduleDraftDto>, ValidationProblem, ProblemHttpResult>> RunDraftAsync(
        Guid id, string? method, ClaimsPrincipal user, MeetingSchedules schedules, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        if (Method(method) is not { } chosen)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["method"] = [l["ScheduleUnknownMethod", method ?? ""]] });
        }

        return (await schedules.RunDraftAsync(user.RequireViewer(), id, chosen, ct)).ToHttp();
    }

    private static Engine.SolverMethod? Method(string? method) => method?.ToLowerInvariant() switch
    {
        null or "" or "auto" => Engine.SolverMethod.Auto,
        "exact" => Engine.SolverMethod.Exact,
        "heuristic" => Engine.SolverMethod.Heuristic,
        _ => null,
    };

    private static async Task<Results<Ok<TableSheetDto>, ValidationProblem, ProblemHttpResult>> TableSheetAsync(
        Guid id, Guid tableId, ClaimsPrincipal user, MeetingSchedules schedules, CancellationToken ct)
    {
        var outcome = await schedules.TableSheetAsync(user.RequireViewer(), id, tableId, ct);
        return outcome.Map(s => new TableSheetDto(s.Table, s.TimeZone, s.Meetings)).ToHttp();
    }

    private static async Task<Results<Ok<MeetingAttendance>, ValidationProblem, ProblemHttpResult>> CheckInAsync(
        Guid id, AttendanceInput input, ClaimsPrincipal user, MeetingSchedules schedules, CancellationToken ct)
    {
        if (input.Attendance is not { } attendance)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["attendance"] = [Messages.Format("ScheduleUnknownAttendance")] });
        }

        return (await schedules.CheckInAsync(user.RequireViewer(), id, attendance, ct)).ToHttp();
    }

    private static async Task<Results<Ok<CalendarLinkDto>, ValidationProblem, ProblemHttpResult>> ResetCalendarAsync(
        ClaimsPrincipal user, MeetingSchedules schedules, PublicLinks links, CancellationToken ct)
    {
        var outcome = await schedules.ResetCalendarAsync(user.RequireViewer(), ct);
        return outcome.Map(token => new CalendarLinkDto(token, CalendarUrl(links, token, null))).ToHttp();
    }

    private static async Task<Results<ContentHttpResult, ValidationProblem, ProblemHttpResult>> CalendarAsync(
        string token, string? lang, MeetingSchedules schedules, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        if (Language(lang) is not { } language)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["lang"] = [l["ScheduleCalendarLanguage"]] });
        }

        if (await schedules.CalendarAsync(token, language, ct) is not { } ics)
        {
            return TypedResults.Problem(l["ScheduleCalendarNotFound"], statusCode: StatusCodes.Status404NotFound, title: Messages.Format("NotFoundTitle"));
        }

        return TypedResults.Text(ics, "text/calendar; charset=utf-8");
    }

    private static string? Language(string? lang) => lang?.ToLowerInvariant() switch
    {
        null or "" or "en" => "en",
        "zh" or "zh-cn" or "zh-hans" => "zh",
        _ => null,
    };

    /// <summary>The absolute address of a calendar feed, from the configured public address (never the request's Host).</summary>
    public static string CalendarUrl(PublicLinks links, string token, string? language) =>
        links.To($"/api/meetings/{Uri.EscapeDataString(token)}.ics" + (language is null ? "" : "?lang=" + language));
}
