using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Lianbo.Core.Reference;

internal sealed class CountryConfiguration : IEntityTypeConfiguration<Country>
{
    public void Configure(EntityTypeBuilder<Country> country)
    {
        country.HasKey(c => c.Iso3);
        country.Property(c => c.Iso3).HasMaxLength(3);
        country.Property(c => c.Iso2).HasMaxLength(2);
        country.HasIndex(c => c.Iso2).IsUnique();
        country.HasIndex(c => c.Numeric).IsUnique();
        country.Property(c => c.NameEn).HasMaxLength(200);
        country.Property(c => c.NameZh).HasMaxLength(100);
        country.Property(c => c.OfficialNameEn).HasMaxLength(300);
        country.Property(c => c.OfficialNameZh).HasMaxLength(200);
        country.Property(c => c.RegionEn).HasMaxLength(100);
        country.Property(c => c.RegionZh).HasMaxLength(100);
        country.Property(c => c.SubRegionEn).HasMaxLength(100);
        country.Property(c => c.SubRegionZh).HasMaxLength(100);
        country.Property(c => c.IncomeGroup).HasConversion<string>().HasMaxLength(20);
        country.HasIndex(c => c.RegionCode);
    }
}

internal sealed class CountryGroupConfiguration : IEntityTypeConfiguration<CountryGroup>
{
    public void Configure(EntityTypeBuilder<CountryGroup> group)
    {
        group.HasKey(g => g.Code);
        group.Property(g => g.Code).HasMaxLength(32);
        group.Property(g => g.NameEn).HasMaxLength(200);
        group.Property(g => g.NameZh).HasMaxLength(100);
        group.Property(g => g.Source).HasMaxLength(1000);
    }
}

internal sealed class CountryGroupMemberConfiguration : IEntityTypeConfiguration<CountryGroupMember>
{
    public void Configure(EntityTypeBuilder<CountryGroupMember> member)
    {
        member.HasKey(m => new { m.GroupCode, m.Iso3 });
        member.HasOne(m => m.Group).WithMany(g => g.Members).HasForeignKey(m => m.GroupCode).OnDelete(DeleteBehavior.Cascade);
        member.HasOne(m => m.Country).WithMany(c => c.Groups).HasForeignKey(m => m.Iso3).OnDelete(DeleteBehavior.Restrict);
        member.HasIndex(m => m.Iso3);
    }
}

internal sealed class HsSectionConfiguration : IEntityTypeConfiguration<HsSection>
{
    public void Configure(EntityTypeBuilder<HsSection> section)
    {
        section.HasKey(s => s.Number);
        section.Property(s => s.Number).ValueGeneratedNever();
        section.Property(s => s.Roman).HasMaxLength(5);
        section.Property(s => s.NameEn).HasMaxLength(300);
    }
}

internal sealed class HsCodeConfiguration : IEntityTypeConfiguration<HsCode>
{
    public void Configure(EntityTypeBuilder<HsCode> code)
    {
        code.HasKey(c => new { c.Revision, c.Code });
        code.Property(c => c.Revision).HasMaxLength(8);
        code.Property(c => c.Code).HasMaxLength(6);
        code.Property(c => c.ParentCode).HasMaxLength(6);
        code.Property(c => c.DescriptionEn).HasMaxLength(1000);
        code.Property(c => c.DescriptionZh).HasMaxLength(1000);
        code.Property(c => c.DescriptionZhSource).HasConversion<string>().HasMaxLength(16);
        code.HasIndex(c => new { c.Revision, c.ParentCode });
    }
}

internal sealed class HsConversionConfiguration : IEntityTypeConfiguration<HsConversion>
{
    public void Configure(EntityTypeBuilder<HsConversion> row)
    {
        row.HasKey(r => new { r.FromRevision, r.ToRevision, r.FromCode });
        row.Property(r => r.FromRevision).HasMaxLength(8);
        row.Property(r => r.ToRevision).HasMaxLength(8);
        row.Property(r => r.FromCode).HasMaxLength(6);
        row.Property(r => r.ToCode).HasMaxLength(6);
        // The product page of an HS 2017 code asks which HS 2022 codes UNSD converts into it.
        row.HasIndex(r => new { r.FromRevision, r.ToRevision, r.ToCode });
    }
}

internal sealed class ReferenceFileConfiguration : IEntityTypeConfiguration<ReferenceFile>
{
    public void Configure(EntityTypeBuilder<ReferenceFile> file)
    {
        file.HasKey(f => f.Name);
        file.Property(f => f.Name).HasMaxLength(200);
        file.Property(f => f.Sha256).HasMaxLength(64);
    }
}
