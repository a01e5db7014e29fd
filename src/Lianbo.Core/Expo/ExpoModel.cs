using Lianbo.Core.Accounts;
using Lianbo.Core.Reference;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Lianbo.Core.Expo;

// Chain and stage ids are checked by the expo's commands, not by foreign keys: shipped chains are refreshed by
// replacing their rows, which keys to them would either block or cascade into the expo's data.

internal sealed class EditionConfiguration : IEntityTypeConfiguration<Edition>
{
    public void Configure(EntityTypeBuilder<Edition> edition)
    {
        edition.HasIndex(e => e.Number).IsUnique();
        edition.Property(e => e.NameZh).HasMaxLength(100);
        edition.Property(e => e.NameEn).HasMaxLength(200);
        edition.Property(e => e.ThemeZh).HasMaxLength(100);
        edition.Property(e => e.ThemeEn).HasMaxLength(200);
        edition.Property(e => e.CityZh).HasMaxLength(50);
        edition.Property(e => e.CityEn).HasMaxLength(100);
        edition.Property(e => e.VenueZh).HasMaxLength(100);
        edition.Property(e => e.VenueEn).HasMaxLength(200);
        edition.Property(e => e.GuestCountryIso3).HasMaxLength(3);
        edition.HasOne<Country>().WithMany().HasForeignKey(e => e.GuestCountryIso3).OnDelete(DeleteBehavior.Restrict);
        edition.Property(e => e.GuestProvinceZh).HasMaxLength(50);
        edition.Property(e => e.GuestProvinceEn).HasMaxLength(100);
        edition.HasMany(e => e.Zones).WithOne().HasForeignKey(z => z.EditionId).OnDelete(DeleteBehavior.Cascade);
        edition.HasMany(e => e.Halls).WithOne().HasForeignKey(h => h.EditionId).OnDelete(DeleteBehavior.Cascade);
        edition.HasMany(e => e.Booths).WithOne().HasForeignKey(b => b.EditionId).OnDelete(DeleteBehavior.Cascade);
        edition.HasMany(e => e.Supporters).WithOne().HasForeignKey(s => s.EditionId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class EditionSupporterConfiguration : IEntityTypeConfiguration<EditionSupporter>
{
    public void Configure(EntityTypeBuilder<EditionSupporter> supporter)
    {
        supporter.HasKey(s => new { s.EditionId, s.OrganisationId });
        supporter.HasOne<Organisation>().WithMany().HasForeignKey(s => s.OrganisationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ZoneConfiguration : IEntityTypeConfiguration<Zone>
{
    public void Configure(EntityTypeBuilder<Zone> zone)
    {
        zone.HasIndex(z => new { z.EditionId, z.Code }).IsUnique();
        zone.Property(z => z.Code).HasMaxLength(64);
        zone.Property(z => z.ChainId).HasMaxLength(64);
        zone.Property(z => z.NameZh).HasMaxLength(100);
        zone.Property(z => z.NameEn).HasMaxLength(200);
    }
}

internal sealed class HallConfiguration : IEntityTypeConfiguration<Hall>
{
    public void Configure(EntityTypeBuilder<Hall> hall)
    {
        hall.HasIndex(h => new { h.EditionId, h.Code }).IsUnique();
        hall.Property(h => h.Code).HasMaxLength(32);
        hall.Property(h => h.NameZh).HasMaxLength(100);
        hall.Property(h => h.NameEn).HasMaxLength(200);
    }
}

internal sealed class BoothConfiguration : IEntityTypeConfiguration<Booth>
{
    public void Configure(EntityTypeBuilder<Booth> booth)
    {
        booth.HasIndex(b => new { b.EditionId, b.Code }).IsUnique();
        booth.Property(b => b.Code).HasMaxLength(32);
        booth.HasOne<Hall>().WithMany().HasForeignKey(b => b.HallId).OnDelete(DeleteBehavior.Restrict);
        booth.HasOne<Zone>().WithMany().HasForeignKey(b => b.ZoneId).OnDelete(DeleteBehavior.Restrict);
        booth.HasOne<Exhibitor>().WithMany().HasForeignKey(b => b.ExhibitorId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class OrganisationProductConfiguration : IEntityTypeConfiguration<OrganisationProduct>
{
    public void Configure(EntityTypeBuilder<OrganisationProduct> product)
    {
        product.HasKey(p => new { p.OrganisationId, p.Hs });
        product.Property(p => p.Hs).HasMaxLength(6);
        product.HasIndex(p => p.Hs);
    }
}

internal sealed class OrganisationStageConfiguration : IEntityTypeConfiguration<OrganisationStage>
{
    public void Configure(EntityTypeBuilder<OrganisationStage> stage)
    {
        stage.HasKey(s => new { s.OrganisationId, s.ChainId, s.StageId });
        stage.Property(s => s.ChainId).HasMaxLength(64);
        stage.Property(s => s.StageId).HasMaxLength(64);
    }
}

internal sealed class ExhibitorConfiguration : IEntityTypeConfiguration<Exhibitor>
{
    public void Configure(EntityTypeBuilder<Exhibitor> exhibitor)
    {
        exhibitor.HasIndex(e => new { e.EditionId, e.OrganisationId }).IsUnique();
        exhibitor.HasOne<Edition>().WithMany().HasForeignKey(e => e.EditionId).OnDelete(DeleteBehavior.Cascade);
        exhibitor.HasOne<Organisation>().WithMany().HasForeignKey(e => e.OrganisationId).OnDelete(DeleteBehavior.Cascade);
        exhibitor.HasOne<Zone>().WithMany().HasForeignKey(e => e.ZoneId).OnDelete(DeleteBehavior.Restrict);
        exhibitor.HasMany(e => e.Partners).WithOne().HasForeignKey(p => p.ExhibitorId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ExhibitorPartnerConfiguration : IEntityTypeConfiguration<ExhibitorPartner>
{
    public void Configure(EntityTypeBuilder<ExhibitorPartner> partner)
    {
        partner.HasKey(p => new { p.ExhibitorId, p.OrganisationId });
        partner.HasOne<Organisation>().WithMany().HasForeignKey(p => p.OrganisationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class JointExhibitConfiguration : IEntityTypeConfiguration<JointExhibit>
{
    public void Configure(EntityTypeBuilder<JointExhibit> exhibit)
    {
        exhibit.HasOne<Edition>().WithMany().HasForeignKey(j => j.EditionId).OnDelete(DeleteBehavior.Cascade);
        exhibit.Property(j => j.ChainId).HasMaxLength(64);
        exhibit.Property(j => j.NameZh).HasMaxLength(100);
        exhibit.Property(j => j.NameEn).HasMaxLength(200);
        exhibit.HasMany(j => j.Members).WithOne().HasForeignKey(m => m.JointExhibitId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class JointExhibitMemberConfiguration : IEntityTypeConfiguration<JointExhibitMember>
{
    public void Configure(EntityTypeBuilder<JointExhibitMember> member)
    {
        member.HasKey(m => new { m.JointExhibitId, m.Position });
        member.HasOne<Organisation>().WithMany().HasForeignKey(m => m.OrganisationId).OnDelete(DeleteBehavior.Cascade);
        member.Property(m => m.StageId).HasMaxLength(64);
    }
}

internal sealed class LaunchConfiguration : IEntityTypeConfiguration<Launch>
{
    public void Configure(EntityTypeBuilder<Launch> launch)
    {
        launch.HasOne<Edition>().WithMany().HasForeignKey(l => l.EditionId).OnDelete(DeleteBehavior.Cascade);
        launch.HasOne<Exhibitor>().WithMany().HasForeignKey(l => l.ExhibitorId).OnDelete(DeleteBehavior.Cascade);
        launch.Property(l => l.Kind).HasConversion<string>().HasMaxLength(16);
        launch.Property(l => l.TitleZh).HasMaxLength(200);
        launch.Property(l => l.TitleEn).HasMaxLength(300);
    }
}

internal sealed class ExpoEventConfiguration : IEntityTypeConfiguration<ExpoEvent>
{
    public void Configure(EntityTypeBuilder<ExpoEvent> ev)
    {
        ev.ToTable("ExpoEvents");
        ev.HasOne<Edition>().WithMany().HasForeignKey(e => e.EditionId).OnDelete(DeleteBehavior.Cascade);
        ev.Property(e => e.Kind).HasConversion<string>().HasMaxLength(32);
        ev.Property(e => e.TitleZh).HasMaxLength(200);
        ev.Property(e => e.TitleEn).HasMaxLength(300);
        ev.Property(e => e.ChainId).HasMaxLength(64);
        ev.Property(e => e.CityZh).HasMaxLength(50);
        ev.Property(e => e.CityEn).HasMaxLength(100);
        ev.Property(e => e.CountryIso3).HasMaxLength(3);
        ev.HasOne<Country>().WithMany().HasForeignKey(e => e.CountryIso3).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ExpoOutcomeConfiguration : IEntityTypeConfiguration<ExpoOutcome>
{
    public void Configure(EntityTypeBuilder<ExpoOutcome> outcome)
    {
        outcome.ToTable("ExpoOutcomes");
        outcome.HasOne<Edition>().WithMany().HasForeignKey(o => o.EditionId).OnDelete(DeleteBehavior.Cascade);
        outcome.Property(o => o.Kind).HasConversion<string>().HasMaxLength(16);
        outcome.HasOne<Organisation>().WithMany().HasForeignKey(o => o.OrganisationA).OnDelete(DeleteBehavior.Cascade);
        outcome.HasOne<Organisation>().WithMany().HasForeignKey(o => o.OrganisationB).OnDelete(DeleteBehavior.Cascade);
        outcome.Property(o => o.ChainId).HasMaxLength(64);
        outcome.Property(o => o.Value).HasPrecision(20, 2);
        outcome.Property(o => o.Currency).HasMaxLength(3);
        outcome.HasIndex(o => new { o.EditionId, o.Kind });
    }
}

internal sealed class InitiativeConfiguration : IEntityTypeConfiguration<Initiative>
{
    public void Configure(EntityTypeBuilder<Initiative> initiative)
    {
        initiative.HasOne<Edition>().WithMany().HasForeignKey(i => i.EditionId).OnDelete(DeleteBehavior.Cascade);
        initiative.Property(i => i.TitleZh).HasMaxLength(200);
        initiative.Property(i => i.TitleEn).HasMaxLength(300);
        initiative.Property(i => i.TextZh).HasMaxLength(20000);
        initiative.Property(i => i.TextEn).HasMaxLength(40000);
        initiative.HasMany(i => i.Endorsements).WithOne().HasForeignKey(e => e.InitiativeId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class InitiativeEndorsementConfiguration : IEntityTypeConfiguration<InitiativeEndorsement>
{
    public void Configure(EntityTypeBuilder<InitiativeEndorsement> endorsement)
    {
        endorsement.HasKey(e => new { e.InitiativeId, e.OrganisationId });
        endorsement.HasOne<Organisation>().WithMany().HasForeignKey(e => e.OrganisationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SupportProgrammeConfiguration : IEntityTypeConfiguration<SupportProgramme>
{
    public void Configure(EntityTypeBuilder<SupportProgramme> programme)
    {
        programme.HasOne<Edition>().WithMany().HasForeignKey(p => p.EditionId).OnDelete(DeleteBehavior.Cascade);
        programme.Property(p => p.NameZh).HasMaxLength(100);
        programme.Property(p => p.NameEn).HasMaxLength(200);
        programme.Property(p => p.RegionCodes).HasMaxLength(200);
    }
}
