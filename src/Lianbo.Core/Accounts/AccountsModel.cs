using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Lianbo.Core.Accounts;

internal sealed class LianboUserConfiguration : IEntityTypeConfiguration<LianboUser>
{
    public void Configure(EntityTypeBuilder<LianboUser> user)
    {
        user.Property(u => u.DisplayName).HasMaxLength(100);
        user.Property(u => u.PreferredCulture).HasMaxLength(10);
        user.HasOne(u => u.Organisation).WithMany().HasForeignKey(u => u.OrganisationId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class OrganisationConfiguration : IEntityTypeConfiguration<Organisation>
{
    public void Configure(EntityTypeBuilder<Organisation> org)
    {
        org.Property(o => o.NameEn).HasMaxLength(200);
        org.Property(o => o.NameZh).HasMaxLength(100);
        org.Property(o => o.CountryIso3).HasMaxLength(3);
        org.HasOne<Reference.Country>().WithMany().HasForeignKey(o => o.CountryIso3).OnDelete(DeleteBehavior.Restrict);
        org.Property(o => o.Type).HasConversion<string>().HasMaxLength(32);
        org.Property(o => o.Website).HasMaxLength(300);
        org.Property(o => o.ContactPerson).HasMaxLength(100);
        org.Property(o => o.ContactEmail).HasMaxLength(256);
        org.Property(o => o.ContactPhone).HasMaxLength(50);
        org.Property(o => o.DescriptionEn).HasMaxLength(Organisations.MaxDescription);
        org.Property(o => o.DescriptionZh).HasMaxLength(Organisations.MaxDescription);
        org.Property(o => o.LogoType).HasMaxLength(20);
        org.Property(o => o.Key).HasMaxLength(64);
        org.HasIndex(o => o.Key).IsUnique();
        org.Property(o => o.Size).HasConversion<string>().HasMaxLength(8);
        org.HasMany(o => o.Products).WithOne().HasForeignKey(p => p.OrganisationId).OnDelete(DeleteBehavior.Cascade);
        org.HasMany(o => o.Stages).WithOne().HasForeignKey(s => s.OrganisationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ContactGrantConfiguration : IEntityTypeConfiguration<ContactGrant>
{
    public void Configure(EntityTypeBuilder<ContactGrant> grant)
    {
        grant.HasIndex(g => new { g.OrganisationA, g.OrganisationB }).IsUnique();
        grant.HasOne<Organisation>().WithMany().HasForeignKey(g => g.OrganisationA).OnDelete(DeleteBehavior.Cascade);
        grant.HasOne<Organisation>().WithMany().HasForeignKey(g => g.OrganisationB).OnDelete(DeleteBehavior.Cascade);
        grant.Property(g => g.Reason).HasMaxLength(200);
    }
}

internal sealed class InvitationConfiguration : IEntityTypeConfiguration<Invitation>
{
    public void Configure(EntityTypeBuilder<Invitation> invitation)
    {
        invitation.HasOne<Organisation>().WithMany().HasForeignKey(i => i.OrganisationId).OnDelete(DeleteBehavior.Cascade);
        invitation.Property(i => i.Email).HasMaxLength(256);
        invitation.Property(i => i.TokenHash).HasMaxLength(64);
        invitation.HasIndex(i => i.TokenHash).IsUnique();
        invitation.Property(i => i.InvitedById).HasMaxLength(450);
    }
}

internal sealed class ApiTokenConfiguration : IEntityTypeConfiguration<ApiToken>
{
    public void Configure(EntityTypeBuilder<ApiToken> token)
    {
        token.HasOne<LianboUser>().WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
        token.Property(t => t.Name).HasMaxLength(100);
        token.Property(t => t.Hash).HasMaxLength(64);
        token.HasIndex(t => t.Hash).IsUnique();
        token.Property(t => t.Prefix).HasMaxLength(16);
        token.Property(t => t.Scope).HasConversion<string>().HasMaxLength(16);
        token.Property(t => t.CreatedFrom).HasConversion<string>().HasMaxLength(16);
    }
}

internal sealed class ConsentRecordConfiguration : IEntityTypeConfiguration<ConsentRecord>
{
    public void Configure(EntityTypeBuilder<ConsentRecord> consent)
    {
        consent.HasOne<LianboUser>().WithMany().HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.Cascade);
        consent.Property(c => c.Version).HasMaxLength(32);
    }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> entry)
    {
        entry.Property(e => e.ActorId).HasMaxLength(450);
        entry.Property(e => e.ActorRole).HasMaxLength(32);
        entry.Property(e => e.Action).HasMaxLength(64);
        entry.Property(e => e.EntityType).HasMaxLength(64);
        entry.Property(e => e.EntityId).HasMaxLength(450);
        entry.HasIndex(e => e.At);
        entry.HasIndex(e => e.Sequence).IsUnique();
        entry.Property(e => e.PreviousHash).HasMaxLength(64);
        entry.Property(e => e.Hash).HasMaxLength(64);
    }
}
