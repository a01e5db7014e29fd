using System.Text;
using System.Text.Unicode;

namespace Lianbo.Trade.Import;

/// <summary>How a line ends: LF, CRLF, CR, or not at all (the last line of a file without a final line end).</summary>
internal enum LineEnding { None, Lf, CrLf, Cr }

/// <summary>One line of a file, numbered from 1, without its line end.</summary>
internal delegate void LineHandler(long number, ReadOnlySpan<byte> line, LineEnding ending);

/// <summary>
/// Reads a text file line by line as a text editor counts lines (LF, CRLF and CR each end one), streaming, so a file
/// of any size costs a few megabytes; a line longer than <see cref="MaxLineBytes"/> is refused with its number without
/// reading the rest of it (a 200 MB line at line 1001 is line 1001).
/// </summary>
internal static class TextLines
{
    /// <summary>A BACI line is about 45 bytes, a generic row with notes or a Pajek line far less than this.</summary>
    public const int MaxLineBytes = 1 << 20;

    private const byte Cr = (byte)'\r';
    private const byte Lf = (byte)'\n';
    private static readonly byte[] Bom = [0xEF, 0xBB, 0xBF];

    public static void Read(string path, string shownAs, LineHandler handler, CancellationToken ct)
    {
        if (Directory.Exists(path) || !File.Exists(path))
        {
            throw new TradeDataException(shownAs, null, TradeText.Format("FileNotFound"));
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        // Room for several lines of the longest allowed length, so a line that fits is always whole in the buffer.
        var buffer = new byte[4 * MaxLineBytes];
        var (kept, number) = (0, 0L);
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            var read = stream.Read(buffer, kept, buffer.Length - kept);
            var end = kept + read;
            var eof = read == 0;
            var span = buffer.AsSpan(0, end);
            var pos = 0;
            while (span[pos..].IndexOfAny(Cr, Lf) is var found and >= 0)
            {
                var at = pos + found;
                LineEnding ending;
                int next;
                if (span[at] == Lf)
                {
                    (ending, next) = (LineEnding.Lf, at + 1);
                }
                else if (at + 1 < end)
                {
                    (ending, next) = span[at + 1] == Lf ? (LineEnding.CrLf, at + 2) : (LineEnding.Cr, at + 1);
                }
                else if (eof)
                {
                    (ending, next) = (LineEnding.Cr, at + 1);
                }
                else
                {
                    // A CR at the end of what was read: the next byte tells whether it is a CRLF.
                    break;
                }

                Line(++number, span[pos..at], ending);
                pos = next;
            }

            if (eof)
            {
                if (pos < end)
                {
                    Line(++number, span[pos..end], LineEnding.None);
                }

                return;
            }

            kept = end - pos;
            if (kept > MaxLineBytes)
            {
                throw new TradeDataException(shownAs, number + 1, TradeText.Format("LineTooLong", MaxLineBytes));
            }

            Buffer.BlockCopy(buffer, pos, buffer, 0, kept);
        }

        void Line(long n, ReadOnlySpan<byte> line, LineEnding ending)
        {
            if (n == 1 && line.StartsWith(Bom))
            {
                line = line[Bom.Length..];
            }

            if (line.Length > MaxLineBytes)
            {
                throw new TradeDataException(shownAs, n, TradeText.Format("LineTooLong", MaxLineBytes));
            }

            // NUL is valid UTF-8 but no text file has it: a binary file is named as such, at its first line.
            if (line.Contains((byte)0))
            {
                throw new TradeDataException(shownAs, n, TradeText.Format("NotText"));
            }

            if (!Utf8.IsValid(line))
            {
                throw new TradeDataException(shownAs, n, TradeText.Format("NotUtf8", FirstInvalidByte(line)));
            }

            handler(n, line, ending);
        }
    }

    /// <summary>A small UTF-8 text file's lines (see <see cref="Read"/>), each checked.</summary>
    public static List<string> ReadUtf8(string path, string shownAs, CancellationToken ct)
    {
        var lines = new List<string>();
        Read(path, shownAs, (_, line, _) => lines.Add(Encoding.UTF8.GetString(line)), ct);
        return lines;
    }

    private static string FirstInvalidByte(ReadOnlySpan<byte> bytes)
    {
        var at = 0;
        while (at < bytes.Length && Rune.DecodeFromUtf8(bytes[at..], out _, out var length) == System.Buffers.OperationStatus.Done)
        {
            at += length;
        }

        return at < bytes.Length ? $"0x{bytes[at]:X2}" : "";
    }
}
