using System.Text.Json;
using System.Text.Json.Nodes;
using Lianbo.Core.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;

namespace Lianbo.Core.Accounts;

public sealed record RegistrationInput(
    string Email, string Password, string DisplayName, bool AcceptsPrivacyNotice, string? Culture = null,
    string? OrganisationNameEn = null, string? OrganisationNameZh = null, string? CountryIso3 = null,
    OrganisationType OrganisationType = OrganisationType.Enterprise, string? InvitationToken = null);

public sealed record MeDto(string UserId, string Email, string DisplayName, string? PreferredCulture, IReadOnlyList<string> Roles, Guid? OrganisationId, bool IsOrganisationAdmin, bool TwoFactorEnabled);

/// <summary>Registration, confirmation, password reset, the user's own settings, data export and deletion.</summary>
public sealed class Accounts(LianboDbContext db, UserManager<LianboUser> users, AccountEmailSender mail, Organisations organisations, ApiTokens tokens, TimeProvider clock)
{
    /// <summary>The version of the privacy notice a user accepts at registration (the text is in the resources).</summary>
    public const string PrivacyNoticeVersion = "2026-11-25";

    /// <summary>
    /// Creates a participant account: with a new organisation it administers, or, with an invitation token, as a
    /// member of the inviting organisation. Sends the confirmation e-mail; the account can sign in once confirmed.
    /// </summary>
    public async Task<Outcome<string>> RegisterAsync(RegistrationInput input, Func<string, string, string> confirmLink, CancellationToken ct = default)
    {
        var errors = new FieldErrors();
        if (!InputRules.IsEmail(input.Email))
        {
            errors.Add("email", Messages.Format("BadEmail"));
        }

        InputRules.Require(errors, "displayName", input.DisplayName, 100);
        if (!input.AcceptsPrivacyNotice)
        {
            errors.Add("acceptsPrivacyNotice", Messages.Format("PrivacyNoticeRequired"));
        }

        Invitation? invitation = null;
        if (input.InvitationToken is { Length: > 0 } token)
        {
            invitation = await OpenInvitation(token).FirstOrDefaultAsync(ct);
            if (invitation is null)
            {
                errors.Add("invitationToken", Messages.Format("InvitationInvalid"));
            }
            else if (!string.Equals(invitation.Email.Trim(), input.Email.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                // The link was sent to one address; whoever else holds it (a forwarded mail, a leaked link) may not use it.
                errors.Add("email", Messages.Format("InvitationForOtherEmail"));
            }
        }
        else
        {
            var org = await organisations.CheckAsync(NewOrganisation(input), ct);
            foreach (var (field, messages) in org.ToDictionary())
            {
                foreach (var message in messages)
                {
                    errors.Add("organisation" + char.ToUpperInvariant(field[0]) + field[1..], message);
                }
            }
        }

        if (errors.Any)
        {
            return Outcome<string>.Invalid(errors.ToDictionary());
        }

        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var user = new LianboUser
            {
                UserName = input.Email.Trim(),
                Email = input.Email.Trim(),
                DisplayName = input.DisplayName.Trim(),
                PreferredCulture = input.Culture,
                CreatedAt = clock.GetUtcNow(),
            };
            if (invitation is not null)
            {
                user.OrganisationId = invitation.OrganisationId;
                invitation.AcceptedAt = clock.GetUtcNow();
            }
            else
            {
                var org = NewOrganisation(input);
                var entity = new Organisation
                {
                    Id = Guid.NewGuid(),
                    NameEn = org.NameEn.Trim(),
                    NameZh = org.NameZh.Trim(),
                    CountryIso3 = string.IsNullOrWhiteSpace(org.CountryIso3) ? null : org.CountryIso3.Trim().ToUpperInvariant(),
                    Type = org.Type,
                    // Registering to take part lists the organisation; its admin may unlist it on its profile page.
                    IsPublic = true,
                    CreatedAt = clock.GetUtcNow(),
                };
                db.Organisations.Add(entity);
                user.OrganisationId = entity.Id;
                user.IsOrganisationAdmin = true;
            }

            var created = await users.CreateAsync(user, input.Password);
            if (!created.Succeeded)
            {
                return Outcome<string>.Invalid(IdentityErrors(created, "password"));
            }

            await users.AddToRoleAsync(user, Roles.Participant);
            db.ConsentRecords.Add(new ConsentRecord { UserId = user.Id, Version = PrivacyNoticeVersion, At = clock.GetUtcNow() });
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);

            var code = WebEncoders.Base64UrlEncode(System.Text.Encoding.UTF8.GetBytes(await users.GenerateEmailConfirmationTokenAsync(user)));
            await mail.SendConfirmationLinkAsync(user, user.Email, confirmLink(user.Id, code));
            return Outcome<string>.Ok(user.Id);
        });
    }

    /// <summary>The address an open invitation was sent to, to fill in the form; null for an unknown, used or expired token.</summary>
    public Task<string?> InvitedEmailAsync(string token, CancellationToken ct = default) =>
        OpenInvitation(token).AsNoTracking().Select(i => (string?)i.Email).FirstOrDefaultAsync(ct);

    private IQueryable<Invitation> OpenInvitation(string token)
    {
        var hash = ApiTokens.Hash(token);
        var now = clock.GetUtcNow();
        return db.Invitations.Where(i => i.TokenHash == hash && i.AcceptedAt == null && i.ExpiresAt > now);
    }

    public async Task<Outcome<string>> ConfirmEmailAsync(string userId, string code)
    {
        var user = await users.FindByIdAsync(userId);
        if (user is null || Decode(code) is not { } token || !(await users.ConfirmEmailAsync(user, token)).Succeeded)
        {
            return Outcome<string>.Invalid("code", Messages.Format("ConfirmationInvalid"));
        }

        return Outcome<string>.Ok(user.Id);
    }

    /// <summary>Sends a reset link when the address belongs to a confirmed account; says the same either way.</summary>
    public async Task SendPasswordResetAsync(string email, Func<string, string> resetLink)
    {
        var user = await users.FindByEmailAsync(email.Trim());
        if (user is { EmailConfirmed: true, Email: { } address })
        {
            var code = WebEncoders.Base64UrlEncode(System.Text.Encoding.UTF8.GetBytes(await users.GeneratePasswordResetTokenAsync(user)));
            await mail.SendPasswordResetLinkAsync(user, address, resetLink(code));
        }
    }

    public async Task<Outcome<string>> ResetPasswordAsync(string email, string code, string newPassword)
    {
        var user = await users.FindByEmailAsync(email.Trim());
        if (user is null || Decode(code) is not { } token)
        {
            return Outcome<string>.Invalid("code", Messages.Format("ResetInvalid"));
        }

        var reset = await users.ResetPasswordAsync(user, token, newPassword);
        return reset.Succeeded ? Outcome<string>.Ok(user.Id) : Outcome<string>.Invalid(IdentityErrors(reset, "password"));
    }

    public async Task<MeDto?> MeAsync(string userId)
    {
        var user = await users.FindByIdAsync(userId);
        return user is null ? null : new MeDto(user.Id, user.Email ?? "", user.DisplayName, user.PreferredCulture,
            [.. await users.GetRolesAsync(user)], user.OrganisationId, user.IsOrganisationAdmin, user.TwoFactorEnabled);
    }

    public async Task<Outcome<string>> SetCultureAsync(string userId, string culture)
    {
        if (culture is not ("zh-CN" or "en"))
        {
            return Outcome<string>.Invalid("culture", Messages.Format("UnknownCulture", culture));
        }

        var user = await users.FindByIdAsync(userId);
        if (user is null)
        {
            return Outcome<string>.NotFound(Messages.Format("AccountNotFound"));
        }

        user.PreferredCulture = culture;
        await users.UpdateAsync(user);
        return Outcome<string>.Ok(culture);
    }

    /// <summary>Everything stored about the user, as one JSON document (the right of access).</summary>
    public async Task<JsonObject?> ExportAsync(string userId, CancellationToken ct = default)
    {
        var user = await users.FindByIdAsync(userId);
        if (user is null)
        {
            return null;
        }

        var organisation = user.OrganisationId is { } orgId ? await db.Organisations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == orgId, ct) : null;
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };
        var document = new
        {
            exportedAt = clock.GetUtcNow(),
            account = new
            {
                user.Id, user.Email, user.EmailConfirmed, user.DisplayName, user.PreferredCulture, user.PhoneNumber,
                user.TwoFactorEnabled, user.CreatedAt, roles = await users.GetRolesAsync(user), user.IsOrganisationAdmin,
            },
            organisation = organisation?.ToDto(contact: true),
            consents = await db.ConsentRecords.AsNoTracking().Where(c => c.UserId == userId).OrderBy(c => c.Id).Select(c => new { c.Version, c.At }).ToListAsync(ct),
            apiTokens = await tokens.ListAsync(userId, ct),
            invitationsSent = await db.Invitations.AsNoTracking().Where(i => i.InvitedById == userId).Select(i => new { i.Email, i.CreatedAt, i.AcceptedAt }).ToListAsync(ct),
            auditEntries = await db.AuditEntries.AsNoTracking().Where(e => e.ActorId == userId).OrderBy(e => e.Id)
                .Select(e => new { e.At, e.Action, e.EntityType, e.EntityId }).ToListAsync(ct),
        };
        return JsonSerializer.SerializeToNode(document, json)!.AsObject();
    }

    /// <summary>
    /// Deletes the account and the personal data tied to it: tokens, consents, invitations it sent, and the
    /// organisation's contact fields where they were this person's. The organisation and the audit entries
    /// (which hold ids, never names) stay for the statistics and the record.
    /// </summary>
    public async Task<Outcome<string>> DeleteAsync(string userId, CancellationToken ct = default)
    {
        var user = await users.FindByIdAsync(userId);
        if (user is null)
        {
            return Outcome<string>.NotFound(Messages.Format("AccountNotFound"));
        }

        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await db.Invitations.Where(i => i.InvitedById == userId || i.Email == user.Email).ExecuteDeleteAsync(ct);
            if (user.OrganisationId is { } orgId && await db.Organisations.FirstOrDefaultAsync(o => o.Id == orgId, ct) is { } org
                && (string.Equals(org.ContactEmail, user.Email, StringComparison.OrdinalIgnoreCase) || org.ContactPerson == user.DisplayName))
            {
                (org.ContactPerson, org.ContactEmail, org.ContactPhone) = (null, null, null);
                await db.SaveChangesAsync(ct);
            }

            var deleted = await users.DeleteAsync(user);
            if (!deleted.Succeeded)
            {
                return Outcome<string>.Invalid(IdentityErrors(deleted, "account"));
            }

            await tx.CommitAsync(ct);
            return Outcome<string>.Ok(userId);
        });
    }

    private static OrganisationUpdate NewOrganisation(RegistrationInput input) =>
        new(input.OrganisationNameEn ?? "", input.OrganisationNameZh ?? "", input.CountryIso3, input.OrganisationType, null, false, null, null, null);

    private static string? Decode(string code)
    {
        try
        {
            return System.Text.Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(code));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    // Identity's own codes ("PasswordTooShort", "DuplicateUserName"…) are mapped to the field they concern;
    // the descriptions come from LocalizedIdentityErrors.
    internal static IReadOnlyDictionary<string, string[]> IdentityErrors(IdentityResult result, string defaultField)
    {
        var errors = new FieldErrors();
        foreach (var error in result.Errors)
        {
            var field = error.Code.StartsWith("Password", StringComparison.Ordinal) ? "password"
                : error.Code.Contains("Email", StringComparison.Ordinal) || error.Code.Contains("UserName", StringComparison.Ordinal) ? "email"
                : defaultField;
            errors.Add(field, error.Description);
        }

        return errors.ToDictionary();
    }
}
