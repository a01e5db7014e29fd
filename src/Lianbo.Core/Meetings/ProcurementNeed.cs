using Lianbo.Core.Accounts;
using Lianbo.Core.Expo;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Lianbo.Core.Meetings;

public enum NeedStatus
{
    /// <summary>Posted; the buyer picks suppliers from the engine's shortlist.</summary>
    Open,

    /// <summary>The buyer chose the suppliers it wants to meet; awaiting the organiser.</summary>
    Chosen,

    /// <summary>The organiser confirmed a supply-demand session with them.</summary>
    Confirmed,

    Closed,
}

/// <summary>
/// A buyer's procurement need at an edition (供需对接): what it wants to buy, from which chain stages, and the
/// countries it wants to diversify away from. The engine shortlists suppliers, the buyer chooses, and the
/// organiser confirms a session with the chosen ones.
/// </summary>
public sealed class ProcurementNeed
{
    public Guid Id { get; set; }
    public Guid EditionId { get; set; }
    public Guid BuyerOrganisationId { get; set; }
    public required string CreatedByUserId { get; set; }
    public required string Title { get; set; }
    public string Description { get; set; } = "";

    /// <summary>HS 2022 codes, comma-separated.</summary>
    public string NeedHs { get; set; } = "";

    /// <summary>Chain stages as chain/stage, comma-separated.</summary>
    public string NeedStages { get; set; } = "";

    /// <summary>ISO3 codes of countries whose suppliers it does not want (e.g. to add a second source elsewhere), comma-separated.</summary>
    public string AvoidCountries { get; set; } = "";

    public NeedStatus Status { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset? SessionStartsAt { get; set; }
    public int? SessionMinutes { get; set; }
    public string? VenueZh { get; set; }
    public string? VenueEn { get; set; }

    public List<NeedSupplier> Suppliers { get; set; } = [];
}

/// <summary>A supplier the buyer chose for its need, with the engine's score at the time.</summary>
public sealed class NeedSupplier
{
    public Guid NeedId { get; set; }
    public Guid OrganisationId { get; set; }
    public double Score { get; set; }
}

internal sealed class ProcurementNeedConfiguration : IEntityTypeConfiguration<ProcurementNeed>
{
    public void Configure(EntityTypeBuilder<ProcurementNeed> need)
    {
        need.HasKey(n => n.Id);
        need.HasOne<Edition>().WithMany().HasForeignKey(n => n.EditionId).OnDelete(DeleteBehavior.Cascade);
        need.HasOne<Organisation>().WithMany().HasForeignKey(n => n.BuyerOrganisationId).OnDelete(DeleteBehavior.Cascade);
        need.Property(n => n.CreatedByUserId).HasMaxLength(450);
        need.Property(n => n.Title).HasMaxLength(SupplyDemandSessions.MaxTitle);
        need.Property(n => n.Description).HasMaxLength(SupplyDemandSessions.MaxDescription);
        need.Property(n => n.NeedHs).HasMaxLength(1000);
        need.Property(n => n.NeedStages).HasMaxLength(2000);
        need.Property(n => n.AvoidCountries).HasMaxLength(400);
        need.Property(n => n.Status).HasConversion<string>().HasMaxLength(16);
        need.Property(n => n.VenueZh).HasMaxLength(200);
        need.Property(n => n.VenueEn).HasMaxLength(200);
        need.HasIndex(n => new { n.EditionId, n.Status });
        need.HasMany(n => n.Suppliers).WithOne().HasForeignKey(s => s.NeedId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class NeedSupplierConfiguration : IEntityTypeConfiguration<NeedSupplier>
{
    public void Configure(EntityTypeBuilder<NeedSupplier> supplier)
    {
        supplier.HasKey(s => new { s.NeedId, s.OrganisationId });
        supplier.HasOne<Organisation>().WithMany().HasForeignKey(s => s.OrganisationId).OnDelete(DeleteBehavior.Cascade);
        supplier.HasIndex(s => s.OrganisationId);
    }
}
