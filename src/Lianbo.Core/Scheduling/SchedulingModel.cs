using Lianbo.Core.Accounts;
using Lianbo.Core.Expo;
using Lianbo.Core.Meetings;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Lianbo.Core.Scheduling;

internal sealed class EditionScheduleConfiguration : IEntityTypeConfiguration<EditionSchedule>
{
    public void Configure(EntityTypeBuilder<EditionSchedule> schedule)
    {
        schedule.HasKey(s => s.EditionId);
        schedule.HasOne<Edition>().WithOne().HasForeignKey<EditionSchedule>(s => s.EditionId).OnDelete(DeleteBehavior.Cascade);
        schedule.Property(s => s.TimeZone).HasMaxLength(64);
        schedule.Property(s => s.BlockedSlots).HasMaxLength(4000);
    }
}

internal sealed class MeetingTableConfiguration : IEntityTypeConfiguration<MeetingTable>
{
    public void Configure(EntityTypeBuilder<MeetingTable> table)
    {
        table.HasKey(t => t.Id);
        table.HasOne<Edition>().WithMany().HasForeignKey(t => t.EditionId).OnDelete(DeleteBehavior.Cascade);
        table.HasOne<Hall>().WithMany().HasForeignKey(t => t.HallId).OnDelete(DeleteBehavior.SetNull);
        table.Property(t => t.Code).HasMaxLength(32);
        table.HasIndex(t => new { t.EditionId, t.Code }).IsUnique();
    }
}

internal sealed class SlotHoldConfiguration : IEntityTypeConfiguration<SlotHold>
{
    public void Configure(EntityTypeBuilder<SlotHold> hold)
    {
        hold.HasKey(h => h.Id);
        hold.HasOne<Edition>().WithMany().HasForeignKey(h => h.EditionId).OnDelete(DeleteBehavior.Cascade);
        hold.HasOne<Meeting>().WithMany().HasForeignKey(h => h.MeetingId).OnDelete(DeleteBehavior.Cascade);
        hold.Property(h => h.Holder).HasMaxLength(40);

        // The rule itself: nobody and no table in two meetings in one slot.
        hold.HasIndex(h => new { h.EditionId, h.Holder, h.Slot }).IsUnique();
        hold.HasIndex(h => h.MeetingId);
    }
}

internal sealed class ScheduleDraftConfiguration : IEntityTypeConfiguration<ScheduleDraft>
{
    public void Configure(EntityTypeBuilder<ScheduleDraft> draft)
    {
        draft.HasKey(d => d.Id);
        draft.HasOne<Edition>().WithMany().HasForeignKey(d => d.EditionId).OnDelete(DeleteBehavior.Cascade);
        draft.Property(d => d.Status).HasConversion<string>().HasMaxLength(16);
        draft.Property(d => d.CreatedByUserId).HasMaxLength(450);
        draft.Property(d => d.Method).HasMaxLength(16);
        draft.HasIndex(d => new { d.EditionId, d.Status });
        draft.HasMany(d => d.Entries).WithOne().HasForeignKey(e => e.DraftId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class DraftEntryConfiguration : IEntityTypeConfiguration<DraftEntry>
{
    public void Configure(EntityTypeBuilder<DraftEntry> entry)
    {
        entry.HasKey(e => e.Id);
        entry.HasOne<Meeting>().WithMany().HasForeignKey(e => e.MeetingId).OnDelete(DeleteBehavior.Cascade);
        entry.Property(e => e.Reason).HasMaxLength(32);
        entry.HasIndex(e => new { e.DraftId, e.MeetingId }).IsUnique();
    }
}

internal sealed class CalendarFeedConfiguration : IEntityTypeConfiguration<CalendarFeed>
{
    public void Configure(EntityTypeBuilder<CalendarFeed> feed)
    {
        feed.HasKey(f => f.Token);
        feed.Property(f => f.Token).HasMaxLength(64);
        feed.Property(f => f.UserId).HasMaxLength(450);
        feed.HasOne<Organisation>().WithMany().HasForeignKey(f => f.OrganisationId).OnDelete(DeleteBehavior.Cascade);
        feed.HasIndex(f => new { f.UserId, f.OrganisationId }).IsUnique();
    }
}
