using System.Security.Cryptography;
using Lianbo.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Lianbo.Core.Accounts;

public sealed record ContactDto(string? Person, string? Email, string? Phone);

/// <summary>
/// An organisation as a viewer may see it: <see cref="Contact"/> is null unless the viewer may see it; <see cref="LogoUrl"/>
/// is the address of its logo (which changes with the logo), null without one.
/// </summary>
public sealed record OrganisationDto(Guid Id, string NameEn, string NameZh, string? CountryIso3, OrganisationType Type, string? Website, bool IsPublic, ContactDto? Contact,
    string? DescriptionEn, string? DescriptionZh, string? LogoUrl);

/// <summary>The whole editable profile; descriptions left out (null) are none.</summary>
public sealed record OrganisationUpdate(string NameEn, string NameZh, string? CountryIso3, OrganisationType Type, string? Website, bool IsPublic, string? ContactPerson, string? ContactEmail, string? ContactPhone,
    string? DescriptionEn = null, string? DescriptionZh = null);

public sealed record MemberDto(string UserId, string DisplayName, string? Email, bool IsAdmin, bool EmailConfirmed);

/// <summary>Organisation profiles, their members and invitations, and who may see whose contact details.</summary>
public sealed class Organisations(LianboDbContext db, AccountEmailSender mail, AuditLog audit, TimeProvider clock)
{
    public static readonly TimeSpan InvitationLifetime = TimeSpan.FromDays(14);

    /// <summary>Characters of a description in one language: a few paragraphs, as an exhibitor catalogue prints.</summary>
    public const int MaxDescription = 4000;

    /// <summary>
    /// Organisations every signed-in participant may be shown (in recommendations, chains, as meeting partners): those
    /// listed, and exhibitors, whom the expo's exhibitor list shows anyway. Members and organisers see more.
    /// </summary>
    public static IQueryable<Organisation> Shown(LianboDbContext db) =>
        db.Organisations.Where(o => o.IsPublic || db.Exhibitors.Any(e => e.OrganisationId == o.Id));

    /// <summary>The public directory: organisations that chose to be listed, without contact details.</summary>
    /// <summary>The public directory by English name, one page of it (page from 1).</summary>
    public async Task<Page<OrganisationDto>> ListPublicAsync(int page, int pageSize, CancellationToken ct = default)
    {
        var listed = db.Organisations.AsNoTracking().Where(o => o.IsPublic);
        var total = await listed.CountAsync(ct);
        var items = await listed.OrderBy(o => o.NameEn).ThenBy(o => o.Id).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return new Page<OrganisationDto>([.. items.Select(o => o.ToDto(contact: false))], total, page, pageSize);
    }

    /// <summary>
    /// An unlisted organisation is "not found" for those who may not see it. Contact details are shown to its
    /// members, organisers, and organisations it has a contact grant with (an accepted meeting).
    /// </summary>
    public async Task<Outcome<OrganisationDto>> GetAsync(Viewer? viewer, Guid id, CancellationToken ct = default)
    {
        var org = await db.Organisations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == id, ct);
        var contact = org is not null && await MaySeeContactAsync(viewer, org.Id, ct);
        return org is null || (!org.IsPublic && !contact)
            ? Outcome<OrganisationDto>.NotFound(Messages.Format("OrganisationNotFound"))
            : Outcome<OrganisationDto>.Ok(org.ToDto(contact));
    }

    public async Task<bool> MaySeeContactAsync(Viewer? viewer, Guid organisationId, CancellationToken ct = default)
    {
        if (viewer is null)
        {
            return false;
        }

        if (viewer.IsOrganiser || viewer.BelongsTo(organisationId))
        {
            return true;
        }

        return viewer.OrganisationId is { } own && await HasGrantAsync(own, organisationId, ct);
    }

    /// <summary>Lets two organisations see each other's contact details (called when a meeting is accepted).</summary>
    public async Task GrantContactAsync(Guid a, Guid b, string reason, CancellationToken ct = default)
    {
        if (await AddGrantAsync(db, a, b, reason, clock.GetUtcNow(), ct))
        {
            await db.SaveChangesAsync(ct);
        }
    }

    /// <summary>Adds the grant to the context unless the pair has one; the caller saves it with the change that grants it.</summary>
    internal static async Task<bool> AddGrantAsync(LianboDbContext db, Guid a, Guid b, string reason, DateTimeOffset at, CancellationToken ct)
    {
        var (first, second) = a.CompareTo(b) < 0 ? (a, b) : (b, a);
        if (await db.ContactGrants.AnyAsync(g => g.OrganisationA == first && g.OrganisationB == second, ct)
            || db.ContactGrants.Local.Any(g => g.OrganisationA == first && g.OrganisationB == second))
        {
            return false;
        }

        db.ContactGrants.Add(new ContactGrant { Id = Guid.NewGuid(), OrganisationA = first, OrganisationB = second, Reason = reason, GrantedAt = at });
        return true;
    }

    /// <summary>Its admin edits an organisation's profile, and organisers edit any (recorded in the audit log).</summary>
    public async Task<Outcome<OrganisationDto>> UpdateAsync(Viewer viewer, Guid id, OrganisationUpdate input, CancellationToken ct = default)
    {
        var (org, refusal) = await EditableAsync(viewer, id, ct);
        if (org is null)
        {
            return refusal!;
        }

        var errors = await CheckAsync(input, ct);
        if (errors.Any)
        {
            return Outcome<OrganisationDto>.Invalid(errors.ToDictionary());
        }

        // The audit keeps the public profile and whether the contact details changed, never the details themselves.
        var before = org.ToDto(contact: false);
        var contactBefore = (org.ContactPerson, org.ContactEmail, org.ContactPhone);
        org.NameEn = input.NameEn.Trim();
        org.NameZh = input.NameZh.Trim();
        org.CountryIso3 = Blank(input.CountryIso3)?.ToUpperInvariant();
        org.Type = input.Type;
        org.Website = Blank(input.Website);
        org.IsPublic = input.IsPublic;
        org.ContactPerson = Blank(input.ContactPerson);
        org.ContactEmail = Blank(input.ContactEmail);
        org.ContactPhone = Blank(input.ContactPhone);
        org.DescriptionEn = Blank(input.DescriptionEn);
        org.DescriptionZh = Blank(input.DescriptionZh);
        audit.Record(viewer, "organisation.update", nameof(Organisation), id.ToString(), before,
            new { profile = org.ToDto(contact: false), contactChanged = contactBefore != (org.ContactPerson, org.ContactEmail, org.ContactPhone) });
        await db.SaveChangesAsync(ct);
        return Outcome<OrganisationDto>.Ok(org.ToDto(contact: true));
    }

    /// <summary>The organisation, tracked, if the viewer may edit it (its admin, organisers); else the refusal to give.</summary>
    internal async Task<(Organisation? Organisation, Outcome<OrganisationDto>? Refusal)> EditableAsync(Viewer viewer, Guid id, CancellationToken ct)
    {
        var org = await db.Organisations.FirstOrDefaultAsync(o => o.Id == id, ct);
        if (org is not null && (viewer.IsOrganiser || (viewer.BelongsTo(id) && viewer.IsOrganisationAdmin)))
        {
            return (org, null);
        }

        // A participant learns nothing about organisations it may not edit beyond what GET shows.
        return (null, org is not null && (org.IsPublic || viewer.BelongsTo(id))
            ? Outcome<OrganisationDto>.Forbidden(Messages.Format("OrganisationNotYours"))
            : Outcome<OrganisationDto>.NotFound(Messages.Format("OrganisationNotFound")));
    }

    public async Task<Outcome<List<MemberDto>>> MembersAsync(Viewer viewer, Guid id, CancellationToken ct = default) =>
        MayListMembers(viewer, id)
            ? Outcome<List<MemberDto>>.Ok(await Members(id).ToListAsync(ct))
            : Outcome<List<MemberDto>>.NotFound(Messages.Format("OrganisationNotFound"));

    public async Task<Outcome<Page<MemberDto>>> MembersAsync(Viewer viewer, Guid id, int page, int pageSize, CancellationToken ct = default) =>
        MayListMembers(viewer, id)
            ? Outcome<Page<MemberDto>>.Ok(await Members(id).ToPageAsync(page, pageSize, ct))
            : Outcome<Page<MemberDto>>.NotFound(Messages.Format("OrganisationNotFound"));

    private static bool MayListMembers(Viewer viewer, Guid id) => viewer.IsOrganiser || viewer.BelongsTo(id);

    // By name; the id keeps namesakes in one order.
    private IQueryable<MemberDto> Members(Guid id) =>
        db.Users.AsNoTracking().Where(u => u.OrganisationId == id).OrderBy(u => u.DisplayName).ThenBy(u => u.Id)
            .Select(u => new MemberDto(u.Id, u.DisplayName, u.Email, u.IsOrganisationAdmin, u.EmailConfirmed));

    /// <summary>The organisation's admin invites a colleague by e-mail; the link in the mail lets them register into it.</summary>
    public async Task<Outcome<string>> InviteAsync(Viewer viewer, Guid id, string email, Func<string, string> acceptLink, CancellationToken ct = default)
    {
        if (!(viewer.BelongsTo(id) && viewer.IsOrganisationAdmin) && !viewer.IsOrganiser)
        {
            return viewer.BelongsTo(id)
                ? Outcome<string>.Forbidden(Messages.Format("OnlyAdminInvites"))
                : Outcome<string>.NotFound(Messages.Format("OrganisationNotFound"));
        }

        if (!InputRules.IsEmail(email))
        {
            return Outcome<string>.Invalid("email", Messages.Format("BadEmail"));
        }

        var token = ApiTokens.Base64Url(RandomNumberGenerator.GetBytes(24));
        var now = clock.GetUtcNow();
        db.Invitations.Add(new Invitation
        {
            Id = Guid.NewGuid(),
            OrganisationId = id,
            Email = email.Trim(),
            TokenHash = ApiTokens.Hash(token),
            InvitedById = viewer.UserId,
            CreatedAt = now,
            ExpiresAt = now + InvitationLifetime,
        });
        audit.Record(viewer, "organisation.invite", nameof(Organisation), id.ToString());
        await db.SaveChangesAsync(ct);
        var org = await db.Organisations.AsNoTracking().FirstAsync(o => o.Id == id, ct);
        await mail.SendInvitationAsync(email.Trim(), org, acceptLink(token));
        return Outcome<string>.Ok(email.Trim());
    }

    internal async Task<FieldErrors> CheckAsync(OrganisationUpdate input, CancellationToken ct)
    {
        var errors = new FieldErrors();
        InputRules.Require(errors, "nameEn", input.NameEn, 200);
        InputRules.Require(errors, "nameZh", input.NameZh, 100);
        // A blank country is no country (stored as none), not a code that names none.
        var country = Blank(input.CountryIso3)?.ToUpperInvariant();
        if (country is not null && !await db.Countries.AnyAsync(c => c.Iso3 == country, ct))
        {
            errors.Add("countryIso3", Messages.Format("UnknownCountry", input.CountryIso3));
        }

        if (country is null && input.Type != OrganisationType.InternationalOrganisation)
        {
            errors.Add("countryIso3", Messages.Format("CountryRequired"));
        }

        if (Blank(input.ContactEmail) is { } contact && !InputRules.IsEmail(contact))
        {
            errors.Add("contactEmail", Messages.Format("BadEmail"));
        }

        if (Blank(input.Website) is { } site && !(Uri.TryCreate(site, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
        {
            errors.Add("website", Messages.Format("BadWebsite"));
        }

        InputRules.Limit(errors, "contactPerson", input.ContactPerson, 100);
        InputRules.Limit(errors, "contactPhone", input.ContactPhone, 50);
        InputRules.Limit(errors, "website", input.Website, 300);
        InputRules.Limit(errors, "descriptionEn", input.DescriptionEn, MaxDescription);
        InputRules.Limit(errors, "descriptionZh", input.DescriptionZh, MaxDescription);
        return errors;
    }

    private Task<bool> HasGrantAsync(Guid a, Guid b, CancellationToken ct)
    {
        var (first, second) = a.CompareTo(b) < 0 ? (a, b) : (b, a);
        return db.ContactGrants.AnyAsync(g => g.OrganisationA == first && g.OrganisationB == second, ct);
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

internal static class OrganisationMappings
{
    public static OrganisationDto ToDto(this Organisation o, bool contact) =>
        new(o.Id, o.NameEn, o.NameZh, o.CountryIso3, o.Type, o.Website, o.IsPublic, contact ? new ContactDto(o.ContactPerson, o.ContactEmail, o.ContactPhone) : null,
            o.DescriptionEn, o.DescriptionZh, OrganisationLogos.Url(o));
}
