using System.Globalization;
using Lianbo.Core.Accounts;
using Lianbo.Core.Data;
using Lianbo.Core.Reference;
using Lianbo.Core.Scheduling;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Lianbo.Core.Meetings;

/// <summary>
/// E-mails about meeting requests and meetings. The notices are the outbox: every notice of a kind in <see cref="Kinds"/>
/// is mailed to each member of the notified organisation who has a confirmed address and has not turned meeting e-mails
/// off, in that member's language (Chinese and English when they never chose one). The action that wrote the notice has
/// committed before its mail is sent, so a mail server that is down or slow never holds up or undoes a request: the
/// failure is logged and the notice tried again on the next round, up to <see cref="MaxAttempts"/> times. A notice is
/// claimed by one sender at a time, so several web nodes over one store do not send it twice.
/// </summary>
public sealed class MeetingMail(LianboDbContext db, MailSender sender, TimeProvider clock, ILogger<MeetingMail> log)
{
    public const int MaxAttempts = 3;
    public const int Batch = 200;

    /// <summary>Older notices are not mailed: those written before an upgrade brought the e-mails, or while mail was down for days.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromDays(2);

    public static readonly IReadOnlyList<NoticeKind> Kinds =
    [
        NoticeKind.RequestReceived, NoticeKind.RequestAccepted, NoticeKind.RequestDeclined, NoticeKind.CounterProposed,
        NoticeKind.RequestCancelled, NoticeKind.RequestExpired, NoticeKind.Reminder,
        NoticeKind.MeetingScheduled, NoticeKind.MeetingMoved, NoticeKind.MeetingUnscheduled,
    ];

    // The kinds that ask for an answer: their mail gives the times on the table and the deadline.
    private static readonly HashSet<NoticeKind> Asking = [NoticeKind.RequestReceived, NoticeKind.CounterProposed, NoticeKind.Reminder];

    /// <summary>
    /// Sends the mail of every notice due; <paramref name="link"/> makes an absolute address of a path. Returns how many
    /// e-mails went out.
    /// </summary>
    public async Task<int> SendDueAsync(Func<string, string> link, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var since = now - MaxAge;
        var due = await db.Notices.AsNoTracking()
            .Where(n => n.MailedAt == null && n.MailAttempts < MaxAttempts && n.CreatedAt > since && Kinds.Contains(n.Kind))
            .OrderBy(n => n.Id).Take(Batch).ToListAsync(ct);
        var sent = 0;
        foreach (var notice in due)
        {
            // Whoever sets MailedAt first sends it; another node (or round) that changes no row leaves it. The attempts
            // must be those read, so that a notice another round failed meanwhile is not tried beyond MaxAttempts.
            var claimed = await db.Notices.Where(n => n.Id == notice.Id && n.MailedAt == null && n.MailAttempts == notice.MailAttempts)
                .ExecuteUpdateAsync(s => s.SetProperty(n => n.MailedAt, (DateTimeOffset?)now), ct);
            if (claimed == 0)
            {
                continue;
            }

            try
            {
                sent += await SendAsync(notice, link, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Whatever the mail server or the pickup folder throws: the request stands; the notice goes back in the queue.
                var attempt = notice.MailAttempts + 1;
                await db.Notices.Where(n => n.Id == notice.Id)
                    .ExecuteUpdateAsync(s => s.SetProperty(n => n.MailedAt, (DateTimeOffset?)null).SetProperty(n => n.MailAttempts, attempt), CancellationToken.None);
                log.Log(attempt < MaxAttempts ? LogLevel.Warning : LogLevel.Error, e,
                    "Meeting e-mail for notice {Notice} ({Kind}) failed, attempt {Attempt} of {Max}", notice.Id, notice.Kind, attempt, MaxAttempts);
            }
        }

        return sent;
    }

    private async Task<int> SendAsync(Notice notice, Func<string, string> link, CancellationToken ct)
    {
        var recipients = await db.Users.AsNoTracking()
            .Where(u => u.OrganisationId == notice.OrganisationId && u.EmailConfirmed && !u.MeetingMailOff && u.Email != null)
            .Select(u => new { Email = u.Email!, u.DisplayName, u.PreferredCulture })
            .ToListAsync(ct);
        if (recipients.Count == 0)
        {
            return 0;
        }

        var orgs = await db.Organisations.AsNoTracking().Where(o => o.Id == notice.OrganisationId || o.Id == notice.OtherOrganisationId)
            .ToDictionaryAsync(o => o.Id, ct);
        var request = notice.RequestId is { } id ? await db.MeetingRequests.AsNoTracking().Include(r => r.Slots).FirstOrDefaultAsync(r => r.Id == id, ct) : null;
        var meeting = notice.RequestId is { } rid ? await db.Meetings.AsNoTracking().FirstOrDefaultAsync(m => m.RequestId == rid, ct) : null;
        var zone = (await EditionZones.LoadAsync(db, ct)).For(request?.EditionId);
        var mail = new Letter(notice, orgs.GetValueOrDefault(notice.OrganisationId), orgs.GetValueOrDefault(notice.OtherOrganisationId), request, meeting, zone,
            link("/meetings"), link("/account#meeting-mail"));
        foreach (var to in recipients)
        {
            // The account keeps zh-CN or en (Accounts.SetCultureAsync); anything else is no choice made.
            var (subject, body) = to.PreferredCulture is "zh-CN" or "en"
                ? Bilingual.In(new CultureInfo(to.PreferredCulture), () => (mail.Subject(), mail.Body(to.DisplayName)))
                : (Bilingual.Both(mail.Subject, " / "), Bilingual.Both(() => mail.Body(to.DisplayName), Bilingual.Separator));
            await sender.SendAsync(to.Email, subject, body, ct);
        }

        return recipients.Count;
    }

    /// <summary>One notice's e-mail, written in the current UI culture.</summary>
    private sealed record Letter(Notice Notice, Organisation? Own, Organisation? Other, MeetingRequest? Request, Meeting? Meeting, TimeZoneInfo Zone, string Inbox, string Settings)
    {
        private static string Name(Organisation? o) => o is null ? "" : CultureInfo.CurrentUICulture.IsChinese() ? o.NameZh : o.NameEn;

        public string Subject() => Messages.Format("MailMeeting" + Notice.Kind + "Subject", Name(Other));

        public string Body(string person)
        {
            var lines = new List<string> { Messages.Format("MailMeetingGreeting", person), "", MeetingRequests.NoticeText(Notice, Name(Other), Zone) };
            if (Request is { } r && Asking.Contains(Notice.Kind))
            {
                if (r.Slots.Count > 0)
                {
                    lines.Add(Messages.Format("MailMeetingProposed", string.Join("; ", r.Slots.OrderBy(s => s.StartsAt)
                        .Select(s => Messages.Format("MailMeetingSlot", EditionZones.Show(s.StartsAt, Zone), s.Minutes)))));
                }

                lines.Add(Messages.Format("MailMeetingAnswerBy", EditionZones.Show(r.ExpiresAt, Zone)));
            }

            if (Notice.Kind is NoticeKind.RequestAccepted or NoticeKind.MeetingScheduled or NoticeKind.MeetingMoved && Meeting is { StartsAt: { } at } m)
            {
                lines.Add(Messages.Format("MailMeetingTime", EditionZones.Show(at, Zone), m.Minutes));
            }

            var words = Notice.Kind == NoticeKind.RequestReceived ? Request?.Message : Notice.Kind is NoticeKind.CounterProposed or NoticeKind.RequestDeclined ? Request?.Reply : null;
            if (!string.IsNullOrWhiteSpace(words))
            {
                lines.Add(Messages.Format("MailMeetingMessage", words));
            }

            lines.AddRange(["", Messages.Format("MailMeetingLink", Inbox), "", Messages.Format("MailMeetingFooter", Name(Own), Settings)]);
            return string.Join("\n", lines);
        }
    }
}
