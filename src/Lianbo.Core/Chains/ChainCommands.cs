using Lianbo.Core.Accounts;

namespace Lianbo.Core.Chains;

/// <summary>
/// Organisers' own chains: created, replaced, imported from files and removed, each change checked in full first
/// and audited. The shipped chains are read-only here: they are refreshed from data/chains whenever those files
/// change, so an edit would be lost; organisers copy one as a new chain and edit the copy.
/// </summary>
public sealed class ChainCommands(ChainStore store, AuditLog audit)
{
    /// <summary>Ids that would clash with a page's address (/chains/new is the form for a new chain).</summary>
    private static readonly HashSet<string> Reserved = new(StringComparer.Ordinal) { "new", "import" };

    /// <summary>Creates a chain under an id no chain has yet (the "new chain" form).</summary>
    public Task<Outcome<ChainDefinition>> CreateAsync(Viewer actor, ChainDefinition chain, CancellationToken ct = default) =>
        SaveAsync(actor, chain.Id, chain, mustBeNew: true, ct);

    /// <summary>Creates or replaces the organiser chain <paramref name="id"/> (PUT, the edit form); the definition must carry the same id.</summary>
    public Task<Outcome<ChainDefinition>> SaveAsync(Viewer actor, string id, ChainDefinition chain, CancellationToken ct = default) =>
        SaveAsync(actor, id, chain, mustBeNew: false, ct);

    /// <summary>PUT with a chain file as the body: read as the files are read (unknown fields refused), then saved.</summary>
    public async Task<Outcome<ChainDefinition>> SaveFileAsync(Viewer actor, string id, byte[] utf8, CancellationToken ct = default)
    {
        var (chains, problem) = ChainFiles.Parse(utf8, id + ".json", allowMany: false);
        return problem is not null
            ? Outcome<ChainDefinition>.Invalid(problem.Field ?? "file", problem.ToString())
            : await SaveAsync(actor, id, chains[0], ct);
    }

    /// <summary>An uploaded chain file (one chain or an array): unreadable, it is refused with its line and field; else imported.</summary>
    public async Task<Outcome<IReadOnlyList<ChainSummary>>> ImportFileAsync(Viewer actor, byte[] utf8, string fileName, CancellationToken ct = default)
    {
        var (chains, problem) = ChainFiles.Parse(utf8, Path.GetFileName(fileName), allowMany: true);
        return problem is not null
            ? Outcome<IReadOnlyList<ChainSummary>>.Invalid(problem.Field ?? "file", problem.ToString())
            : await ImportAsync(actor, chains, ct);
    }

    /// <summary>All chains of one file, checked together and stored all or nothing.</summary>
    public async Task<Outcome<IReadOnlyList<ChainSummary>>> ImportAsync(Viewer actor, IReadOnlyList<ChainDefinition> chains, CancellationToken ct = default)
    {
        if (!actor.IsOrganiser)
        {
            return Outcome<IReadOnlyList<ChainSummary>>.Forbidden(Messages.Format("ChainsOrganisersOnly"));
        }

        if (chains.Count == 0)
        {
            return Outcome<IReadOnlyList<ChainSummary>>.Invalid("file", Messages.Format("ChainEmpty"));
        }

        var existing = await store.ExistingAsync([.. chains.Select(c => c.Id)], ct);
        var errors = Errors(chains, await store.CheckAsync(chains, ct), prefix: chains.Count > 1);
        foreach (var (chain, i) in chains.Select((c, i) => (c, i)))
        {
            RefuseReservedOrBuiltIn(errors, chains.Count > 1 ? $"[{i}].id" : "id", chain, existing);
        }

        if (errors.Any)
        {
            return Outcome<IReadOnlyList<ChainSummary>>.Invalid(errors.ToDictionary());
        }

        foreach (var chain in chains)
        {
            audit.Record(actor, "chain.import", nameof(Chain), chain.Id,
                before: existing.ContainsKey(chain.Id) ? await SummaryAsync(chain.Id, ct) : null, after: ChainSummary.Of(chain) with { File = chain.File });
        }

        await store.WriteAsync(chains, builtIn: false, ct);
        return Outcome<IReadOnlyList<ChainSummary>>.Ok([.. chains.Select(ChainSummary.Of)]);
    }

    /// <summary>Removes an organiser's chain; the shipped ones stay.</summary>
    public async Task<Outcome<string>> DeleteAsync(Viewer actor, string id, CancellationToken ct = default)
    {
        if (!actor.IsOrganiser)
        {
            return Outcome<string>.Forbidden(Messages.Format("ChainsOrganisersOnly"));
        }

        var existing = await store.ExistingAsync([id], ct);
        if (!existing.TryGetValue(id, out var builtIn))
        {
            return Outcome<string>.NotFound(Messages.Format("ChainNotFound", id));
        }

        if (builtIn)
        {
            return Outcome<string>.Invalid("id", Messages.Format("ChainBuiltIn", id));
        }

        // Expo data refers to chains by id (no foreign key, see ExpoModel): a chain in use stays.
        if (await store.IsInUseAsync(id, ct))
        {
            return Outcome<string>.Invalid("id", Messages.Format("ChainInUse", id));
        }

        audit.Record(actor, "chain.delete", nameof(Chain), id, before: await SummaryAsync(id, ct));
        await store.DeleteAsync([id], ct);
        return Outcome<string>.Ok(id);
    }

    private async Task<Outcome<ChainDefinition>> SaveAsync(Viewer actor, string id, ChainDefinition chain, bool mustBeNew, CancellationToken ct)
    {
        if (!actor.IsOrganiser)
        {
            return Outcome<ChainDefinition>.Forbidden(Messages.Format("ChainsOrganisersOnly"));
        }

        var existing = await store.ExistingAsync([id], ct);
        var errors = Errors([chain], await store.CheckAsync([chain], ct), prefix: false);
        if (chain.Id != id)
        {
            errors.Add("id", Messages.Format("ChainIdMismatch", chain.Id, id));
        }
        else if (mustBeNew && existing.ContainsKey(id))
        {
            errors.Add("id", Messages.Format("ChainIdTaken", id));
        }
        else
        {
            RefuseReservedOrBuiltIn(errors, "id", chain, existing);
        }

        if (errors.Any)
        {
            return Outcome<ChainDefinition>.Invalid(errors.ToDictionary());
        }

        var before = existing.ContainsKey(id) ? await SummaryAsync(id, ct) : null;
        audit.Record(actor, before is null ? "chain.create" : "chain.replace", nameof(Chain), id, before, ChainSummary.Of(chain));
        await store.WriteAsync([chain], builtIn: false, ct);
        return Outcome<ChainDefinition>.Ok((await store.GetAsync(id, ct))!);
    }

    private static void RefuseReservedOrBuiltIn(FieldErrors errors, string field, ChainDefinition chain, Dictionary<string, bool> existing)
    {
        if (Reserved.Contains(chain.Id))
        {
            errors.Add(field, Messages.Format("ChainIdReserved", chain.Id));
        }
        else if (existing.GetValueOrDefault(chain.Id))
        {
            errors.Add(field, Messages.Format("ChainBuiltIn", chain.Id));
        }
    }

    // Each problem under the field it concerns; its text names the file, chain, stage and code as the CLI prints it.
    // When a file holds several chains, fields start with the chain's index in the file ("[1].stages[0].id").
    private static FieldErrors Errors(IReadOnlyList<ChainDefinition> chains, List<ChainProblem> problems, bool prefix)
    {
        var errors = new FieldErrors();
        foreach (var problem in problems)
        {
            var index = chains.ToList().FindLastIndex(c => c.Id == problem.Chain);
            errors.Add(prefix ? $"[{index}].{problem.Field}" : problem.Field, problem.ToString());
        }

        return errors;
    }

    private async Task<ChainSummary?> SummaryAsync(string id, CancellationToken ct) =>
        await store.GetAsync(id, ct) is { } stored ? ChainSummary.Of(stored) : null;
}

/// <summary>What the audit log keeps of a chain, and what an import answers: enough to see what changed, not the whole file.</summary>
public sealed record ChainSummary(string Id, string Version, string NameZh, string NameEn, int Stages, int Products, int Edges)
{
    public string? File { get; init; }

    public static ChainSummary Of(ChainDefinition c) =>
        new(c.Id, c.Version, c.NameZh, c.NameEn, c.Stages.Count, c.Stages.Sum(s => s.Products?.Count ?? 0), c.Edges.Count);
}
