using System.Text.Json;
using System.Text.Json.Serialization;
using Lianbo.Core;
using Lianbo.Core.Accounts;
using Lianbo.Core.Scenarios;
using Lianbo.Web.Platform;

namespace Lianbo.Web.Scenarios;

/// <summary>A run as the permalink shows it: its id, the result, and whether it ran a stored scenario.</summary>
/// <param name="Saved">False for a run of a definition that is not stored: whoever holds its id reads it.</param>
public sealed record LoadedRun(string Id, ScenarioResult Result, bool Saved);

/// <summary>
/// Runs scenarios and keeps their results for permalinks; the pages, the API and the command line all go through it.
/// A stored scenario runs by id when the viewer may see it; a definition sent unsaved is checked in full first (nothing
/// runs when one check fails). Every run is stored, as JSON written with <see cref="Json"/> and read back with it.
/// </summary>
public sealed class ScenarioRuns(ScenarioStore store, ScenarioRunner runner)
{
    /// <summary>Monte Carlo draws an anonymous caller may ask for: each draw solves the model again, and runs are public.</summary>
    public const int AnonymousDraws = 50;

    /// <summary>How results are written to the store and read back: web defaults (camelCase), enums as the schema spells them.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Runs the stored scenario <paramref name="scenarioId"/>; not found when the viewer may not see it.</summary>
    public async Task<Outcome<LoadedRun>> RunStoredAsync(Viewer? viewer, string scenarioId, IProgress<string>? progress = null, CancellationToken ct = default)
    {
        if (await store.GetAsync(viewer, scenarioId, ct) is not { } scenario)
        {
            return Outcome<LoadedRun>.NotFound(Messages.Format("ScenarioNotFound", scenarioId));
        }

        // Checked again: a stored scenario may name a chain or group removed since it was saved.
        var context = await store.ContextAsync(ct);
        if (Problems(viewer, scenario.Definition, context) is { } refused)
        {
            return refused;
        }

        var result = await runner.RunAsync(scenario.Definition, context, progress, ct);
        return (await store.SaveRunAsync(viewer, scenario.Definition, Serialize(result), result.Generated, ct)).Map(id => new LoadedRun(id, result, Saved: true));
    }

    /// <summary>
    /// Runs a definition that need not be stored. When the viewer may see a stored scenario of the same id, the run is
    /// kept under it (with the definition as it ran); otherwise on its own, read by whoever holds its id.
    /// </summary>
    public async Task<Outcome<LoadedRun>> RunDefinitionAsync(Viewer? viewer, ScenarioDefinition definition, IProgress<string>? progress = null, CancellationToken ct = default)
    {
        var context = await store.ContextAsync(ct);
        if (Problems(viewer, definition, context) is { } refused)
        {
            return refused;
        }

        var result = await runner.RunAsync(definition, context, progress, ct);
        if (await store.GetAsync(viewer, definition.Id, ct) is not null)
        {
            return (await store.SaveRunAsync(viewer, definition, Serialize(result), result.Generated, ct)).Map(id => new LoadedRun(id, result, Saved: true));
        }

        return Outcome<LoadedRun>.Ok(new LoadedRun(await store.SaveDefinitionRunAsync(viewer, definition, Serialize(result), result.Generated, ct), result, Saved: false));
    }

    /// <summary>A run by its permalink id, when the viewer may see its scenario or it ran an unsaved definition; null otherwise.</summary>
    public async Task<LoadedRun?> LoadAsync(Viewer? viewer, string runId, CancellationToken ct = default) =>
        await store.GetRunAsync(viewer, runId, ct) is { } run ? new LoadedRun(run.Id, Deserialize(run.Result), Saved: run.ScenarioId is not null) : null;

    public static string Serialize(ScenarioResult result) => JsonSerializer.Serialize(result, Json);

    public static ScenarioResult Deserialize(string json) =>
        JsonSerializer.Deserialize<ScenarioResult>(json, Json) ?? throw new InvalidOperationException("A stored scenario run is empty.");

    private static Outcome<LoadedRun>? Problems(Viewer? viewer, ScenarioDefinition definition, ScenarioContext context)
    {
        var errors = new FieldErrors();
        foreach (var problem in ScenarioValidator.Validate(definition, context))
        {
            errors.Add(problem.Field, problem.Message);
        }

        if (viewer is null && definition.Base.Draws > AnonymousDraws)
        {
            errors.Add("base.draws", Messages.Format("ScenarioDrawsSignIn", AnonymousDraws));
        }

        return errors.Any ? Outcome<LoadedRun>.Invalid(errors.ToDictionary()) : null;
    }
}

public static class ScenarioRunsSetup
{
    /// <summary>The runner and the run service.</summary>
    public static IServiceCollection AddLianboScenarioRuns(this IServiceCollection services)
    {
        services.AddScoped<ScenarioRunner>();
        services.AddScoped<ScenarioRuns>();
        return services;
    }
}
