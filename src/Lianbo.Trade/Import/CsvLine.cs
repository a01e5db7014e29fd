using System.Text;

namespace Lianbo.Trade.Import;

/// <summary>Small-file CSV helpers (dictionaries, catalogues); the big files are checked by <see cref="CsvStructure"/> and read by DuckDB.</summary>
internal static class CsvLine
{
    /// <summary>Splits one RFC 4180 line: commas between fields, fields in double quotes may hold commas and "" for a quote.</summary>
    public static List<string> Split(string line)
    {
        // Most lines quote nothing, and string.Split gives the same fields for them several times faster.
        if (!line.Contains('"', StringComparison.Ordinal))
        {
            return [.. line.Split(',')];
        }

        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        fields.Add(field.ToString());
        return fields;
    }

    /// <summary>
    /// Reads a small text file as UTF-8 when it is valid UTF-8, else as Latin-1: CEPII ships its dictionaries in
    /// Latin-1 (Côte d'Ivoire, Curaçao), and copies converted to UTF-8 must read the same.
    /// </summary>
    public static string[] ReadLines(string path)
    {
        var bytes = File.ReadAllBytes(path);
        string text;
        try
        {
            text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            text = Encoding.Latin1.GetString(bytes);
        }

        return text.TrimStart('\uFEFF').Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
    }
}
