using System.Text.RegularExpressions;

namespace Lianbo.Core.Chains;

/// <summary>One problem in a chain file, located by file, chain, stage and code where they apply.</summary>
public sealed record ChainProblem(string File, string Chain, string? Stage, string? Code, string Message)
{
    /// <summary>The field at fault, as a path into the chain's JSON (<c>stages[2].products[0].hs2022</c>), for forms and API errors.</summary>
    public string Field { get; init; } = "id";

    /// <summary>For a warning, a check that does not stop a chain from being stored, its kind (see <see cref="ChainWarnings"/>); null for an error.</summary>
    public string? Warning { get; init; }

    public override string ToString() =>
        string.Join(" / ", new[] { File, Chain, Stage, Code }.Where(p => !string.IsNullOrEmpty(p))) + ": " + Message;
}

/// <summary>
/// Every check a chain must pass before it is stored. The shape rules of chain.schema.json (ids, version, colour,
/// texts in their language, lengths the store keeps) are made here too, since chains also come from organisers'
/// forms and uploads that no editor checked; then the checks JSON Schema cannot make: unique ids, edges between
/// known stages, no cycle, HS codes that exist in the nomenclatures, no code in two stages of one chain (nor a
/// subheading apart from its own heading), and products only on goods stages.
/// </summary>
public static partial class ChainValidator
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

    public static IEnumerable<ChainProblem> Validate(ChainDefinition chain, IReadOnlySet<string> hs2022, IReadOnlySet<string> hs1992) =>
        CheckShape(chain).Concat(CheckGraphAndCodes(chain, hs2022, hs1992));

    // The schema's rules, and the lengths of the store's columns (ChainEntities).
    private static IEnumerable<ChainProblem> CheckShape(ChainDefinition chain)
    {
        ChainProblem Problem(string field, string? stage, string message) => new(chain.File, chain.Id, stage, null, message) { Field = field };

        if (!IsKebabId(chain.Id))
        {
            yield return Problem("id", null, Messages.Format("ChainIdFormat"));
        }

        if (!VersionPattern().IsMatch(chain.Version))
        {
            yield return Problem("version", null, Messages.Format("ChainVersionFormat"));
        }

        if (chain.Order < 1)
        {
            yield return Problem("order", null, Messages.Format("ChainOrderFormat"));
        }

        if (!ColourPattern().IsMatch(chain.Colour))
        {
            yield return Problem("colour", null, Messages.Format("ChainColourFormat"));
        }

        foreach (var problem in CheckTexts(null, ("nameZh", chain.NameZh, 100, true), ("nameEn", chain.NameEn, 200, false),
                     ("descriptionZh", chain.DescriptionZh, 2000, true), ("descriptionEn", chain.DescriptionEn, 4000, false)))
        {
            yield return Problem(problem.Field, null, problem.Message);
        }

        if (chain.Stages.Count == 0)
        {
            yield return Problem("stages", null, Messages.Format("ChainNoStages"));
        }

        for (var i = 0; i < chain.Stages.Count; i++)
        {
            var stage = chain.Stages[i];
            if (!IsKebabId(stage.Id))
            {
                yield return Problem($"stages[{i}].id", stage.Id, Messages.Format("StageIdFormat"));
            }

            foreach (var problem in CheckTexts($"stages[{i}].", ("nameZh", stage.NameZh, 100, true), ("nameEn", stage.NameEn, 200, false)))
            {
                yield return Problem(problem.Field, stage.Id, problem.Message);
            }

            var products = stage.Products ?? [];
            for (var k = 0; k < products.Count; k++)
            {
                var product = products[k];
                if (product.Hs1992.Distinct(StringComparer.Ordinal).Count() != product.Hs1992.Count || string.Join(",", product.Hs1992).Length > 200)
                {
                    yield return new(chain.File, chain.Id, stage.Id, product.Hs2022, Messages.Format("Hs1992ListFormat")) { Field = $"stages[{i}].products[{k}].hs1992" };
                }

                if (product.Rationale.Contains('\n', StringComparison.Ordinal) || product.Rationale.Trim().Length is > 0 and < 10 or > 1000)
                {
                    yield return new(chain.File, chain.Id, stage.Id, product.Hs2022, Messages.Format("RationaleFormat")) { Field = $"stages[{i}].products[{k}].rationale" };
                }
            }
        }

        foreach (var (edge, j) in chain.Edges.Select((e, j) => (e, j)).Where(p => chain.Edges.Take(p.j).Contains(p.e)))
        {
            yield return Problem($"edges[{j}]", edge.From, Messages.Format("EdgeDuplicate", edge.From, edge.To));
        }
    }

    // A Chinese text needs Chinese characters; an English one has none (so that the two fields are not swapped).
    internal static IEnumerable<(string Field, string Message)> CheckTexts(string? prefix, params (string Field, string Value, int Max, bool Chinese)[] texts)
    {
        foreach (var (field, value, max, chinese) in texts)
        {
            var name = prefix + field;
            if (string.IsNullOrWhiteSpace(value))
            {
                yield return (name, Messages.Format("Required", Messages.Field(field)));
            }
            else if (value.Length > max)
            {
                yield return (name, Messages.Format("TooLong", Messages.Field(field), max));
            }
            else if (value.Any(char.IsControl))
            {
                // Names and descriptions are one paragraph; PostgreSQL cannot store a NUL at all.
                yield return (name, Messages.Format("TextControlCharacter", field));
            }
            else if (chinese != HanPattern().IsMatch(value))
            {
                yield return (name, Messages.Format(chinese ? "TextNeedsChinese" : "TextWithoutChinese", field));
            }
        }
    }

    private static IEnumerable<ChainProblem> CheckGraphAndCodes(ChainDefinition chain, IReadOnlySet<string> hs2022, IReadOnlySet<string> hs1992)
    {
        ChainProblem Problem(string field, string? stage, string? code, string message) => new(chain.File, chain.Id, stage, code, message) { Field = field };

        var stages = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (stage, i) in chain.Stages.Select((s, i) => (s, i)).Where(p => !stages.Add(p.s.Id)))
        {
            yield return Problem($"stages[{i}].id", stage.Id, null, Messages.Format("StageDuplicateId"));
        }

        for (var j = 0; j < chain.Edges.Count; j++)
        {
            var edge = chain.Edges[j];
            foreach (var (end, side) in new[] { (edge.From, "from"), (edge.To, "to") }.Where(e => !stages.Contains(e.Item1)))
            {
                yield return Problem($"edges[{j}].{side}", end, null, Messages.Format("EdgeUnknownStage", edge.From, edge.To));
            }
        }

        if (FindCycle(chain) is { } cycle)
        {
            yield return Problem("edges", cycle[0], null, Messages.Format("ChainCycle", string.Join(" → ", cycle)));
        }

        // Where each HS 2022 code was first placed: the stage and the product's field.
        var placed = new Dictionary<string, (string Stage, string Field)>(StringComparer.Ordinal);
        for (var i = 0; i < chain.Stages.Count; i++)
        {
            var stage = chain.Stages[i];
            var products = stage.Products ?? [];
            if (stage.Kind == StageKind.Services && products.Count > 0)
            {
                yield return Problem($"stages[{i}].products", stage.Id, null, Messages.Format("ServicesWithProducts"));
            }

            if (stage.Kind == StageKind.Goods && products.Count == 0)
            {
                yield return Problem($"stages[{i}].products", stage.Id, null, Messages.Format("GoodsWithoutProducts"));
            }

            for (var k = 0; k < products.Count; k++)
            {
                var product = products[k];
                var field = $"stages[{i}].products[{k}]";
                // Chapter 99 ("not specified according to kind") names no goods a stage could stand for.
                if (product.Hs2022.Length is not (4 or 6) || !hs2022.Contains(product.Hs2022) || product.Hs2022.StartsWith("99", StringComparison.Ordinal))
                {
                    yield return Problem(field + ".hs2022", stage.Id, product.Hs2022, Messages.Format("UnknownHs2022"));
                }

                foreach (var old in product.Hs1992.Where(c => c.Length is not (4 or 6) || !hs1992.Contains(c)))
                {
                    yield return Problem(field + ".hs1992", stage.Id, old, Messages.Format("UnknownHs1992", product.Hs2022));
                }

                if (product.Hs1992.Count == 0)
                {
                    yield return Problem(field + ".hs1992", stage.Id, product.Hs2022, Messages.Format("NoHs1992"));
                }

                if (string.IsNullOrWhiteSpace(product.Rationale))
                {
                    yield return Problem(field + ".rationale", stage.Id, product.Hs2022, Messages.Format("NoRationale"));
                }

                if (placed.TryGetValue(product.Hs2022, out var other))
                {
                    yield return Problem(field + ".hs2022", stage.Id, product.Hs2022, Messages.Format("CodeInTwoStages", other.Stage));
                }

                placed.TryAdd(product.Hs2022, (stage.Id, field + ".hs2022"));
            }
        }

        // A subheading in one stage and its own heading in another would count the same goods twice.
        foreach (var (code, (stage, field)) in placed.Where(p => p.Key.Length == 6))
        {
            if (placed.TryGetValue(code[..4], out var heading) && heading.Stage != stage)
            {
                yield return Problem(field, stage, code, Messages.Format("CodeUnderOtherStage", code[..4], heading.Stage));
            }
        }
    }

    public static bool IsKebabId(string id) => id.Length <= 64 && KebabPattern().IsMatch(id);

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

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex KebabPattern();

    [GeneratedRegex("^[0-9]{4}\\.[0-9]+$")]
    private static partial Regex VersionPattern();

    [GeneratedRegex("^#[0-9a-fA-F]{6}$")]
    private static partial Regex ColourPattern();

    [GeneratedRegex("[\u4e00-\u9fff]")]
    private static partial Regex HanPattern();
}
