namespace Lianbo.Core.Chains;

/// <summary>One problem in a chain file, located by file, chain, stage and code where they apply.</summary>
public sealed record ChainProblem(string File, string Chain, string? Stage, string? Code, string Message)
{
    public override string ToString() =>
        string.Join(" / ", new[] { File, Chain, Stage, Code }.Where(p => !string.IsNullOrEmpty(p))) + ": " + Message;
}

/// <summary>
/// The checks JSON Schema cannot make: unique ids, edges between known stages, no cycle, HS codes that exist in
/// the nomenclatures, no code in two stages of one chain (nor a subheading apart from its own heading), and
/// products only on goods stages.
/// </summary>
public static class ChainValidator
{
    public static List<ChainProblem> Validate(IReadOnlyList<ChainDefinition> chains, IReadOnlySet<string> hs2022, IReadOnlySet<string> hs1992)
    {
        var problems = new List<ChainProblem>();
        foreach (var duplicate in chains.GroupBy(c => c.Id, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            problems.Add(new(duplicate.Last().File, duplicate.Key, null, null, Messages.Format("ChainDuplicateId")));
        }

        foreach (var chain in chains)
        {
            problems.AddRange(Validate(chain, hs2022, hs1992));
        }

        return problems;
    }

    public static IEnumerable<ChainProblem> Validate(ChainDefinition chain, IReadOnlySet<string> hs2022, IReadOnlySet<string> hs1992)
    {
        ChainProblem Problem(string? stage, string? code, string message) => new(chain.File, chain.Id, stage, code, message);

        var stages = new HashSet<string>(StringComparer.Ordinal);
        foreach (var stage in chain.Stages.Where(s => !stages.Add(s.Id)))
        {
            yield return Problem(stage.Id, null, Messages.Format("StageDuplicateId"));
        }

        foreach (var edge in chain.Edges)
        {
            foreach (var end in new[] { edge.From, edge.To }.Where(e => !stages.Contains(e)))
            {
                yield return Problem(end, null, Messages.Format("EdgeUnknownStage", edge.From, edge.To));
            }
        }

        if (FindCycle(chain) is { } cycle)
        {
            yield return Problem(cycle[0], null, Messages.Format("ChainCycle", string.Join(" → ", cycle)));
        }

        var placed = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var stage in chain.Stages)
        {
            var products = stage.Products ?? [];
            if (stage.Kind == StageKind.Services && products.Count > 0)
            {
                yield return Problem(stage.Id, null, Messages.Format("ServicesWithProducts"));
            }

            if (stage.Kind == StageKind.Goods && products.Count == 0)
            {
                yield return Problem(stage.Id, null, Messages.Format("GoodsWithoutProducts"));
            }

            foreach (var product in products)
            {
                // Chapter 99 ("not specified according to kind") names no goods a stage could stand for.
                if (product.Hs2022.Length is not (4 or 6) || !hs2022.Contains(product.Hs2022) || product.Hs2022.StartsWith("99", StringComparison.Ordinal))
                {
                    yield return Problem(stage.Id, product.Hs2022, Messages.Format("UnknownHs2022"));
                }

                foreach (var old in product.Hs1992.Where(c => c.Length is not (4 or 6) || !hs1992.Contains(c)))
                {
                    yield return Problem(stage.Id, old, Messages.Format("UnknownHs1992", product.Hs2022));
                }

                if (product.Hs1992.Count == 0)
                {
                    yield return Problem(stage.Id, product.Hs2022, Messages.Format("NoHs1992"));
                }

                if (string.IsNullOrWhiteSpace(product.Rationale))
                {
                    yield return Problem(stage.Id, product.Hs2022, Messages.Format("NoRationale"));
                }

                if (placed.TryGetValue(product.Hs2022, out var other))
                {
                    yield return Problem(stage.Id, product.Hs2022, Messages.Format("CodeInTwoStages", other));
                }

                placed.TryAdd(product.Hs2022, stage.Id);
            }
        }

        // A subheading in one stage and its own heading in another would count the same goods twice.
        foreach (var (code, stage) in placed.Where(p => p.Key.Length == 6))
        {
            if (placed.TryGetValue(code[..4], out var headingStage) && headingStage != stage)
            {
                yield return Problem(stage, code, Messages.Format("CodeUnderOtherStage", code[..4], headingStage));
            }
        }
    }

    // Depth-first search; returns the stages of one cycle (first repeated at the end) or null.
    private static List<string>? FindCycle(ChainDefinition chain)
    {
        var next = chain.Edges.GroupBy(e => e.From, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(e => e.To).ToList(), StringComparer.Ordinal);
        var state = new Dictionary<string, int>(StringComparer.Ordinal);
        var path = new List<string>();

        List<string>? Visit(string stage)
        {
            state[stage] = 1;
            path.Add(stage);
            foreach (var to in next.GetValueOrDefault(stage) ?? [])
            {
                if (state.GetValueOrDefault(to) == 1)
                {
                    return [.. path.Skip(path.IndexOf(to)), to];
                }

                if (state.GetValueOrDefault(to) == 0 && Visit(to) is { } found)
                {
                    return found;
                }
            }

            path.RemoveAt(path.Count - 1);
            state[stage] = 2;
            return null;
        }

        foreach (var stage in chain.Stages.Select(s => s.Id))
        {
            if (state.GetValueOrDefault(stage) == 0 && Visit(stage) is { } cycle)
            {
                return cycle;
            }
        }

        return null;
    }
}
