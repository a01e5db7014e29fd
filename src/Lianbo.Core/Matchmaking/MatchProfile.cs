using Lianbo.Core.Accounts;
using Lianbo.Matching;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Lianbo.Core.Matchmaking;

/// <summary>
/// What an organisation offers and needs for matchmaking, beyond its products and chain stages (which are what
/// it offers). Lists are short and always read whole, so they are kept as text columns.
/// </summary>
public sealed class MatchProfile
{
    public Guid OrganisationId { get; set; }

    /// <summary>HS 2022 codes needed, comma-separated.</summary>
    public string NeedHs { get; set; } = "";

    /// <summary>Chain stages it wants partners from, as chain/stage, comma-separated.</summary>
    public string NeedStages { get; set; } = "";

    public string OfferText { get; set; } = "";
    public string NeedText { get; set; } = "";
    public PartnerTypes Provides { get; set; }
    public PartnerTypes Seeks { get; set; }

    /// <summary>ISO3 codes, comma-separated.</summary>
    public string TargetCountries { get; set; } = "";

    /// <summary>UN M49 region or sub-region codes, comma-separated.</summary>
    public string TargetRegions { get; set; } = "";

    /// <summary>Organisation ids never to recommend, comma-separated.</summary>
    public string Excluded { get; set; } = "";

    public bool AcceptsCompetitors { get; set; }

    /// <summary>
    /// HS codes read from the offer (or need) text that the organisation removed, comma-separated: the recommender no
    /// longer reads them from its texts (<see cref="ProductTerms.Apply"/>).
    /// </summary>
    public string RemovedOfferHs { get; set; } = "";

    public string RemovedNeedHs { get; set; } = "";

    public DateTimeOffset UpdatedAt { get; set; }
}

internal sealed class MatchProfileConfiguration : IEntityTypeConfiguration<MatchProfile>
{
    public void Configure(EntityTypeBuilder<MatchProfile> profile)
    {
        profile.HasKey(p => p.OrganisationId);
        profile.HasOne<Organisation>().WithOne().HasForeignKey<MatchProfile>(p => p.OrganisationId).OnDelete(DeleteBehavior.Cascade);
        profile.Property(p => p.NeedHs).HasMaxLength(1000);
        profile.Property(p => p.NeedStages).HasMaxLength(2000);
        profile.Property(p => p.OfferText).HasMaxLength(2000);
        profile.Property(p => p.NeedText).HasMaxLength(2000);
        profile.Property(p => p.Provides).HasConversion<int>();
        profile.Property(p => p.Seeks).HasConversion<int>();
        profile.Property(p => p.TargetCountries).HasMaxLength(1000);
        profile.Property(p => p.TargetRegions).HasMaxLength(200);
        profile.Property(p => p.Excluded).HasMaxLength(4000);
        profile.Property(p => p.RemovedOfferHs).HasMaxLength(1000);
        profile.Property(p => p.RemovedNeedHs).HasMaxLength(1000);
    }
}
