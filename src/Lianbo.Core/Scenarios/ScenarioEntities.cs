using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Lianbo.Core.Scenarios;

/// <summary>
/// A stored scenario: the shipped presets (refreshed from data/scenarios at start-up, published, no owner) and
/// analysts' and organisers' own ones. <see cref="Definition"/> is the scenario file as written by
/// <see cref="ScenarioFiles.Write"/>; the other columns repeat what lists and visibility need.
/// </summary>
public sealed class Scenario
{
    public required string Id { get; set; }
    public required string Version { get; set; }
    public required string NameZh { get; set; }
    public required string NameEn { get; set; }
    public required string Definition { get; set; }
    public bool IsPreset { get; set; }

    /// <summary>Seen by everyone; an unpublished scenario is seen by its owner only.</summary>
    public bool Published { get; set; }

    /// <summary>The user who created it; null for presets.</summary>
    public string? OwnerId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>Every version a scenario had, the current one included: a run names the version it ran.</summary>
public sealed class ScenarioVersion
{
    public required string ScenarioId { get; set; }
    public required string Version { get; set; }
    public required string Definition { get; set; }
    public DateTimeOffset SavedAt { get; set; }

    /// <summary>The user who saved it; null for presets loaded at start-up.</summary>
    public string? SavedBy { get; set; }
}

/// <summary>
/// One run, kept for its permalink: the definition as it ran and the result as the runner wrote it (JSON opaque to
/// Core, language-neutral: texts are rendered when shown, not stored). A run of a stored scenario is seen by whoever
/// sees the scenario; a run of a definition that is not stored (<see cref="ScenarioId"/> null) by whoever holds its id.
/// </summary>
public sealed class ScenarioRun
{
    /// <summary>Random and URL-safe (<see cref="ScenarioStore.NewRunId"/>), so a permalink cannot be guessed from another.</summary>
    public required string Id { get; set; }

    /// <summary>The stored scenario that ran; null for a definition that is not stored, or that the runner may not see.</summary>
    public string? ScenarioId { get; set; }

    public required string Version { get; set; }
    public required string Definition { get; set; }

    /// <summary>Can be megabytes: a text column on both providers.</summary>
    public required string Result { get; set; }

    /// <summary>The figures come from generated (synthetic) trade data, and say so wherever they are shown.</summary>
    public bool Generated { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public string? CreatedBy { get; set; }
}

internal sealed class ScenarioConfiguration : IEntityTypeConfiguration<Scenario>
{
    public void Configure(EntityTypeBuilder<Scenario> scenario)
    {
        scenario.Property(s => s.Id).HasMaxLength(64);
        scenario.Property(s => s.Version).HasMaxLength(32);
        scenario.Property(s => s.NameZh).HasMaxLength(100);
        scenario.Property(s => s.NameEn).HasMaxLength(200);
        scenario.Property(s => s.OwnerId).HasMaxLength(450);
        scenario.HasIndex(s => s.OwnerId);
        scenario.HasMany<ScenarioVersion>().WithOne().HasForeignKey(v => v.ScenarioId).OnDelete(DeleteBehavior.Cascade);
        scenario.HasMany<ScenarioRun>().WithOne().HasForeignKey(r => r.ScenarioId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ScenarioVersionConfiguration : IEntityTypeConfiguration<ScenarioVersion>
{
    public void Configure(EntityTypeBuilder<ScenarioVersion> version)
    {
        version.HasKey(v => new { v.ScenarioId, v.Version });
        version.Property(v => v.ScenarioId).HasMaxLength(64);
        version.Property(v => v.Version).HasMaxLength(32);
        version.Property(v => v.SavedBy).HasMaxLength(450);
    }
}

internal sealed class ScenarioRunConfiguration : IEntityTypeConfiguration<ScenarioRun>
{
    public void Configure(EntityTypeBuilder<ScenarioRun> run)
    {
        run.Property(r => r.Id).HasMaxLength(32);
        run.Property(r => r.ScenarioId).HasMaxLength(64);
        run.Property(r => r.Version).HasMaxLength(32);
        run.Property(r => r.CreatedBy).HasMaxLength(450);
        run.HasIndex(r => new { r.ScenarioId, r.CreatedAt });
        // The compare page lists a user's own runs of unsaved definitions.
        run.HasIndex(r => new { r.CreatedBy, r.CreatedAt });
    }
}
