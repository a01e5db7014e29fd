using System.Text.Json;
using System.Text.Json.Serialization;
using Lianbo.Core.Chains;
using Lianbo.Core.Files;

namespace Lianbo.Core.Scenarios;

/// <summary>
/// A "what if" question (see data/scenarios/scenario.schema.json): one or more shocks on a base year. The same JSON comes
/// from the shipped presets, a file given to the CLI, the API and the form on /scenarios.
/// </summary>
/// <param name="Illustrative">True for presets and teaching examples: the shock's size is a round assumption, not an estimate.</param>
/// <param name="Sources">What the scenario is modelled on (an event, a paper), shown with every result.</param>
public sealed record ScenarioDefinition(
    string Id, string Version, string NameZh, string NameEn, string DescriptionZh, string DescriptionEn, bool Illustrative,
    IReadOnlyList<ScenarioSource> Sources, ScenarioBase Base, IReadOnlyList<ShockDefinition> Shocks)
{
    [JsonPropertyName("$schema"), JsonPropertyOrder(-1)]
    public string? Schema { get; init; } = "./scenario.schema.json";

    /// <summary>The file it was read from, for error messages.</summary>
    [JsonIgnore]
    public string File { get; init; } = "";
}

public sealed record ScenarioSource(string Title, string? Url = null);

/// <summary>What the shocks hit.</summary>
/// <param name="Year">The trade year of engine 1 (product and chain exposure); null = the latest stored year with products.</param>
/// <param name="Source">The trade data set (BACI, …); null = the one the trade pages would pick for the year.</param>
/// <param name="Digits">The HS level engine 1 reports at: 2, 4 or 6.</param>
/// <param name="Headroom">Spare capacity of unaffected exporters as a share of their exports of the product (0.2 = 20 %).</param>
/// <param name="GravityYear">The year of the gravity panel engine 2 (general equilibrium) solves on.</param>
/// <param name="Sigma">Elasticity of substitution σ of engine 2; the trade elasticity is 1 − σ.</param>
/// <param name="Draws">Monte Carlo draws for engine 2's bands; 0 = none.</param>
/// <param name="IoTable">The input–output table engine 3 (cascade shocks) runs on, as SOURCE/RELEASE/YEAR (WIOD/2013/2011);
/// null = the newest stored year.</param>
public sealed record ScenarioBase(
    int? Year = null, string? Source = null, int Digits = 6, double Headroom = 0.2, int GravityYear = 2006, double Sigma = 7.0, int Draws = 0,
    string? IoTable = null);

/// <summary>
/// One shock. Countries are ISO 3166-1 alpha-3 codes or country groups written <c>group:CODE</c> (<c>group:EU</c>);
/// products are HS codes of 2, 4 or 6 digits, a chain (<c>chains</c>) or a chain stage (<c>stages</c>, "chain/stage");
/// none of the three means all goods.
/// </summary>
/// <param name="Exporters">exportBan, disruption: whose exports fall.</param>
/// <param name="Destinations">exportBan: the importers concerned (none = every importer).</param>
/// <param name="AllBut">exportBan: hit every importer except <paramref name="Destinations"/>.</param>
/// <param name="Between">decoupling, tariff: the first group of countries.</param>
/// <param name="And">decoupling, tariff: the second group; the shock applies both ways.</param>
/// <param name="Percent">exportBan, disruption, decoupling: how much of the flows is lost, more than 0 and at most 100 (100 = a ban).</param>
/// <param name="Tau">decoupling, tariff: the change of trade costs as an ad-valorem equivalent (0.25 = +25 %; negative for liberalisation).</param>
/// <param name="Sectors">cascade: the input–output table's industries hit (c14); with chains and stages, the industries
/// the stage map links to them are added; none of the three = every industry of the countries hit.</param>
/// <param name="Model">cascade: supply (Ghosh, the default), demand (Leontief), extraction or inoperability (Haimes–Jiang).</param>
/// <param name="Days">cascade, inoperability: how long the shock lasts (default 365).</param>
public sealed record ShockDefinition(
    ShockKind Kind,
    IReadOnlyList<string>? Exporters = null,
    IReadOnlyList<string>? Destinations = null,
    bool AllBut = false,
    IReadOnlyList<string>? Between = null,
    IReadOnlyList<string>? And = null,
    IReadOnlyList<string>? Products = null,
    IReadOnlyList<string>? Chains = null,
    IReadOnlyList<string>? Stages = null,
    double? Percent = null,
    double? Tau = null,
    IReadOnlyList<string>? Sectors = null,
    string? Model = null,
    int? Days = null);

/// <summary>
/// exportBan, disruption, decoupling: engine 1 (product and chain exposure on trade data); tariff and decoupling with τ:
/// engine 2 (general equilibrium); cascade: engine 3 (the input–output cascade on a world input–output table).
/// </summary>
[JsonConverter(typeof(CamelCaseEnumConverter<ShockKind>))]
public enum ShockKind { ExportBan, Disruption, Decoupling, Tariff, Cascade }

/// <summary>Writes the values as the schema spells them ("exportBan"); reads either case.</summary>
public sealed class CamelCaseEnumConverter<T>() : JsonStringEnumConverter<T>(JsonNamingPolicy.CamelCase, allowIntegerValues: false) where T : struct, Enum;

/// <summary>Reads and writes scenario files; a file that is not valid JSON of this shape gives its line and field.</summary>
public static class ScenarioFiles
{
    public const string GroupPrefix = "group:";

    private static readonly JsonSerializerOptions Json = JsonFiles.Strict();

    private static readonly JsonSerializerOptions WriteJson = new(Json)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The presets of a directory (data/scenarios): every *.json but the schema and data files.</summary>
    public static IReadOnlyList<ScenarioDefinition> ReadDirectory(string directory) =>
        [.. Directory.GetFiles(directory, "*.json").Where(f => !f.EndsWith(".schema.json", StringComparison.Ordinal) && !Path.GetFileName(f).StartsWith("blocs", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).Select(Read)];

    public static ScenarioDefinition Read(string path)
    {
        var name = Path.GetFileName(path);
        var (scenario, problem) = Parse(System.IO.File.ReadAllBytes(path), name);
        return problem is null ? scenario! : throw new DataFileException(name, problem.Line, problem.Message);
    }

    /// <summary>Reads one scenario sent by a user; a problem names the line and field instead.</summary>
    public static (ScenarioDefinition? Scenario, ScenarioProblem? Problem) Parse(ReadOnlySpan<byte> utf8, string fileName)
    {
        utf8 = JsonFiles.WithoutBom(utf8);
        try
        {
            if (JsonSerializer.Deserialize<ScenarioDefinition>(utf8, Json) is not { } scenario)
            {
                return (null, new("", Messages.Format("ScenarioEmpty")) { Line = 1 });
            }

            return NullIn(scenario) is { } field
                ? (null, new(field, Messages.Format("FieldRequired", Messages.Field(field))))
                : (scenario with { File = fileName }, null);
        }
        catch (JsonException e)
        {
            var (field, line) = JsonFiles.Place(e);
            return (null, new(field, e.Message) { Line = line });
        }
    }

    public static string Write(ScenarioDefinition scenario) => JsonSerializer.Serialize(scenario, WriteJson);

    // Nullable annotations do not reach list elements: a null inside a list is found here, with its place.
    private static string? NullIn(ScenarioDefinition scenario)
    {
        for (var i = 0; i < scenario.Sources.Count; i++)
        {
            if (scenario.Sources[i] is null)
            {
                return $"sources[{i}]";
            }
        }

        for (var i = 0; i < scenario.Shocks.Count; i++)
        {
            if (scenario.Shocks[i] is not { } shock)
            {
                return $"shocks[{i}]";
            }

            foreach (var (name, list) in Lists(shock))
            {
                for (var k = 0; k < (list?.Count ?? 0); k++)
                {
                    if (list![k] is null)
                    {
                        return $"shocks[{i}].{name}[{k}]";
                    }
                }
            }
        }

        return null;
    }

    internal static IEnumerable<(string Name, IReadOnlyList<string>? List)> Lists(ShockDefinition shock) =>
    [
        ("exporters", shock.Exporters), ("destinations", shock.Destinations), ("between", shock.Between), ("and", shock.And),
        ("products", shock.Products), ("chains", shock.Chains), ("stages", shock.Stages), ("sectors", shock.Sectors),
    ];
}

/// <summary>One problem in a scenario: the field as a path into its JSON (<c>shocks[1].products[0]</c>) and what is wrong.</summary>
public sealed record ScenarioProblem(string Field, string Message)
{
    /// <summary>The line of the file, when the problem was found while reading it.</summary>
    public int? Line { get; init; }

    public override string ToString() => string.IsNullOrEmpty(Field) ? Message : $"{Field}: {Message}";
}
