using Lianbo.Core.Scenarios;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Lianbo.Core.Reports;

public enum BuiltReportStatus
{
    Queued,
    Running,
    Done,
    Failed,
}

/// <summary>
/// One build of the annual report, asked for on the page or through the API and run by the web app's report job. The
/// row is the truth about the build (a job runs on one node; every node reads the row); its files are
/// <see cref="BuiltReportFile"/> rows, kept in the platform store so that every node serves them and backups hold them.
/// </summary>
public sealed class BuiltReport
{
    public Guid Id { get; set; }
    public int Year { get; set; }

    /// <summary>The edition's number; null: the edition that starts in <see cref="Year"/>, if any.</summary>
    public int? Edition { get; set; }

    /// <summary>"zh" or "en".</summary>
    public required string Lang { get; set; }

    /// <summary>"html" or "pdf"; a PDF build keeps its HTML too, as the preview.</summary>
    public required string Format { get; set; }

    public BuiltReportStatus Status { get; set; }

    /// <summary>0–100, never going back.</summary>
    public int Progress { get; set; }

    /// <summary>The resource key naming the step the build is at (Report.Step.*), shown in the reader's language.</summary>
    public required string StepKey { get; set; }

    /// <summary>Why a failed build failed, as the builder said it.</summary>
    public string? Error { get; set; }

    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>The size of the report's file (the PDF of a PDF build, else the HTML), once done.</summary>
    public long? Bytes { get; set; }

    /// <summary>The SHA-256 of that file, lower-case hex.</summary>
    public string? Sha256 { get; set; }
}

/// <summary>One file of a built report: "html" (always, the preview) or "pdf".</summary>
public sealed class BuiltReportFile
{
    public Guid ReportId { get; set; }
    public required string Kind { get; set; }
    public required byte[] Content { get; set; }
}

/// <summary>
/// A scenario run an analyst marked for the report of <see cref="Year"/> (chapter 4), in the order marked. A table of
/// its own: runs stay as they ran; removing the run removes the mark.
/// </summary>
public sealed class ReportScenarioMark
{
    public int Year { get; set; }
    public required string RunId { get; set; }
    public int Position { get; set; }
    public required string MarkedBy { get; set; }
    public DateTimeOffset MarkedAt { get; set; }
}

internal sealed class BuiltReportConfiguration : IEntityTypeConfiguration<BuiltReport>
{
    public void Configure(EntityTypeBuilder<BuiltReport> report)
    {
        report.Property(r => r.Lang).HasMaxLength(8);
        report.Property(r => r.Format).HasMaxLength(8);
        report.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
        report.Property(r => r.StepKey).HasMaxLength(64);
        report.Property(r => r.Error).HasMaxLength(2000);
        report.Property(r => r.CreatedBy).HasMaxLength(450);
        report.Property(r => r.Sha256).HasMaxLength(64);
        report.HasIndex(r => r.CreatedAt);
        report.HasIndex(r => r.Status);
        report.HasMany<BuiltReportFile>().WithOne().HasForeignKey(f => f.ReportId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class BuiltReportFileConfiguration : IEntityTypeConfiguration<BuiltReportFile>
{
    public void Configure(EntityTypeBuilder<BuiltReportFile> file)
    {
        file.HasKey(f => new { f.ReportId, f.Kind });
        file.Property(f => f.Kind).HasMaxLength(8);
    }
}

internal sealed class ReportScenarioMarkConfiguration : IEntityTypeConfiguration<ReportScenarioMark>
{
    public void Configure(EntityTypeBuilder<ReportScenarioMark> mark)
    {
        mark.HasKey(m => new { m.Year, m.RunId });
        mark.Property(m => m.RunId).HasMaxLength(32);
        mark.Property(m => m.MarkedBy).HasMaxLength(450);
        mark.HasOne<ScenarioRun>().WithMany().HasForeignKey(m => m.RunId).OnDelete(DeleteBehavior.Cascade);
    }
}
