using System.Text;
using System.Text.Json;

namespace Lianbo.Core.Scenarios;

/// <summary>
/// The line of a scenario file a problem's field is on, so that a check found after reading (an unknown country) is
/// reported as <c>FILE:line: field: message</c> like a mistake found while reading. A field the file lacks (a required
/// one) gets the line of the nearest enclosing field it has.
/// </summary>
public static class ScenarioLines
{
    public static int? LineOf(ReadOnlySpan<byte> utf8, string field)
    {
        for (var f = field; f.Length > 0; f = Parent(f))
        {
            if (Find(utf8, f) is { } line)
            {
                return line;
            }
        }

        return null;
    }

    // "shocks[1].products[0]" → "shocks[1].products" → "shocks[1]" → "shocks" → "".
    private static string Parent(string field)
    {
        var i = field.LastIndexOfAny(['.', '[']);
        return i <= 0 ? "" : field[..i];
    }

    private static int? Find(ReadOnlySpan<byte> utf8, string field)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        // One frame per open object or array: the property being read, or the index of the element.
        var frames = new List<(bool Array, int Index, string? Property)>();
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        frames[^1] = frames[^1] with { Property = reader.GetString() };
                        if (string.Equals(PathOf(frames), field, StringComparison.OrdinalIgnoreCase))
                        {
                            return Line(utf8, reader.TokenStartIndex);
                        }

                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        frames.RemoveAt(frames.Count - 1);
                        break;
                    default:
                        if (frames is [.., { Array: true } list])
                        {
                            frames[^1] = list with { Index = list.Index + 1 };
                            if (string.Equals(PathOf(frames), field, StringComparison.OrdinalIgnoreCase))
                            {
                                return Line(utf8, reader.TokenStartIndex);
                            }
                        }

                        if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                        {
                            frames.Add((reader.TokenType == JsonTokenType.StartArray, -1, null));
                        }

                        break;
                }
            }
        }
        catch (JsonException)
        {
            // A file that does not read was reported with its own line while reading.
        }

        return null;
    }

    private static string PathOf(List<(bool Array, int Index, string? Property)> frames)
    {
        var path = new StringBuilder();
        foreach (var frame in frames)
        {
            if (frame.Array)
            {
                path.Append('[').Append(frame.Index).Append(']');
            }
            else if (frame.Property is { } property)
            {
                path.Append(path.Length > 0 ? "." : "").Append(property);
            }
        }

        return path.ToString();
    }

    private static int Line(ReadOnlySpan<byte> utf8, long index) => utf8[..(int)index].Count((byte)'\n') + 1;
}
