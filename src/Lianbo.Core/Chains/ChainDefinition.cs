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

public sealed record ProductDefinition(string Hs2022, IReadOnlyList<string> Hs1992, string Rationale);

public sealed record EdgeDefinition(string From, string To);

[JsonConverter(typeof(JsonStringEnumConverter<ChainKind>))]
public enum ChainKind { Chain, Area }

[JsonConverter(typeof(JsonStringEnumConverter<StagePosition>))]
public enum StagePosition { Upstream, Midstream, Downstream }

[JsonConverter(typeof(JsonStringEnumConverter<StageKind>))]
public enum StageKind { Goods, Services }

/// <summary>Reads chain files; a file that is not valid JSON of this shape is rejected with its name and line.</summary>
public static class ChainFiles
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        RespectRequiredConstructorParameters = true,
        RespectNullableAnnotations = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        AllowTrailingCommas = false,
    };

    public static IReadOnlyList<ChainDefinition> ReadDirectory(string directory) =>
        [.. Directory.GetFiles(directory, "*.json").Where(f => !f.EndsWith(".schema.json", StringComparison.Ordinal)).Order(StringComparer.Ordinal).Select(Read)];

    public static ChainDefinition Read(string path)
    {
        var name = Path.GetFileName(path);
        try
        {
            using var stream = System.IO.File.OpenRead(path);
            return (JsonSerializer.Deserialize<ChainDefinition>(stream, Json) ?? throw new DataFileException(name, 1, Messages.Format("ChainEmpty"))) with { File = name };
        }
        catch (JsonException e)
        {
            throw new DataFileException(name, (int?)e.LineNumber + 1, e.Message);
        }
    }

    public static string Write(ChainDefinition chain) =>
        JsonSerializer.Serialize(chain, new JsonSerializerOptions(Json) { WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull });
}
