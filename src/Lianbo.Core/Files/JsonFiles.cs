using System.Text.Json;

namespace Lianbo.Core.Files;

/// <summary>
/// What the JSON definition files (chains, scenarios) share: strict reading — required members, no unknown members, no
/// trailing commas — a byte-order mark skipped, and a reader error turned into the field and line a person can find.
/// </summary>
public static class JsonFiles
{
    /// <summary>Options for a file of one schema: every member it names is required, nothing else is allowed.</summary>
    public static JsonSerializerOptions Strict() => new(JsonSerializerDefaults.Web)
    {
        RespectRequiredConstructorParameters = true,
        RespectNullableAnnotations = true,
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
        AllowTrailingCommas = false,
    };

    /// <summary>The bytes without the byte-order mark editors on Windows put first, which the JSON reader does not skip.</summary>
    public static ReadOnlySpan<byte> WithoutBom(ReadOnlySpan<byte> utf8) => utf8.StartsWith("\uFEFF"u8) ? utf8[3..] : utf8;

    /// <summary>
    /// Where a reader error is: the field as the API reports fields ("stages[2].products[0]", without the leading "$.";
    /// empty for the whole document) and the 1-based line.
    /// </summary>
    public static (string Field, int? Line) Place(JsonException e) =>
        (e.Path is { Length: > 1 } path ? path.TrimStart('$').TrimStart('.') : "", (int?)e.LineNumber + 1);
}
