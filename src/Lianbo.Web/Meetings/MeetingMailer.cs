using Lianbo.Core.Meetings;
using Lianbo.Web.Accounts;
using Microsoft.Extensions.Options;

namespace Lianbo.Web.Meetings;

/// <summary>
/// Sends the meeting e-mails of new notices every <see cref="MeetingOptions.MailInterval"/>, outside any request: an
/// answer never waits for the mail server, and a failure is logged and retried by <see cref="MeetingMail"/>. Notices
/// written by the CLI (a schedule published there) are mailed by the next web app that runs.
/// </summary>
public sealed class MeetingMailer(IServiceScopeFactory scopes, PublicLinks links, IOptions<MeetingOptions> options, TimeProvider clock, ILogger<MeetingMailer> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.MailInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var sent = await scope.ServiceProvider.GetRequiredService<MeetingMail>().SendDueAsync(links.To, stoppingToken);
                if (sent > 0)
                {
                    log.LogInformation("Meeting e-mails: {Sent} sent", sent);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A store that is briefly unreachable must not stop the app; the next round tries again.
                log.LogWarning(e, "Meeting e-mails failed");
            }
        }
    }
}
