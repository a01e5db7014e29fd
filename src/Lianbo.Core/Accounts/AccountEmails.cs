using System.Net;
using System.Net.Mail;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Lianbo.Core.Accounts;

/// <summary>The "Lianbo:Mail" section: a pickup folder by default, an SMTP server when one is named.</summary>
public sealed class MailOptions
{
    public const string Section = "Lianbo:Mail";

    public string From { get; set; } = "noreply@lianbo.local";

    /// <summary>Where .eml files are written when no SMTP host is set; relative to the working directory.</summary>
    public string? PickupDirectory { get; set; }

    public string? SmtpHost { get; set; }
    public int SmtpPort { get; set; } = 587;
    public bool SmtpSsl { get; set; } = true;
    public string? SmtpUser { get; set; }
    public string? SmtpPassword { get; set; }
}

/// <summary>Sends the account e-mails, each in Chinese and English, through SMTP or into the pickup folder.</summary>
public sealed class AccountEmailSender(IOptions<MailOptions> options, IOptions<Data.LianboOptions> lianbo) : IEmailSender<LianboUser>
{
    public Task SendConfirmationLinkAsync(LianboUser user, string email, string confirmationLink) =>
        SendAsync(email, "MailConfirmSubject", "MailConfirmBody", user.DisplayName, confirmationLink);

    public Task SendPasswordResetLinkAsync(LianboUser user, string email, string resetLink) =>
        SendAsync(email, "MailResetSubject", "MailResetBody", user.DisplayName, resetLink);

    public Task SendPasswordResetCodeAsync(LianboUser user, string email, string resetCode) =>
        SendAsync(email, "MailResetSubject", "MailResetCodeBody", user.DisplayName, resetCode);

    public Task SendInvitationAsync(string email, Organisation org, string link) =>
        SendAsync(email, "MailInviteSubject", "MailInviteBody", org.NameZh, org.NameEn, link);

    private async Task SendAsync(string to, string subjectKey, string bodyKey, params object?[] args)
    {
        var mail = options.Value;
        using var message = new MailMessage(mail.From, to)
        {
            Subject = $"{Bilingual.In("zh-CN", subjectKey)} / {Bilingual.In("en", subjectKey)}",
            Body = $"{Bilingual.In("zh-CN", bodyKey, args)}\n\n----\n\n{Bilingual.In("en", bodyKey, args)}",
            BodyEncoding = System.Text.Encoding.UTF8,
            SubjectEncoding = System.Text.Encoding.UTF8,
        };
        using var client = mail.SmtpHost is { Length: > 0 } host
            ? new SmtpClient(host, mail.SmtpPort)
            {
                EnableSsl = mail.SmtpSsl,
                Credentials = mail.SmtpUser is { Length: > 0 } user ? new NetworkCredential(user, mail.SmtpPassword) : null,
            }
            : new SmtpClient
            {
                DeliveryMethod = SmtpDeliveryMethod.SpecifiedPickupDirectory,
                PickupDirectoryLocation = Directory.CreateDirectory(PickupDirectory(mail, lianbo.Value)).FullName,
            };
        await client.SendMailAsync(message);
    }

    public static string PickupDirectory(MailOptions mail, Data.LianboOptions lianbo) =>
        mail.PickupDirectory is { Length: > 0 } dir ? dir : Path.Combine(lianbo.DataDirectory, "mail");
}

/// <summary>Messages in a given language, for texts that go to someone whose language is not the request's.</summary>
internal static class Bilingual
{
    public static string In(string culture, string key, params object?[] args)
    {
        var previous = System.Globalization.CultureInfo.CurrentUICulture;
        try
        {
            System.Globalization.CultureInfo.CurrentUICulture = new System.Globalization.CultureInfo(culture);
            return Messages.Format(key, args);
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentUICulture = previous;
        }
    }
}
