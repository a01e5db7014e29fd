namespace Lianbo.Core.Accounts;

/// <summary>Who is asking: the signed-in user's id, organisation and roles, as the use cases need them.</summary>
public sealed record Viewer(string UserId, Guid? OrganisationId, bool IsOrganisationAdmin, IReadOnlySet<string> RoleSet)
{
    public bool IsOrganiser => RoleSet.Contains(Roles.Organiser);
    public bool IsAnalyst => RoleSet.Contains(Roles.Analyst) || IsOrganiser;

    public bool BelongsTo(Guid organisationId) => OrganisationId == organisationId;

    /// <summary>The role recorded in the audit log for this viewer's actions.</summary>
    public string AuditRole => IsOrganiser ? Roles.Organiser : IsOrganisationAdmin ? "organisation-admin" : RoleSet.FirstOrDefault() ?? "user";

    /// <summary>The command line acts as the server's administrator.</summary>
    public static readonly Viewer CommandLine = new("cli", null, false, new HashSet<string>(StringComparer.Ordinal) { Roles.Organiser });
}
