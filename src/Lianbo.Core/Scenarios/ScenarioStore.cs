using System.Linq.Expressions;
using System.Security.Cryptography;
using Lianbo.Core.Accounts;
using Lianbo.Core.Data;
using Lianbo.Core.Files;
using Microsoft.EntityFrameworkCore;

namespace Lianbo.Core.Scenarios;

public sealed record ScenarioSummaryDto(string Id, string Version, string NameZh, string NameEn, bool IsPreset, bool Published, bool Mine, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>A stored scenario: what lists show of it, and its definition (the file format).</summary>
public sealed record StoredScenario(ScenarioSummaryDto Summary, ScenarioDefinition Definition);

public sealed record ScenarioVersionDto(string Version, DateTimeOffset SavedAt, string? SavedBy);

/// <param name="ScenarioId">The stored scenario that ran; null for a run of a definition that is not stored.</param>
public sealed record ScenarioRunSummaryDto(string Id, string? ScenarioId, string Version, bool Generated, DateTimeOffset CreatedAt, string? CreatedBy);

/// <summary>A run in a list of recent runs, named by its definition as it ran.</summary>
public sealed record RecentRunDto(string Id, string? ScenarioId, string NameZh, string NameEn, DateTimeOffset CreatedAt);

/// <summary>A stored run: the definition as it ran and the result JSON exactly as the runner stored it.</summary>
/// <param name="ScenarioId">The stored scenario that ran; null for a run of a definition that is not stored.</param>
public sealed record ScenarioRunDto(string Id, string? ScenarioId, string Version, ScenarioDefinition Definition, string Result, bool Generated, DateTimeOffset CreatedAt, string? CreatedBy);

/// <summary>What a start-up load of the presets did; a preset whose id a user's scenario already holds is skipped.</summary>
public sealed record ScenarioPresetLoad(IReadOnlyList<string> Added, IReadOnlyList<string> Updated, IReadOnlyList<string> Skipped);

/// <summary>The years of the gravity panel engine 2 solves on. The host supplies them: the panel is Lianbo.Trade's, which Core does not reference.</summary>
public sealed record ScenarioGravityYears(IReadOnlySet<int> Years);

/// <summary>
/// Scenarios and their runs. Who sees what: presets and published scenarios are everyone's; an unpublished one is
/// its owner's alone. Analysts and organisers create; the owner or an organiser changes, publishes and removes;
/// presets are refreshed from data/scenarios and cannot be changed here (copy one under a new id). Every change is
/// checked in full first (nothing is stored when one check fails) and audited.
/// </summary>
public sealed class ScenarioStore(LianboDbContext db, AuditLog audit, TimeProvider clock, ScenarioGravityYears gravity)
{
    /// <summary>Ids that would clash with a page's address (/scenarios/new, /scenarios/compare).</summary>
    private static readonly HashSet<string> Reserved = new(StringComparer.Ordinal) { "new", "compare", "import", "runs" };

    /// <summary>The names scenarios are checked against, as stored now.</summary>
    public Task<ScenarioContext> ContextAsync(CancellationToken ct = default) => ScenarioContextLoader.LoadAsync(db, gravity.Years, ct);

    public async Task<List<ScenarioSummaryDto>> ListAsync(Viewer? viewer, CancellationToken ct = default)
    {
        var rows = await db.Set<Scenario>().AsNoTracking().Where(VisibleTo(viewer)).ToListAsync(ct);
        // Presets first, then the rest by name; in memory, where the ordinal order is the same on both providers.
        return [.. rows.OrderByDescending(s => s.IsPreset).ThenBy(s => s.NameEn, StringComparer.Ordinal).ThenBy(s => s.Id, StringComparer.Ordinal).Select(s => s.ToDto(viewer))];
    }

    /// <summary>A page of <see cref="ListAsync(Viewer?, CancellationToken)"/>, in its order.</summary>
    public async Task<Page<ScenarioSummaryDto>> ListAsync(Viewer? viewer, int page, int pageSize, CancellationToken ct = default)
    {
        // The order is ordinal, which PostgreSQL's collation is not: the keys are sorted in memory (without the
        // definitions), and only the page's rows are read.
        var keys = await db.Set<Scenario>().AsNoTracking().Where(VisibleTo(viewer)).Select(s => new { s.Id, s.IsPreset, s.NameEn }).ToListAsync(ct);
        var ids = keys.OrderByDescending(s => s.IsPreset).ThenBy(s => s.NameEn, StringComparer.Ordinal).ThenBy(s => s.Id, StringComparer.Ordinal)
            .Skip((page - 1) * pageSize).Take(pageSize).Select(s => s.Id).ToList();
        var rows = await db.Set<Scenario>().AsNoTracking().Where(s => ids.Contains(s.Id)).ToDictionaryAsync(s => s.Id, StringComparer.Ordinal, ct);
        return new Page<ScenarioSummaryDto>([.. ids.Where(rows.ContainsKey).Select(id => rows[id].ToDto(viewer))], keys.Count, page, pageSize);
    }

    /// <summary>The scenario, when this viewer may see it; null otherwise (an unpublished scenario of someone else is not said to exist).</summary>
    public async Task<StoredScenario?> GetAsync(Viewer? viewer, string id, CancellationToken ct = default) =>
        await db.Set<Scenario>().AsNoTracking().Where(VisibleTo(viewer)).FirstOrDefaultAsync(s => s.Id == id, ct) is { } scenario
            ? new StoredScenario(scenario.ToDto(viewer), Parse(scenario.Definition, scenario.Id))
            : null;

    /// <summary>Every version the scenario had, the newest first; null when the viewer may not see it.</summary>
    public async Task<List<ScenarioVersionDto>?> VersionsAsync(Viewer? viewer, string id, CancellationToken ct = default)
    {
        if (!await db.Set<Scenario>().Where(VisibleTo(viewer)).AnyAsync(s => s.Id == id, ct))
        {
            return null;
        }

        var versions = await db.Set<ScenarioVersion>().AsNoTracking().Where(v => v.ScenarioId == id).ToListAsync(ct);
        return [.. versions.OrderByDescending(v => v.SavedAt).ThenByDescending(v => v.Version, StringComparer.Ordinal).Select(v => new ScenarioVersionDto(v.Version, v.SavedAt, v.SavedBy))];
    }

    /// <summary>A page of the scenario's versions, the newest first; null when the viewer may not see it.</summary>
    public async Task<Page<ScenarioVersionDto>?> VersionsAsync(Viewer? viewer, string id, int page, int pageSize, CancellationToken ct = default)
    {
        if (!await db.Set<Scenario>().Where(VisibleTo(viewer)).AnyAsync(s => s.Id == id, ct))
        {
            return null;
        }

        // A version string is unique within its scenario, so it ends the order; SavedAt sorts as a number on SQLite.
        return await db.Set<ScenarioVersion>().AsNoTracking().Where(v => v.ScenarioId == id)
            .OrderByDescending(v => v.SavedAt).ThenByDescending(v => v.Version)
            .Select(v => new ScenarioVersionDto(v.Version, v.SavedAt, v.SavedBy)).ToPageAsync(page, pageSize, ct);
    }

    /// <summary>A scenario file sent by a user: unreadable, it is refused with its line and field; else created.</summary>
    public async Task<Outcome<StoredScenario>> CreateFileAsync(Viewer actor, byte[] utf8, string fileName, CancellationToken ct = default) =>
        Read(utf8, fileName) is { } refused ? refused : await CreateAsync(actor, ParsedFile(utf8, fileName), ct);

    /// <summary>PUT with a scenario file as the body.</summary>
    public async Task<Outcome<StoredScenario>> UpdateFileAsync(Viewer actor, string id, byte[] utf8, CancellationToken ct = default) =>
        Read(utf8, id + ".json") is { } refused ? refused : await UpdateAsync(actor, id, ParsedFile(utf8, id + ".json"), ct);

    /// <summary>Creates an unpublished scenario owned by the actor, under an id no scenario has yet (analysts and organisers).</summary>
    public async Task<Outcome<StoredScenario>> CreateAsync(Viewer actor, ScenarioDefinition definition, CancellationToken ct = default) =>
        actor.IsAnalyst
            ? await LockedAsync(() => CreateLockedAsync(actor, definition, ct), ct)
            : Outcome<StoredScenario>.Forbidden(Messages.Format("ScenariosAnalystsOnly"));

    /// <summary>Stores a new version of a scenario (its owner or an organiser); the version string must be one it never had.</summary>
    public Task<Outcome<StoredScenario>> UpdateAsync(Viewer actor, string id, ScenarioDefinition definition, CancellationToken ct = default) =>
        LockedAsync(() => UpdateLockedAsync(actor, id, definition, ct), ct);

    // The id is checked free and the row added under the lock, so that two creations of one id do not both pass the check.
    private async Task<Outcome<StoredScenario>> CreateLockedAsync(Viewer actor, ScenarioDefinition definition, CancellationToken ct)
    {
        var errors = await CheckAsync(definition, ct);
        if (Reserved.Contains(definition.Id))
        {
            errors.Add("id", Messages.Format("ScenarioIdReserved", definition.Id));
        }
        else if (await db.Set<Scenario>().AnyAsync(s => s.Id == definition.Id, ct))
        {
            errors.Add("id", Messages.Format("ScenarioIdTaken", definition.Id));
        }

        if (errors.Any)
        {
            return Outcome<StoredScenario>.Invalid(errors.ToDictionary());
        }

        var now = clock.GetUtcNow();
        var json = ScenarioFiles.Write(definition);
        var scenario = new Scenario
        {
            Id = definition.Id, Version = definition.Version, NameZh = definition.NameZh, NameEn = definition.NameEn, Definition = json,
            OwnerId = actor.UserId, CreatedAt = now, UpdatedAt = now,
        };
        db.Add(scenario);
        db.Add(new ScenarioVersion { ScenarioId = scenario.Id, Version = scenario.Version, Definition = json, SavedAt = now, SavedBy = actor.UserId });
        audit.Record(actor, "scenario.create", nameof(Scenario), scenario.Id, after: ScenarioAudit.Of(scenario));
        await SaveAsync(ct);
        return Outcome<StoredScenario>.Ok(new(scenario.ToDto(actor), Parse(json, scenario.Id)));
    }

    private async Task<Outcome<StoredScenario>> UpdateLockedAsync(Viewer actor, string id, ScenarioDefinition definition, CancellationToken ct)
    {
        var (scenario, refusal) = await WritableAsync(actor, id, ct);
        if (scenario is null)
        {
            return Refused<StoredScenario>(refusal!);
        }

        var errors = await CheckAsync(definition, ct);
        if (definition.Id != id)
        {
            errors.Add("id", Messages.Format("ScenarioIdMismatch", definition.Id, id));
        }
        else if (await db.Set<ScenarioVersion>().AnyAsync(v => v.ScenarioId == id && v.Version == definition.Version, ct))
        {
            errors.Add("version", Messages.Format("ScenarioVersionUsed", definition.Version));
        }

        if (errors.Any)
        {
            return Outcome<StoredScenario>.Invalid(errors.ToDictionary());
        }

        var before = ScenarioAudit.Of(scenario);
        var now = clock.GetUtcNow();
        var json = ScenarioFiles.Write(definition);
        (scenario.Version, scenario.NameZh, scenario.NameEn, scenario.Definition, scenario.UpdatedAt) = (definition.Version, definition.NameZh, definition.NameEn, json, now);
        db.Add(new ScenarioVersion { ScenarioId = id, Version = definition.Version, Definition = json, SavedAt = now, SavedBy = actor.UserId });
        audit.Record(actor, "scenario.update", nameof(Scenario), id, before, ScenarioAudit.Of(scenario));
        await SaveAsync(ct);
        return Outcome<StoredScenario>.Ok(new(scenario.ToDto(actor), Parse(json, id)));
    }

    /// <summary>Shows the scenario to everyone, or to its owner alone again (its owner or an organiser).</summary>
    public async Task<Outcome<ScenarioSummaryDto>> PublishAsync(Viewer actor, string id, bool published, CancellationToken ct = default)
    {
        var (scenario, refusal) = await WritableAsync(actor, id, ct);
        if (scenario is null)
        {
            return Refused<ScenarioSummaryDto>(refusal!);
        }

        if (scenario.Published != published)
        {
            var before = ScenarioAudit.Of(scenario);
            scenario.Published = published;
            audit.Record(actor, published ? "scenario.publish" : "scenario.unpublish", nameof(Scenario), id, before, ScenarioAudit.Of(scenario));
            await SaveAsync(ct);
        }

        return Outcome<ScenarioSummaryDto>.Ok(scenario.ToDto(actor));
    }

    /// <summary>Removes a scenario with its versions and runs (its owner or an organiser); presets stay.</summary>
    public async Task<Outcome<string>> DeleteAsync(Viewer actor, string id, CancellationToken ct = default)
    {
        var (scenario, refusal) = await WritableAsync(actor, id, ct);
        if (scenario is null)
        {
            return Refused<string>(refusal!);
        }

        audit.Record(actor, "scenario.delete", nameof(Scenario), id, before: ScenarioAudit.Of(scenario));
        db.Remove(scenario);
        await SaveAsync(ct);
        return Outcome<string>.Ok(id);
    }

    /// <summary>
    /// Loads data/scenarios at start-up: new presets are added, changed ones get their new definition (and a version
    /// row when the version changed), unchanged ones are left; all are published. A preset that fails its checks
    /// stops the start, as a bad chain file does.
    /// </summary>
    public async Task<ScenarioPresetLoad> LoadPresetsAsync(string directory, ScenarioContext context, CancellationToken ct = default)
    {
        var presets = ScenarioFiles.ReadDirectory(directory);
        var problems = presets.SelectMany(p => ScenarioValidator.Validate(p, context).Select(problem => $"{p.File}: {problem}")).ToList();
        if (problems.Count > 0)
        {
            throw new DataFileException(directory, null, string.Join("; ", problems));
        }

        // Two web nodes starting together take turns: the second finds the first's rows.
        return await LockedAsync(async () =>
        {
            var ids = presets.Select(p => p.Id).ToList();
            var stored = await db.Set<Scenario>().Where(s => ids.Contains(s.Id)).ToDictionaryAsync(s => s.Id, StringComparer.Ordinal, ct);
            var versions = (await db.Set<ScenarioVersion>().Where(v => ids.Contains(v.ScenarioId)).ToListAsync(ct)).ToDictionary(v => (v.ScenarioId, v.Version));
            List<string> added = [], updated = [], skipped = [];
            var now = clock.GetUtcNow();
            foreach (var preset in presets)
            {
                var json = ScenarioFiles.Write(preset);
                if (!stored.TryGetValue(preset.Id, out var scenario))
                {
                    db.Add(new Scenario
                    {
                        Id = preset.Id, Version = preset.Version, NameZh = preset.NameZh, NameEn = preset.NameEn, Definition = json,
                        IsPreset = true, Published = true, CreatedAt = now, UpdatedAt = now,
                    });
                    added.Add(preset.Id);
                }
                else if (!scenario.IsPreset)
                {
                    skipped.Add(preset.Id);
                    continue;
                }
                else if (scenario.Definition != json || !scenario.Published)
                {
                    (scenario.Version, scenario.NameZh, scenario.NameEn, scenario.Definition, scenario.Published, scenario.UpdatedAt) =
                        (preset.Version, preset.NameZh, preset.NameEn, json, true, now);
                    updated.Add(preset.Id);
                }

                // The version row follows the file: a preset corrected without a new version string keeps one row.
                if (versions.TryGetValue((preset.Id, preset.Version), out var version))
                {
                    version.Definition = json;
                }
                else
                {
                    db.Add(new ScenarioVersion { ScenarioId = preset.Id, Version = preset.Version, Definition = json, SavedAt = now });
                }
            }

            await db.SaveChangesAsync(ct);
            return new ScenarioPresetLoad(added, updated, skipped);
        }, ct);
    }

    /// <summary>
    /// Keeps a run of a stored scenario for its permalink and returns the run's id. The scenario (<c>ran.Id</c>) must
    /// be one <paramref name="by"/> may see; <paramref name="resultJson"/> is stored as it is.
    /// </summary>
    public async Task<Outcome<string>> SaveRunAsync(Viewer? by, ScenarioDefinition ran, string resultJson, bool generated, CancellationToken ct = default)
    {
        if (!await db.Set<Scenario>().Where(VisibleTo(by)).AnyAsync(s => s.Id == ran.Id, ct))
        {
            return Outcome<string>.NotFound(Messages.Format("ScenarioNotFound", ran.Id));
        }

        return Outcome<string>.Ok(await AddRunAsync(by, ran.Id, ran, resultJson, generated, ct));
    }

    /// <summary>
    /// Keeps a run of a definition that is not stored (or that <paramref name="by"/> may not see stored) and returns
    /// its id. It belongs to no scenario: whoever holds the id reads it, as with a capability URL (96 random bits).
    /// </summary>
    public Task<string> SaveDefinitionRunAsync(Viewer? by, ScenarioDefinition ran, string resultJson, bool generated, CancellationToken ct = default) =>
        AddRunAsync(by, null, ran, resultJson, generated, ct);

    private async Task<string> AddRunAsync(Viewer? by, string? scenarioId, ScenarioDefinition ran, string resultJson, bool generated, CancellationToken ct)
    {
        var run = new ScenarioRun
        {
            Id = NewRunId(), ScenarioId = scenarioId, Version = ran.Version, Definition = ScenarioFiles.Write(ran), Result = resultJson,
            Generated = generated, CreatedAt = clock.GetUtcNow(), CreatedBy = by?.UserId,
        };
        db.Add(run);
        await SaveAsync(ct);
        return run.Id;
    }

    /// <summary>A run, when it is of a scenario the viewer may see or of a definition not stored (its id is the key); null otherwise.</summary>
    public async Task<ScenarioRunDto?> GetRunAsync(Viewer? viewer, string runId, CancellationToken ct = default)
    {
        var visible = db.Set<Scenario>().Where(VisibleTo(viewer));
        var run = await db.Set<ScenarioRun>().AsNoTracking()
            .Where(r => r.Id == runId && (r.ScenarioId == null || visible.Any(s => s.Id == r.ScenarioId)))
            .FirstOrDefaultAsync(ct);
        return run is null ? null : new(run.Id, run.ScenarioId, run.Version, Parse(run.Definition, run.ScenarioId ?? run.Id), run.Result, run.Generated, run.CreatedAt, run.CreatedBy);
    }

    /// <summary>
    /// The newest runs of the scenarios the viewer may see and the viewer's own runs of unsaved definitions (another's
    /// are not listed: their ids are their keys), newest first.
    /// </summary>
    public async Task<List<RecentRunDto>> RecentRunsAsync(Viewer? viewer, int limit, CancellationToken ct = default)
    {
        var user = viewer?.UserId;
        var visible = db.Set<Scenario>().Where(VisibleTo(viewer));
        var rows = await db.Set<ScenarioRun>().AsNoTracking()
            .Where(r => r.ScenarioId == null ? user != null && r.CreatedBy == user : visible.Any(s => s.Id == r.ScenarioId))
            .OrderByDescending(r => r.CreatedAt).ThenBy(r => r.Id).Take(limit)
            .Select(r => new { r.Id, r.ScenarioId, r.Definition, r.CreatedAt }).ToListAsync(ct);
        return [.. rows.Select(r =>
        {
            var ran = Parse(r.Definition, r.ScenarioId ?? r.Id);
            return new RecentRunDto(r.Id, r.ScenarioId, ran.NameZh, ran.NameEn, r.CreatedAt);
        })];
    }

    /// <summary>The runs of a scenario, the newest first, without their results; null when the viewer may not see the scenario.</summary>
    public async Task<List<ScenarioRunSummaryDto>?> ListRunsAsync(Viewer? viewer, string scenarioId, CancellationToken ct = default)
    {
        if (!await db.Set<Scenario>().Where(VisibleTo(viewer)).AnyAsync(s => s.Id == scenarioId, ct))
        {
            return null;
        }

        var runs = await db.Set<ScenarioRun>().AsNoTracking().Where(r => r.ScenarioId == scenarioId)
            .Select(r => new ScenarioRunSummaryDto(r.Id, r.ScenarioId, r.Version, r.Generated, r.CreatedAt, r.CreatedBy)).ToListAsync(ct);
        return [.. runs.OrderByDescending(r => r.CreatedAt).ThenBy(r => r.Id, StringComparer.Ordinal)];
    }

    /// <summary>A page of the scenario's runs, the newest first, without their results; null when the viewer may not see the scenario.</summary>
    public async Task<Page<ScenarioRunSummaryDto>?> ListRunsAsync(Viewer? viewer, string scenarioId, int page, int pageSize, CancellationToken ct = default)
    {
        if (!await db.Set<Scenario>().Where(VisibleTo(viewer)).AnyAsync(s => s.Id == scenarioId, ct))
        {
            return null;
        }

        return await db.Set<ScenarioRun>().AsNoTracking().Where(r => r.ScenarioId == scenarioId)
            .OrderByDescending(r => r.CreatedAt).ThenBy(r => r.Id)
            .Select(r => new ScenarioRunSummaryDto(r.Id, r.ScenarioId, r.Version, r.Generated, r.CreatedAt, r.CreatedBy)).ToPageAsync(page, pageSize, ct);
    }

    /// <summary>16 URL-safe characters from 96 random bits.</summary>
    public static string NewRunId() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(12)).Replace('+', '-').Replace('/', '_');

    /// <summary>Every problem of the definition, keyed by its field.</summary>
    public async Task<FieldErrors> CheckAsync(ScenarioDefinition definition, CancellationToken ct = default)
    {
        var errors = new FieldErrors();
        foreach (var problem in ScenarioValidator.Validate(definition, await ContextAsync(ct)))
        {
            errors.Add(problem.Field, problem.Message);
        }

        return errors;
    }

    // A scenario the actor may change: it exists, the actor may see it (or is an organiser), it is not a preset, and it is theirs or they organise.
    private async Task<(Scenario? Scenario, Outcome<string>? Refusal)> WritableAsync(Viewer actor, string id, CancellationToken ct)
    {
        var scenario = await db.Set<Scenario>().FirstOrDefaultAsync(s => s.Id == id, ct);
        if (scenario is null || !(scenario.IsPreset || scenario.Published || scenario.OwnerId == actor.UserId || actor.IsOrganiser))
        {
            return (null, Outcome<string>.NotFound(Messages.Format("ScenarioNotFound", id)));
        }

        if (scenario.IsPreset)
        {
            return (null, Outcome<string>.Invalid("id", Messages.Format("ScenarioPreset", id)));
        }

        return scenario.OwnerId == actor.UserId || actor.IsOrganiser
            ? (scenario, null)
            : (null, Outcome<string>.Forbidden(Messages.Format("ScenarioNotYours", id)));
    }

    private static Outcome<T> Refused<T>(Outcome<string> refusal) => refusal.Kind switch
    {
        OutcomeKind.Invalid => Outcome<T>.Invalid(refusal.Errors),
        OutcomeKind.NotFound => Outcome<T>.NotFound(refusal.Detail!),
        _ => Outcome<T>.Forbidden(refusal.Detail!),
    };

    // One transaction holding the scenarios' store lock, so that a check of what is stored and the write after it are not interleaved with another's.
    private async Task<T> LockedAsync<T>(Func<Task<T>> work, CancellationToken ct)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        var result = await strategy.ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await StoreLocks.ExclusiveAsync(db, "scenarios", ct);
            var value = await work();
            await tx.CommitAsync(ct);
            return value;
        });
        db.ChangeTracker.Clear();
        return result;
    }

    private async Task SaveAsync(CancellationToken ct)
    {
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
    }

    internal static Expression<Func<Scenario, bool>> VisibleTo(Viewer? viewer)
    {
        var user = viewer?.UserId;
        return s => s.IsPreset || s.Published || (user != null && s.OwnerId == user);
    }

    /// <summary>A scenario file sent by a user, read: or refused with its field (or "file") and its line in the message.</summary>
    public static Outcome<ScenarioDefinition> ReadFile(byte[] utf8, string fileName)
    {
        var (scenario, problem) = ScenarioFiles.Parse(utf8, fileName);
        return scenario is not null
            ? Outcome<ScenarioDefinition>.Ok(scenario)
            : Outcome<ScenarioDefinition>.Invalid(string.IsNullOrEmpty(problem!.Field) ? "file" : problem.Field,
                problem.Line is { } line ? Messages.Format("ScenarioAtLine", fileName, line, problem.Message) : problem.Message);
    }

    private static Outcome<StoredScenario>? Read(byte[] utf8, string fileName) =>
        ReadFile(utf8, fileName) is { IsValid: false } refused ? Outcome<StoredScenario>.Invalid(refused.Errors) : null;

    private static ScenarioDefinition ParsedFile(byte[] utf8, string fileName) => ScenarioFiles.Parse(utf8, fileName).Scenario!;

    // What the store holds was checked when it was written: a definition that no longer reads is a damaged store.
    internal static ScenarioDefinition Parse(string json, string id) =>
        ScenarioFiles.Parse(System.Text.Encoding.UTF8.GetBytes(json), id + ".json") is { Scenario: { } scenario }
            ? scenario
            : throw new InvalidOperationException($"The stored definition of scenario {id} no longer reads as a scenario file.");
}

/// <summary>What the audit log keeps of a scenario: enough to see what changed, not the whole definition.</summary>
internal sealed record ScenarioAudit(string Id, string Version, string NameZh, string NameEn, bool Published, string? OwnerId)
{
    public static ScenarioAudit Of(Scenario s) => new(s.Id, s.Version, s.NameZh, s.NameEn, s.Published, s.OwnerId);
}

internal static class ScenarioMapping
{
    public static ScenarioSummaryDto ToDto(this Scenario s, Viewer? viewer) =>
        new(s.Id, s.Version, s.NameZh, s.NameEn, s.IsPreset, s.Published, viewer is not null && s.OwnerId == viewer.UserId, s.CreatedAt, s.UpdatedAt);
}
