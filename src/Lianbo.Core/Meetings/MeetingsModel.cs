using Lianbo.Core.Accounts;
using Lianbo.Core.Expo;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Lianbo.Core.Meetings;

internal sealed class MeetingRequestConfiguration : IEntityTypeConfiguration<MeetingRequest>
{
    public void Configure(EntityTypeBuilder<MeetingRequest> request)
    {
        request.HasKey(r => r.Id);
        request.HasOne<Organisation>().WithMany().HasForeignKey(r => r.FromOrganisationId).OnDelete(DeleteBehavior.Cascade);
        request.HasOne<Organisation>().WithMany().HasForeignKey(r => r.ToOrganisationId).OnDelete(DeleteBehavior.Cascade);
        request.HasOne<Edition>().WithMany().HasForeignKey(r => r.EditionId).OnDelete(DeleteBehavior.Cascade);
        request.Property(r => r.CreatedByUserId).HasMaxLength(450);
        request.Property(r => r.Message).HasMaxLength(MeetingRequests.MaxMessage);
        request.Property(r => r.Reply).HasMaxLength(MeetingRequests.MaxMessage);
        request.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
        request.Property(r => r.Priority).HasConversion<string>().HasMaxLength(16);
        request.Property(r => r.OpenPairKey).HasMaxLength(96);
        request.HasIndex(r => r.OpenPairKey).IsUnique();
        request.Property(r => r.Version).IsConcurrencyToken();
        request.HasIndex(r => new { r.ToOrganisationId, r.Status });
        request.HasIndex(r => new { r.FromOrganisationId, r.Status });
        request.HasIndex(r => new { r.Status, r.ExpiresAt });
        request.HasMany(r => r.Slots).WithOne().HasForeignKey(s => s.RequestId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ProposedSlotConfiguration : IEntityTypeConfiguration<ProposedSlot>
{
    public void Configure(EntityTypeBuilder<ProposedSlot> slot) => slot.HasKey(s => s.Id);
}

internal sealed class MeetingConfiguration : IEntityTypeConfiguration<Meeting>
{
    public void Configure(EntityTypeBuilder<Meeting> meeting)
    {
        meeting.HasKey(m => m.Id);
        meeting.HasOne<MeetingRequest>().WithOne().HasForeignKey<Meeting>(m => m.RequestId).OnDelete(DeleteBehavior.Cascade);
        meeting.HasIndex(m => m.RequestId).IsUnique();
        meeting.HasIndex(m => new { m.EditionId, m.Status });
        meeting.Property(m => m.Status).HasConversion<string>().HasMaxLength(16);
        meeting.Property(m => m.Priority).HasConversion<string>().HasMaxLength(16);
        meeting.Property(m => m.Attendance).HasConversion<string>().HasMaxLength(16);
        meeting.HasOne<Scheduling.MeetingTable>().WithMany().HasForeignKey(m => m.TableId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class NoticeConfiguration : IEntityTypeConfiguration<Notice>
{
    public void Configure(EntityTypeBuilder<Notice> notice)
    {
        notice.HasKey(n => n.Id);
        notice.HasOne<Organisation>().WithMany().HasForeignKey(n => n.OrganisationId).OnDelete(DeleteBehavior.Cascade);
        notice.HasOne<MeetingRequest>().WithMany().HasForeignKey(n => n.RequestId).OnDelete(DeleteBehavior.Cascade);
        notice.HasOne<ProcurementNeed>().WithMany().HasForeignKey(n => n.NeedId).OnDelete(DeleteBehavior.Cascade);
        notice.Property(n => n.Kind).HasConversion<string>().HasMaxLength(24);
        notice.Property(n => n.Subject).HasMaxLength(SupplyDemandSessions.MaxTitle);
        notice.HasIndex(n => new { n.OrganisationId, n.Id });
        // The mail queue: notices not yet mailed, newest first (MeetingMail).
        notice.HasIndex(n => new { n.MailedAt, n.CreatedAt });
    }
}
