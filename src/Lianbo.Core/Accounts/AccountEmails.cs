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

/// <summary>
/// Sends one plain-text e-mail through the configured SMTP server, or writes it as an .eml file into the pickup folder
/// when no server is named; the account e-mails and the meeting e-mails both go through it.
/// </summary>
public sealed class MailSender(IOptions<MailOptions> options, IOptions<Data.LianboOptions> lianbo)
{
    public async Task SendAsync(string to, string subject, string body, CancellationToken ct = default)
    {
        var mail = options.Value;
        using var message = new MailMessage(mail.From, to)
        {
            Subject = subject,
            Body = body,
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
        await client.SendMailAsync(message, ct);
    }

    public static string PickupDirectory(MailOptions mail, Data.LianboOptions lianbo) =>
        mail.PickupDirectory is { Length: > 0 } dir ? dir : Path.Combine(lianbo.DataDirectory, "mail");
}

/// <summary>Sends the account e-mails, each in Chinese and English (the address may not have chosen a language yet).</summary>
public sealed class AccountEmailSender(MailSender sender) : IEmailSender<LianboUser>
{
    public Task SendConfirmationLinkAsync(LianboUser user, string email, string confirmationLink) =>
        SendAsync(email, "MailConfirmSubject", "MailConfirmBody", user.DisplayName, confirmationLink);

    public Task SendPasswordResetLinkAsync(LianboUser user, string email, string resetLink) =>
        SendAsync(email, "MailResetSubject", "MailResetBody", user.DisplayName, resetLink);

    public Task SendPasswordResetCodeAsync(LianboUser user, string email, string resetCode) =>
        SendAsync(email, "MailResetSubject", "MailResetCodeBody", user.DisplayName, resetCode);

    public Task SendInvitationAsync(string email, Organisation org, string link) =>
        SendAsync(email, "MailInviteSubject", "MailInviteBody", org.NameZh, org.NameEn, link);

    private Task SendAsync(string to, string subjectKey, string bodyKey, params object?[] args) =>
        sender.SendAsync(to, Bilingual.Both(() => Messages.Format(subjectKey), " / "), Bilingual.Both(() => Messages.Format(bodyKey, args), Bilingual.Separator));
}

/// <summary>Messages in a given language, for texts that go to someone whose language is not the request's.</summary>
internal static class Bilingual
{
    public static string In(string culture, string key, params object?[] args) =>
        In(new System.Globalization.CultureInfo(culture), () => Messages.Format(key, args));

    /// <summary>Between the Chinese and the English half of a mail's body.</summary>
    public const string Separator = "\n\n----\n\n";

    /// <summary>The text in Chinese, then in English, for someone whose language is not known.</summary>
    public static string Both(Func<string> render, string separator) =>
        In(new System.Globalization.CultureInfo("zh-CN"), render) + separator + In(new System.Globalization.CultureInfo("en"), render);

    /// <summary>Runs <paramref name="render"/> with <paramref name="culture"/> as the UI culture (names, messages), then restores it.</summary>
    public static T In<T>(System.Globalization.CultureInfo culture, Func<T> render)
    {
        var previous = System.Globalization.CultureInfo.CurrentUICulture;
        try
        {
            System.Globalization.CultureInfo.CurrentUICulture = culture;
            return render();
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentUICulture = previous;
        }
    }
}
