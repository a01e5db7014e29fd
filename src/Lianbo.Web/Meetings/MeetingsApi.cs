using System.Security.Claims;
using Lianbo.Core.Meetings;
using Lianbo.Web.Accounts;
using Lianbo.Web.Platform;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Lianbo.Web.Meetings;

/// <summary>Meeting requests between organisations and the inbox; every member of an organisation acts for it.</summary>
public static class MeetingsApi
{
    public static IServiceCollection AddLianboMeetings(this IServiceCollection services) =>
        services.AddHostedService<MeetingHousekeeping>().AddScoped<MeetingMail>().AddHostedService<MeetingMailer>();

    public static RouteGroupBuilder MapMeetingsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/meetings").WithTags("Meetings");
        api.MapPost("/requests", (NewMeetingRequest input, ClaimsPrincipal user, MeetingRequests requests, CancellationToken ct) =>
                Answer(requests.CreateAsync(user.RequireViewer(), input, ct)))
            .RequireAuthorization(AccountsWeb.ApiWriter)
            .WithSummary("Ask another organisation for a meeting, with a message and up to 5 proposed times")
            .WithDescription("The other organisation must be listed. One open request (pending or accepted) per pair of organisations and edition; 409 when there is one already, or when your organisation has too many requests awaiting answers. A pending request expires after the configured time (Lianbo:Meetings:RequestLifetime, 7 days by default).");
        api.MapPost("/requests/{id:guid}/accept", (Guid id, MeetingAnswer? answer, ClaimsPrincipal user, MeetingRequests requests, CancellationToken ct) =>
                Answer(requests.AcceptAsync(user.RequireViewer(), id, answer ?? new(), ct)))
            .RequireAuthorization(AccountsWeb.ApiWriter)
            .WithSummary("Accept a request awaiting your answer, choosing one of the proposed times (`slot`); both sides then see each other's contact details");
        api.MapPost("/requests/{id:guid}/decline", (Guid id, MeetingAnswer? answer, ClaimsPrincipal user, MeetingRequests requests, CancellationToken ct) =>
                Answer(requests.DeclineAsync(user.RequireViewer(), id, answer ?? new(), ct)))
            .RequireAuthorization(AccountsWeb.ApiWriter)
            .WithSummary("Decline a request awaiting your answer, with an optional note; the recommender stops pairing the two organisations");
        api.MapPost("/requests/{id:guid}/counter", (Guid id, CounterProposal proposal, ClaimsPrincipal user, MeetingRequests requests, CancellationToken ct) =>
                Answer(requests.CounterAsync(user.RequireViewer(), id, proposal, ct)))
            .RequireAuthorization(AccountsWeb.ApiWriter)
            .WithSummary("Propose other times instead; the other side must then answer, and the expiry starts again");
        api.MapPost("/requests/{id:guid}/cancel", (Guid id, MeetingAnswer? answer, ClaimsPrincipal user, MeetingRequests requests, CancellationToken ct) =>
                Answer(requests.CancelAsync(user.RequireViewer(), id, answer ?? new(), ct)))
            .RequireAuthorization(AccountsWeb.ApiWriter)
            .WithSummary("Withdraw a pending request (only the organisation that sent it; the other declines) or cancel an accepted meeting (either side)");
        api.MapGet("/inbox", async (ClaimsPrincipal user, MeetingRequests requests, CancellationToken ct) => (await requests.InboxAsync(user.RequireViewer(), ct)).ToHttp())
            .RequireAuthorization(AccountsWeb.ApiUser)
            .WithSummary("Your organisation's meeting requests (sent and received, latest 200) and notices (latest 50, with the unread count)");
        api.MapPost("/notices/read", async (ClaimsPrincipal user, MeetingRequests requests, CancellationToken ct) => (await requests.MarkReadAsync(user.RequireViewer(), ct)).ToHttp())
            .RequireAuthorization(AccountsWeb.ApiWriter)
            .WithSummary("Mark your organisation's notices read; answers how many were unread");
        return api;
    }

    private static async Task<Results<Ok<MeetingRequestDto>, ValidationProblem, ProblemHttpResult>> Answer(Task<Lianbo.Core.Outcome<MeetingRequestDto>> outcome) =>
        (await outcome).ToHttp();
}

/// <summary>
/// Expires unanswered requests and sends reminders, every <see cref="MeetingOptions.HousekeepingInterval"/>, on one
/// node at a time. Two rounds at once would still expire or remind a request once: each request's change carries its
/// version (<see cref="MeetingRequests.ExpireAndRemindAsync"/>), so the second round's write is refused and dropped.
/// </summary>
public sealed class MeetingHousekeeping(ClusterJobs jobs, IOptions<MeetingOptions> options, TimeProvider clock, ILogger<MeetingHousekeeping> log)
    : ClusterJob(jobs, JobName, options.Value.HousekeepingInterval, clock, log)
{
    public const string JobName = "Meeting housekeeping";

    protected override bool RunsAtStart => true;

    protected override async Task RoundAsync(IServiceProvider services, CancellationToken ct)
    {
        var (expired, reminded) = await services.GetRequiredService<MeetingRequests>().ExpireAndRemindAsync(Clock.GetUtcNow(), ct: ct);
        if (expired + reminded > 0)
        {
            Log.LogInformation("Meeting requests: {Expired} expired, {Reminded} reminded", expired, reminded);
        }
    }
}
