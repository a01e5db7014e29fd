using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Lianbo.Core.Chains;

/// <summary>A chain as stored: the shipped ones are refreshed from data/chains, organisers' own ones are kept.</summary>
public sealed class Chain
{
    public required string Id { get; set; }
    public required string Version { get; set; }
    public ChainKind Kind { get; set; }
    public int Order { get; set; }
    public required string NameZh { get; set; }
    public required string NameEn { get; set; }
    public required string DescriptionZh { get; set; }
    public required string DescriptionEn { get; set; }
    public required string Colour { get; set; }
    public bool IsBuiltIn { get; set; }
    public List<ChainStage> Stages { get; set; } = [];
    public List<ChainEdge> Edges { get; set; } = [];
}

public sealed class ChainStage
{
    public required string ChainId { get; set; }
    public required string StageId { get; set; }
    public int SortOrder { get; set; }
    public required string NameZh { get; set; }
    public required string NameEn { get; set; }
    public StagePosition Position { get; set; }
    public StageKind Kind { get; set; }
    public List<ChainProduct> Products { get; set; } = [];
}

public sealed class ChainEdge
{
    public required string ChainId { get; set; }
    public required string FromStage { get; set; }
    public required string ToStage { get; set; }
}

public sealed class ChainProduct
{
    public required string ChainId { get; set; }
    public required string StageId { get; set; }
    public required string Hs2022 { get; set; }

    /// <summary>The HS 1992 equivalents, comma-separated.</summary>
    public required string Hs1992 { get; set; }

    public required string Rationale { get; set; }

    /// <summary>The HS 1992 equivalents stand for the product only in part (see <see cref="ProductDefinition.Proxy"/>).</summary>
    public bool Proxy { get; set; }
}

internal sealed class ChainConfiguration : IEntityTypeConfiguration<Chain>
{
    public void Configure(EntityTypeBuilder<Chain> chain)
    {
        chain.Property(c => c.Id).HasMaxLength(64);
        chain.Property(c => c.Version).HasMaxLength(32);
        chain.Property(c => c.Kind).HasConversion<string>().HasMaxLength(16);
        chain.Property(c => c.NameZh).HasMaxLength(100);
        chain.Property(c => c.NameEn).HasMaxLength(200);
        chain.Property(c => c.DescriptionZh).HasMaxLength(2000);
        chain.Property(c => c.DescriptionEn).HasMaxLength(4000);
        chain.Property(c => c.Colour).HasMaxLength(16);
        chain.HasMany(c => c.Stages).WithOne().HasForeignKey(s => s.ChainId).OnDelete(DeleteBehavior.Cascade);
        chain.HasMany(c => c.Edges).WithOne().HasForeignKey(e => e.ChainId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ChainStageConfiguration : IEntityTypeConfiguration<ChainStage>
{
    public void Configure(EntityTypeBuilder<ChainStage> stage)
    {
        stage.HasKey(s => new { s.ChainId, s.StageId });
        stage.Property(s => s.ChainId).HasMaxLength(64);
        stage.Property(s => s.StageId).HasMaxLength(64);
        stage.Property(s => s.NameZh).HasMaxLength(100);
        stage.Property(s => s.NameEn).HasMaxLength(200);
        stage.Property(s => s.Position).HasConversion<string>().HasMaxLength(16);
        stage.Property(s => s.Kind).HasConversion<string>().HasMaxLength(16);
        stage.HasMany(s => s.Products).WithOne().HasForeignKey(p => new { p.ChainId, p.StageId }).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ChainEdgeConfiguration : IEntityTypeConfiguration<ChainEdge>
{
    public void Configure(EntityTypeBuilder<ChainEdge> edge)
    {
        edge.HasKey(e => new { e.ChainId, e.FromStage, e.ToStage });
        edge.Property(e => e.ChainId).HasMaxLength(64);
        edge.Property(e => e.FromStage).HasMaxLength(64);
        edge.Property(e => e.ToStage).HasMaxLength(64);
    }
}

internal sealed class ChainProductConfiguration : IEntityTypeConfiguration<ChainProduct>
{
    public void Configure(EntityTypeBuilder<ChainProduct> product)
    {
        product.HasKey(p => new { p.ChainId, p.StageId, p.Hs2022 });
        product.Property(p => p.ChainId).HasMaxLength(64);
        product.Property(p => p.StageId).HasMaxLength(64);
        product.Property(p => p.Hs2022).HasMaxLength(6);
        product.Property(p => p.Hs1992).HasMaxLength(200);
        product.Property(p => p.Rationale).HasMaxLength(1000);
        product.HasIndex(p => p.Hs2022);
    }
}
