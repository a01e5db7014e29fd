using System.Text;

namespace Lianbo.Trade.Import;

/// <summary>Small-file CSV helpers (dictionaries, headers); the big files are read by DuckDB.</summary>
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

    /// <summary>
    /// Reads a small text file that must be UTF-8 (a BOM is skipped), split into lines as a text editor counts them (LF,
    /// CRLF or CR each end one); a line that is not UTF-8 is refused with its number, as <paramref name="shownAs"/>.
    /// </summary>
    public static string[] ReadUtf8Lines(string path, string shownAs)
    {
        var bytes = File.ReadAllBytes(path).AsSpan();
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            bytes = bytes[3..];
        }

        var lines = new List<string>();
        while (true)
        {
            var end = bytes.IndexOfAny((byte)'\r', (byte)'\n');
            var line = end < 0 ? bytes : bytes[..end];
            if (line.Contains((byte)0))
            {
                throw new TradeDataException(shownAs, lines.Count + 1, TradeText.Format("NotText"));
            }

            if (!System.Text.Unicode.Utf8.IsValid(line))
            {
                throw new TradeDataException(shownAs, lines.Count + 1, TradeText.Format("NotUtf8", FirstInvalidByte(line)));
            }

            lines.Add(Encoding.UTF8.GetString(line));
            if (end < 0)
            {
                return [.. lines];
            }

            bytes = bytes[(end + (bytes[end] == '\r' && end + 1 < bytes.Length && bytes[end + 1] == '\n' ? 2 : 1))..];
        }
    }

    /// <summary>The first byte of <paramref name="bytes"/> that does not start a valid UTF-8 character, as 0xNN.</summary>
    public static string FirstInvalidByte(ReadOnlySpan<byte> bytes)
    {
        var at = 0;
        while (at < bytes.Length && Rune.DecodeFromUtf8(bytes[at..], out _, out var length) == System.Buffers.OperationStatus.Done)
        {
            at += length;
        }

        return at < bytes.Length ? $"0x{bytes[at]:X2}" : "";
    }

    /// <summary>The first line of a (possibly huge) file, without reading the rest.</summary>
    public static string FirstLine(string path)
    {
        using var reader = new StreamReader(path);
        return (reader.ReadLine() ?? "").TrimStart('\uFEFF');
    }

    /// <summary>Rows in a file, estimated from the length of its first 64 KiB of lines; for progress only.</summary>
    public static long EstimateRows(string path)
    {
        var length = new FileInfo(path).Length;
        using var stream = File.OpenRead(path);
        var buffer = new byte[64 * 1024];
        var read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        var lines = buffer.AsSpan(0, read).Count((byte)'\n');
        return lines == 0 ? 1 : Math.Max(1, length * lines / read - 1);
    }
}
