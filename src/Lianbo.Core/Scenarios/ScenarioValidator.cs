using System.Text.RegularExpressions;
using Lianbo.Core.Chains;

namespace Lianbo.Core.Scenarios;

/// <summary>What a scenario's names are checked against: the reference data and chains of this install.</summary>
/// <param name="Countries">ISO 3166-1 alpha-3 codes.</param>
/// <param name="Groups">Country groups by code, with their members.</param>
/// <param name="Hs1992">HS 1992 codes at 2, 4 and 6 digits, the nomenclature trade data are stored in.</param>
/// <param name="Chains">Chain ids with their stage ids.</param>
/// <param name="GravityYears">The years of the gravity panel engine 2 can solve on.</param>
public sealed record ScenarioContext(
    IReadOnlySet<string> Countries, IReadOnlyDictionary<string, IReadOnlyList<string>> Groups, IReadOnlySet<string> Hs1992,
    IReadOnlyDictionary<string, IReadOnlySet<string>> Chains, IReadOnlySet<int> GravityYears)
{
    /// <summary>The countries of a list of ISO codes and <c>group:CODE</c> entries, each once, in ordinal order.</summary>
    public IReadOnlyList<string> Expand(IEnumerable<string>? entries) =>
        [.. (entries ?? []).SelectMany(e => e.StartsWith(ScenarioFiles.GroupPrefix, StringComparison.Ordinal)
                ? Groups.GetValueOrDefault(e[ScenarioFiles.GroupPrefix.Length..]) ?? []
                : [e])
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
}

/// <summary>
/// Every check a scenario must pass before it is stored or run: the shape rules of scenario.schema.json (made here too,
/// since scenarios also come from forms and request bodies no editor checked), which fields each kind of shock takes,
/// and that every country, group, HS code, chain and stage it names exists. Each problem names its field as a path into
/// the JSON (<c>shocks[1].products[0]</c>).
/// </summary>
public static partial class ScenarioValidator
{
    public const int MaxShocks = 50;
    public const int MaxDraws = 2000;

    public static List<ScenarioProblem> Validate(ScenarioDefinition scenario, ScenarioContext context)
    {
        var problems = new List<ScenarioProblem>();
        void Add(string field, string key, params object[] args) => problems.Add(Problem(field, key, args));

        if (!ChainValidator.IsKebabId(scenario.Id))
        {
            Add("id", "ScenarioIdFormat");
        }

        if (!VersionPattern().IsMatch(scenario.Version))
        {
            Add("version", "ScenarioVersionFormat");
        }

        foreach (var (field, message) in ChainValidator.CheckTexts(null, ("nameZh", scenario.NameZh, 100, true), ("nameEn", scenario.NameEn, 200, false),
                     ("descriptionZh", scenario.DescriptionZh, 2000, true), ("descriptionEn", scenario.DescriptionEn, 4000, false)))
        {
            problems.Add(new(field, message));
        }

        for (var i = 0; i < scenario.Sources.Count; i++)
        {
            var source = scenario.Sources[i];
            if (string.IsNullOrWhiteSpace(source.Title) || source.Title.Length > 300 || source.Title.Any(char.IsControl))
            {
                Add($"sources[{i}].title", "ScenarioSourceTitle");
            }

            if (source.Url is { } url && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" && url.Length <= 500))
            {
                Add($"sources[{i}].url", "ScenarioSourceUrl");
            }
        }

        problems.AddRange(CheckBase(scenario.Base, context));
        if (scenario.Shocks.Count is 0 or > MaxShocks)
        {
            Add("shocks", "ScenarioShockCount", MaxShocks);
        }

        for (var i = 0; i < scenario.Shocks.Count; i++)
        {
            problems.AddRange(CheckShock(scenario.Shocks[i], $"shocks[{i}].", context));
        }

        return problems;
    }

    private static IEnumerable<ScenarioProblem> CheckBase(ScenarioBase b, ScenarioContext context)
    {
        if (b.Year is { } year && year is < 1900 or > 2100)
        {
            yield return Problem("base.year", "ScenarioYear");
        }

        if (b.Source is { } source && (source.Length is 0 or > 64 || source.Any(char.IsControl)))
        {
            yield return Problem("base.source", "ScenarioSource");
        }

        if (b.Digits is not (2 or 4 or 6))
        {
            yield return Problem("base.digits", "ScenarioDigits");
        }

        if (!(b.Headroom is >= 0 and <= 10))
        {
            yield return Problem("base.headroom", "ScenarioHeadroom");
        }

        if (!context.GravityYears.Contains(b.GravityYear))
        {
            yield return Problem("base.gravityYear", "ScenarioGravityYear", context.GravityYears.Count == 0 ? "—" : $"{context.GravityYears.Min()}–{context.GravityYears.Max()}");
        }

        if (!(b.Sigma is > 1 and <= 50))
        {
            yield return Problem("base.sigma", "ScenarioSigma");
        }

        if (b.Draws is < 0 or > MaxDraws)
        {
            yield return Problem("base.draws", "ScenarioDraws", MaxDraws);
        }

        if (b.IoTable is { } table && !IoTablePattern().IsMatch(table))
        {
            yield return Problem("base.ioTable", "ScenarioIoTable", table);
        }
    }

    private static List<ScenarioProblem> CheckShock(ShockDefinition shock, string at, ScenarioContext context)
    {
        var problems = new List<ScenarioProblem>();
        void add(string field, string key, object[] args) => problems.Add(Problem(field, key, args));
        var kind = shock.Kind;
        var cascade = kind == ShockKind.Cascade;
        var byExporter = kind is ShockKind.ExportBan or ShockKind.Disruption or ShockKind.Cascade;
        var betweenGroups = kind is ShockKind.Decoupling or ShockKind.Tariff;

        // Which fields each kind takes; a field a kind does not use is refused rather than silently ignored.
        void Takes(string field, bool present, bool allowed, bool required)
        {
            if (present && !allowed)
            {
                add(at + field, "ScenarioFieldNotFor", [field, Messages.Format("ShockKind" + kind)]);
            }
            else if (!present && required)
            {
                add(at + field, "ScenarioFieldRequiredFor", [field, Messages.Format("ShockKind" + kind)]);
            }
        }

        var hasProducts = shock.Products is { Count: > 0 } || shock.Chains is { Count: > 0 } || shock.Stages is { Count: > 0 };
        Takes("exporters", shock.Exporters is { Count: > 0 }, byExporter, byExporter);
        Takes("destinations", shock.Destinations is { Count: > 0 }, kind == ShockKind.ExportBan, shock.AllBut);
        Takes("allBut", shock.AllBut, kind == ShockKind.ExportBan, false);
        Takes("between", shock.Between is { Count: > 0 }, betweenGroups, betweenGroups);
        Takes("and", shock.And is { Count: > 0 }, betweenGroups, betweenGroups);
        Takes("percent", shock.Percent is not null, kind != ShockKind.Tariff, byExporter || (kind == ShockKind.Decoupling && shock.Tau is null));
        Takes("tau", shock.Tau is not null, betweenGroups, kind == ShockKind.Tariff);
        Takes("products", shock.Products is { Count: > 0 }, !cascade, false);
        Takes("sectors", shock.Sectors is { Count: > 0 }, cascade, false);
        Takes("model", shock.Model is not null, cascade, false);
        Takes("days", shock.Days is not null, cascade, false);
        if (shock.Model is { } model && !CascadeModels.Contains(model))
        {
            add(at + "model", "ScenarioIoModel", [model]);
        }

        if (shock.Days is { } days && days is < 1 or > 3650)
        {
            add(at + "days", "ScenarioIoDays", []);
        }

        // An extraction removes one industry of one country; the other models add up over countries and industries.
        if (cascade && shock.Model == "extraction"
            && (shock.Exporters is not { Count: 1 } || shock.Exporters[0].StartsWith(ScenarioFiles.GroupPrefix, StringComparison.Ordinal)
                || shock.Sectors is not { Count: 1 } || shock.Chains is { Count: > 0 } || shock.Stages is { Count: > 0 }))
        {
            add(at + "sectors", "ScenarioIoExtraction", []);
        }
        if (shock.Tau is not null && hasProducts)
        {
            // The general-equilibrium engine works on total trade between countries, not on products.
            add(at + "tau", "ScenarioTauAllGoods", []);
        }

        if (shock.Percent is { } percent && !(percent is > 0 and <= 100))
        {
            add(at + "percent", "ScenarioPercent", []);
        }

        if (shock.Tau is { } tau && tau is <= -1 or > 10 or 0)
        {
            add(at + "tau", "ScenarioTau", []);
        }

        foreach (var (name, list) in ScenarioFiles.Lists(shock))
        {
            if (list is { Count: > 300 })
            {
                add(at + name, "ScenarioListLong", [300]);
                continue;
            }

            for (var k = 0; k < (list?.Count ?? 0); k++)
            {
                var field = $"{at}{name}[{k}]";
                var value = list![k];
                var problem = name switch
                {
                    "products" => context.Hs1992.Contains(value) && value.Length is 2 or 4 or 6 ? null : Messages.Format("ScenarioUnknownHs", value),
                    "chains" => context.Chains.ContainsKey(value) ? null : Messages.Format("ScenarioUnknownChain", value),
                    "stages" => value.Split('/') is [var chain, var stage] && context.Chains.TryGetValue(chain, out var stages) && stages.Contains(stage)
                        ? null : Messages.Format("ScenarioUnknownStage", value),
                    // Checked against the table when the scenario runs: the tables differ in their industries.
                    "sectors" => SectorPattern().IsMatch(value) ? null : Messages.Format("ScenarioIoSector", value),
                    _ => CountryProblem(value, context),
                };
                if (problem is not null)
                {
                    problems.Add(new(field, problem));
                }
            }
        }

        if (betweenGroups && shock.Between is { Count: > 0 } && shock.And is { Count: > 0 }
            && context.Expand(shock.Between).Intersect(context.Expand(shock.And), StringComparer.Ordinal).FirstOrDefault() is { } both)
        {
            add(at + "and", "ScenarioGroupsOverlap", [both]);
        }

        return problems;
    }

    private static ScenarioProblem Problem(string field, string key, params object[] args) => new(field, Messages.Format(key, args));

    private static string? CountryProblem(string value, ScenarioContext context) =>
        value.StartsWith(ScenarioFiles.GroupPrefix, StringComparison.Ordinal)
            ? context.Groups.ContainsKey(value[ScenarioFiles.GroupPrefix.Length..]) ? null : Messages.Format("ScenarioUnknownGroup", value)
            : context.Countries.Contains(value) ? null : Messages.Format("ScenarioUnknownCountry", value);

    [GeneratedRegex("^[0-9A-Za-z][0-9A-Za-z.-]{0,31}$")]
    private static partial Regex VersionPattern();

    /// <summary>The models of a cascade shock, as the JSON names them.</summary>
    public static readonly IReadOnlyList<string> CascadeModels = ["supply", "demand", "extraction", "inoperability"];

    [GeneratedRegex("^[A-Za-z0-9-]{1,32}/[A-Za-z0-9.-]{1,32}/[0-9]{4}$")]
    private static partial Regex IoTablePattern();

    [GeneratedRegex("^[A-Za-z0-9_-]{1,16}$")]
    private static partial Regex SectorPattern();
}
