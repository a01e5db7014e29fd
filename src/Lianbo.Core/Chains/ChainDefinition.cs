using System.Text.Json;
using System.Text.Json.Serialization;
using Lianbo.Core.Files;

namespace Lianbo.Core.Chains;

/// <summary>One chain file of data/chains (see chain.schema.json): stages from upstream to downstream, and edges.</summary>
public sealed record ChainDefinition(
    string Id, string Version, ChainKind Kind, int Order, string NameZh, string NameEn, string DescriptionZh, string DescriptionEn,
    string Colour, IReadOnlyList<StageDefinition> Stages, IReadOnlyList<EdgeDefinition> Edges)
{
    /// <summary>The schema the file names, so that editors can check it as it is written.</summary>
    [JsonPropertyName("$schema"), JsonPropertyOrder(-1)]
    public string? Schema { get; init; } = "./chain.schema.json";

    /// <summary>The file it was read from, for error messages.</summary>
    [JsonIgnore]
    public string File { get; init; } = "";
}

public sealed record StageDefinition(string Id, string NameZh, string NameEn, StagePosition Position, StageKind Kind, IReadOnlyList<ProductDefinition>? Products = null);

/// <param name="Proxy">
/// True when UNSD's conversion puts the product into HS 1992 codes that hold much more than it, so that the HS 1992
/// figure stands for the product only in part; the rationale then gives the share it plausibly represents.
/// Written only when true, as in the shipped files.
/// </param>
public sealed record ProductDefinition(string Hs2022, IReadOnlyList<string> Hs1992, [property: JsonPropertyOrder(2)] string Rationale, bool Proxy = false)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault), JsonPropertyOrder(1)]
    public bool Proxy { get; init; } = Proxy;
}

public sealed record EdgeDefinition(string From, string To);

[JsonConverter(typeof(LowerCaseEnumConverter<ChainKind>))]
public enum ChainKind { Chain, Area }

[JsonConverter(typeof(LowerCaseEnumConverter<StagePosition>))]
public enum StagePosition { Upstream, Midstream, Downstream }

[JsonConverter(typeof(LowerCaseEnumConverter<StageKind>))]
public enum StageKind { Goods, Services }

/// <summary>Writes the values as the schema spells them ("chain", "upstream", "goods"), so that exported files match the shipped ones; reads either case.</summary>
public sealed class LowerCaseEnumConverter<T>() : JsonStringEnumConverter<T>(JsonNamingPolicy.CamelCase, allowIntegerValues: false) where T : struct, Enum;

/// <summary>Reads chain files; a file that is not valid JSON of this shape is rejected with its name and line.</summary>
public static class ChainFiles
{
    private static readonly JsonSerializerOptions Json = JsonFiles.Strict();

    public static IReadOnlyList<ChainDefinition> ReadDirectory(string directory) =>
        [.. Directory.GetFiles(directory, "*.json").Where(f => !f.EndsWith(".schema.json", StringComparison.Ordinal)).Order(StringComparer.Ordinal).Select(Read)];

    public static ChainDefinition Read(string path)
    {
        var name = Path.GetFileName(path);
        var (chains, problem) = Parse(System.IO.File.ReadAllBytes(path), name, allowMany: false);
        return problem is null ? chains[0] : throw new DataFileException(name, problem.Line, problem.Message);
    }

    /// <summary>A file given on the command line: one chain, or an array of chains.</summary>
    public static IReadOnlyList<ChainDefinition> ReadMany(string path)
    {
        var name = Path.GetFileName(path);
        var (chains, problem) = Parse(System.IO.File.ReadAllBytes(path), name, allowMany: true);
        return problem is null ? chains : throw new DataFileException(name, problem.Line, problem.Message);
    }

    /// <summary>
    /// Reads a chain file sent by a user (an upload, a request body): one chain object or, when <paramref name="allowMany"/>,
    /// an array of them. A file that is not valid JSON of this shape gives a problem naming the file, line and field instead of chains.
    /// </summary>
    public static (IReadOnlyList<ChainDefinition> Chains, ChainFileProblem? Problem) Parse(ReadOnlySpan<byte> utf8, string fileName, bool allowMany)
    {
        utf8 = JsonFiles.WithoutBom(utf8);
        try
        {
            // Looked at first so that a single chain and an array are told apart without parsing twice.
            var many = utf8.TrimStart(" \t\r\n"u8) is [(byte)'[', ..];
            if (many && !allowMany)
            {
                return ([], new(fileName, 1, null, Messages.Format("ChainOneExpected")));
            }

            IReadOnlyList<ChainDefinition?> read = many
                ? JsonSerializer.Deserialize<List<ChainDefinition?>>(utf8, Json) ?? []
                : [JsonSerializer.Deserialize<ChainDefinition>(utf8, Json)];
            if (read.Count == 0 || read.Any(c => c is null))
            {
                return ([], new(fileName, 1, null, Messages.Format("ChainEmpty")));
            }

            return read.Select((c, i) => NullIn(c!, many ? $"[{i}]." : "")).FirstOrDefault(f => f is not null) is { } empty
                ? ([], new(fileName, null, empty, Messages.Format("FieldRequired", empty)))
                : ([.. read.Select(c => c! with { File = fileName })], null);
        }
        catch (JsonException e)
        {
            var (field, line) = JsonFiles.Place(e);
            return ([], new(fileName, line, field.Length == 0 ? null : field, e.Message));
        }
    }

    // The reader lets a null stand in a list whatever the element type says (nullable annotations cover members only);
    // the schema allows none, and the checks that follow expect none.
    private static string? NullIn(ChainDefinition chain, string prefix)
    {
        for (var i = 0; i < chain.Stages.Count; i++)
        {
            if (chain.Stages[i] is not { } stage)
            {
                return $"{prefix}stages[{i}]";
            }

            for (var k = 0; k < (stage.Products?.Count ?? 0); k++)
            {
                if (stage.Products![k] is not { } product)
                {
                    return $"{prefix}stages[{i}].products[{k}]";
                }

                if (NullAt(product.Hs1992) is var j and >= 0)
                {
                    return $"{prefix}stages[{i}].products[{k}].hs1992[{j}]";
                }
            }
        }

        return NullAt(chain.Edges) is var e and >= 0 ? $"{prefix}edges[{e}]" : null;
    }

    private static int NullAt<T>(IReadOnlyList<T?>? list) where T : class
    {
        for (var i = 0; i < (list?.Count ?? 0); i++)
        {
            if (list![i] is null)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The chain as a file in the shipped format (indented, the schema named, services stages without products).</summary>
    public static string Write(ChainDefinition chain) => JsonSerializer.Serialize(chain, WriteJson);

    // Chinese names written as themselves, as in the shipped files, not as \u escapes: a file for people to read and
    // diff, never embedded in HTML.
    private static readonly JsonSerializerOptions WriteJson = new(Json)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}

/// <summary>Why a chain file could not be read: its name, the line and field where reading stopped, and what was wrong.</summary>
public sealed record ChainFileProblem(string File, int? Line, string? Field, string Message)
{
    // As DataFileException says it (the command line's refusal), in the user's language.
    public override string ToString() => Line is { } line ? Messages.Format("FileLineError", File, line, Message) : Messages.Format("FileError", File, Message);
}
