using Microsoft.AspNetCore.Identity;

namespace Lianbo.Core.Accounts;

/// <summary>A person who signs in. Personal data: the e-mail, names and phone; removed when the account is deleted.</summary>
public sealed class LianboUser : IdentityUser
{
    [PersonalData]
    public string DisplayName { get; set; } = "";

    /// <summary>zh-CN or en; pages use it once the user has signed in.</summary>
    public string? PreferredCulture { get; set; }

    /// <summary>The user turned the e-mails about meeting requests and meetings off (account settings); they are sent by default.</summary>
    public bool MeetingMailOff { get; set; }

    public Guid? OrganisationId { get; set; }
    public Organisation? Organisation { get; set; }

    /// <summary>The organisation's admin invites the other members.</summary>
    public bool IsOrganisationAdmin { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

public static class Roles
{
    public const string Organiser = "organiser";
    public const string Analyst = "analyst";
    public const string Participant = "participant";

    public static readonly IReadOnlyList<string> All = [Organiser, Analyst, Participant];
}

public enum OrganisationType
{
    Enterprise,
    Institution,
    UniversityOrResearch,
    InternationalOrganisation,
    GovernmentBody,
}

/// <summary>
/// A firm or institution taking part. Its name and country are public once it chooses to be listed; its
/// contact details are seen only by its members, organisers, and organisations it has agreed to meet.
/// </summary>
public sealed class Organisation
{
    public Guid Id { get; set; }
    public required string NameEn { get; set; }
    public required string NameZh { get; set; }

    /// <summary>ISO alpha-3; null for international organisations.</summary>
    public string? CountryIso3 { get; set; }

    public OrganisationType Type { get; set; }
    public string? Website { get; set; }

    /// <summary>Listed in the public directory.</summary>
    public bool IsPublic { get; set; }

    public string? ContactPerson { get; set; }
    public string? ContactEmail { get; set; }
    public string? ContactPhone { get; set; }

    /// <summary>What the organisation does, for its public page, in each language; written by its admin.</summary>
    public string? DescriptionEn { get; set; }

    public string? DescriptionZh { get; set; }

    /// <summary>The content type of its logo (image/png, image/jpeg or image/webp), whose bytes are a file in the state directory; null without one.</summary>
    public string? LogoType { get; set; }

    /// <summary>When the logo was last replaced: part of its address, so that a new logo is never shown from a cache as the old one.</summary>
    public DateTimeOffset? LogoUpdatedAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The organiser's stable key (e.g. from their exhibitor list); imports update by it instead of duplicating.</summary>
    public string? Key { get; set; }

    public Expo.SizeClass Size { get; set; }
    public bool IsFortuneGlobal500 { get; set; }
    public bool IsIndustryLeader { get; set; }

    /// <summary>Generated demo data, removed by <c>lianbo demo remove</c>.</summary>
    public bool IsDemo { get; set; }

    public List<Expo.OrganisationProduct> Products { get; set; } = [];
    public List<Expo.OrganisationStage> Stages { get; set; } = [];
}

/// <summary>
/// Two organisations may see each other's contact details: created when a meeting between them is accepted
/// (the matchmaking workflow), or by an organiser; <see cref="Reason"/> says which.
/// </summary>
public sealed class ContactGrant
{
    public Guid Id { get; set; }

    /// <summary>The pair is stored in order (<see cref="OrganisationA"/> &lt; <see cref="OrganisationB"/>) so it is unique.</summary>
    public Guid OrganisationA { get; set; }

    public Guid OrganisationB { get; set; }
    public required string Reason { get; set; }
    public DateTimeOffset GrantedAt { get; set; }
}

/// <summary>An organisation admin's invitation to join; the token itself is only in the e-mail.</summary>
public sealed class Invitation
{
    public Guid Id { get; set; }
    public Guid OrganisationId { get; set; }
    public required string Email { get; set; }
    public required string TokenHash { get; set; }
    public required string InvitedById { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? AcceptedAt { get; set; }
}

public enum TokenScope
{
    Read,
    ReadWrite,
}

/// <summary>
/// How a token was made: on the tokens page by a signed-in person, through the API with another token, or by an
/// organiser with the command line. Only a fresh token made in a session may make tokens or delete the account.
/// </summary>
public enum TokenOrigin
{
    Session,
    Token,
    Cli,
}

/// <summary>A personal API token. Only its SHA-256 is stored; the token is shown once, when it is created.</summary>
public sealed class ApiToken
{
    public Guid Id { get; set; }
    public required string UserId { get; set; }
    public required string Name { get; set; }
    public required string Hash { get; set; }

    /// <summary>The first characters, so that a user can tell tokens apart.</summary>
    public required string Prefix { get; set; }

    public TokenScope Scope { get; set; }
    public TokenOrigin CreatedFrom { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }
}

/// <summary>A user's consent to data processing: which version of the text, and when.</summary>
public sealed class ConsentRecord
{
    public long Id { get; set; }
    public required string UserId { get; set; }
    public required string Version { get; set; }
    public DateTimeOffset At { get; set; }
}

/// <summary>
/// One organiser or admin action. Append-only: the database refuses updates and deletes (triggers in the
/// migrations). It holds ids and changed fields, never e-mails or names, so deleting an account needs no edit here.
/// Each entry is a link of a hash chain (see <see cref="AuditChain"/>), so an edit made around the triggers shows.
/// </summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public string? ActorId { get; set; }
    public required string ActorRole { get; set; }
    public required string Action { get; set; }
    public required string EntityType { get; set; }
    public required string EntityId { get; set; }
    public string? Before { get; set; }
    public string? After { get; set; }

    /// <summary>The entry's place in the chain, from 1 without gaps; null only for an entry from before the chain, until it is sealed.</summary>
    public long? Sequence { get; set; }

    /// <summary>The hash of the entry before (null for the first).</summary>
    public string? PreviousHash { get; set; }

    /// <summary>SHA-256 of <see cref="AuditChain.Canonical"/>, lowercase hex.</summary>
    public string? Hash { get; set; }
}
