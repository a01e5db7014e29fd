using Lianbo.Core.Meetings;
using Lianbo.Web.Accounts;
using Lianbo.Web.Platform;
using Microsoft.Extensions.Options;

namespace Lianbo.Web.Meetings;

/// <summary>
/// Sends the meeting e-mails of new notices every <see cref="MeetingOptions.MailInterval"/>, outside any request, on
/// one node at a time: an answer never waits for the mail server, and a failure is logged and retried by
/// <see cref="MeetingMail"/>, which also claims each notice before sending it, so that two rounds at once still send
/// it once. Notices written by the CLI (a schedule published there) are mailed by the next web app that runs.
/// </summary>
public sealed class MeetingMailer(ClusterJobs jobs, PublicLinks links, IOptions<MeetingOptions> options, TimeProvider clock, ILogger<MeetingMailer> log)
    : ClusterJob(jobs, JobName, options.Value.MailInterval, clock, log)
{
    public const string JobName = "Meeting e-mails";

    protected override async Task RoundAsync(IServiceProvider services, CancellationToken ct)
    {
        var sent = await services.GetRequiredService<MeetingMail>().SendDueAsync(links.To, ct);
        if (sent > 0)
        {
            Log.LogInformation("Meeting e-mails: {Sent} sent", sent);
        }
    }
}
