using Lianbo.Core.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Lianbo.Core.Matchmaking;

public enum MarkKind
{
    /// <summary>Kept on the user's saved list.</summary>
    Saved,

    /// <summary>A refusal: never recommended to the user's organisation again, nor it to them (until undone).</summary>
    NotInterested,
}

/// <summary>
/// One user's private mark on another organisation. A user has at most one mark per organisation: marking it "not
/// interested" replaces "saved" and the reverse; undo removes the mark.
/// </summary>
public sealed class OrganisationMark
{
    public required string UserId { get; set; }
    public Guid OrganisationId { get; set; }
    public MarkKind Kind { get; set; }
    public DateTimeOffset MarkedAt { get; set; }
}

internal sealed class OrganisationMarkConfiguration : IEntityTypeConfiguration<OrganisationMark>
{
    public void Configure(EntityTypeBuilder<OrganisationMark> mark)
    {
        mark.ToTable("OrganisationMarks");
        mark.HasKey(m => new { m.UserId, m.OrganisationId });
        // A deleted account or organisation takes its marks with it.
        mark.HasOne<LianboUser>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
        mark.HasOne<Organisation>().WithMany().HasForeignKey(m => m.OrganisationId).OnDelete(DeleteBehavior.Cascade);
        mark.Property(m => m.Kind).HasConversion<string>().HasMaxLength(20);
        mark.HasIndex(m => m.OrganisationId);
    }
}
