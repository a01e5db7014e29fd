using System.Text;
using Lianbo.Trade.Store;

namespace Lianbo.Trade.Import;

/// <summary>
/// A trade CSV checked line by line before DuckDB reads it: what DuckDB would otherwise refuse in its own words, often
/// without a line or at the wrong one ("Error when sniffing file", "CSV Parser state machine reached an invalid
/// state", a 200 MB line reported as line 1), is refused here with the line as a text editor counts it.
/// <see cref="Path"/> is what DuckDB should read: the file itself, or a copy with one kind of line end when the file
/// mixes them (DuckDB reads such a file as nothing, or fails); the copy goes when this is disposed.
/// </summary>
internal sealed class CsvFile : IDisposable
{
    private readonly DirectoryInfo? _copy;

    private CsvFile(string path, CsvStructure.Scan scan, string newLine, DirectoryInfo? copy)
    {
        (Path, Header, FirstRow, Rows, NewLine, _copy) = (path, scan.Header, scan.FirstRow, scan.Rows, newLine, copy);
        FlowsDistinct = scan.Flows?.Distinct == true;
    }

    public string Path { get; }

    /// <summary>The header's fields, unquoted and trimmed.</summary>
    public IReadOnlyList<string> Header { get; }

    /// <summary>The fields of the line after the header, unquoted and trimmed.</summary>
    public IReadOnlyList<string> FirstRow { get; }

    /// <summary>Lines after the header (blank lines at the end are not rows).</summary>
    public long Rows { get; }

    /// <summary>Whether the structure check proved that no two rows give the same flow (see <see cref="DistinctFlows"/>).</summary>
    public bool FlowsDistinct { get; }

    /// <summary>How the lines of <see cref="Path"/> end, as DuckDB's <c>new_line</c> option writes it.</summary>
    public string NewLine { get; }

    /// <summary>
    /// The options of DuckDB's <c>read_csv</c> that read this file with nothing guessed: the header line is skipped, the
    /// dialect is the one checked here, and <paramref name="columns"/> (name → type, one per header field) name the fields.
    /// </summary>
    public string ReadOptions(char delimiter, IEnumerable<(string Name, string Type)> columns) => $$"""
        header = true, auto_detect = false, delim = {{TradeStore.Literal(delimiter.ToString())}}, quote = '"', escape = '"',
        new_line = '{{NewLine}}', max_line_size = {{2 * CsvStructure.MaxLineBytes}},
        columns = { {{string.Join(", ", columns.Select(c => $"{TradeStore.Literal(c.Name)}: '{c.Type}'"))}} }
        """;

    /// <summary>
    /// Checks <paramref name="path"/> (see <see cref="CsvStructure"/>); errors name it as <paramref name="shownAs"/>.
    /// <paramref name="flowColumns"/>, the fields of year, exporter, importer and product, also has the pass look for a
    /// repeated flow (<see cref="FlowsDistinct"/>).
    /// </summary>
    public static CsvFile Open(string path, string shownAs, char delimiter, CancellationToken ct, int[]? flowColumns = null)
    {
        var scan = CsvStructure.Check(path, shownAs, (byte)delimiter, ct, flowColumns is null ? null : new DistinctFlows(flowColumns, (byte)delimiter));
        if (scan.Rows == 0)
        {
            throw new TradeDataException(shownAs, null, TradeText.Format("NoRows"));
        }

        if (scan.NewLine is { } newLine)
        {
            return new CsvFile(path, scan, newLine, null);
        }

        var copy = Directory.CreateTempSubdirectory("lianbo-csv-");
        try
        {
            var normalised = System.IO.Path.Combine(copy.FullName, System.IO.Path.GetFileName(path));
            CsvStructure.WriteWithLineFeeds(path, normalised, ct);
            return new CsvFile(normalised, scan, "\\n", copy);
        }
        catch
        {
            copy.Delete(recursive: true);
            throw;
        }
    }

    public void Dispose() => _copy?.Delete(recursive: true);
}

/// <summary>
/// One streaming pass over a CSV file (RFC 4180, one record per line) that refuses, naming the line: what
/// <see cref="TextLines"/> refuses (not UTF-8 text, a line too long), a quotation mark out of place or not closed on its
/// line, a line with another number of fields than the header, and a blank line before more rows.
/// </summary>
internal static class CsvStructure
{
    public const int MaxLineBytes = TextLines.MaxLineBytes;

    private const byte Quote = (byte)'"';
    private const byte Cr = (byte)'\r';
    private const byte Lf = (byte)'\n';

    public sealed record Scan(IReadOnlyList<string> Header, IReadOnlyList<string> FirstRow, long Rows, string? NewLine, DistinctFlows? Flows);

    public static Scan Check(string path, string shownAs, byte delimiter, CancellationToken ct, DistinctFlows? flows = null)
    {
        var state = new State(shownAs, delimiter, flows);
        TextLines.Read(path, shownAs, state.Line, ct);
        if (state.Header is null)
        {
            throw new TradeDataException(shownAs, 1, TradeText.Format("HeaderMissing"));
        }

        return new Scan(state.Header, state.FirstRow ?? [], state.Rows, state.Mixed ? null : state.First switch
        {
            LineEnding.CrLf => "\\r\\n",
            LineEnding.Cr => null,
            _ => "\\n",
        }, flows);
    }

    /// <summary>Copies <paramref name="path"/> with every CRLF and CR turned into LF: the same lines, one kind of line end.</summary>
    public static void WriteWithLineFeeds(string path, string target, CancellationToken ct)
    {
        using var input = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        using var output = new FileStream(target, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
        var buffer = new byte[1 << 20];
        var afterCr = false;
        int read;
        while ((read = input.Read(buffer)) > 0)
        {
            ct.ThrowIfCancellationRequested();
            var span = buffer.AsSpan(0, read);
            if (afterCr && span[0] == Lf)
            {
                span = span[1..];
            }

            afterCr = false;
            while (span.IndexOf(Cr) is var cr and >= 0)
            {
                output.Write(span[..cr]);
                output.WriteByte(Lf);
                if (cr + 1 == span.Length)
                {
                    afterCr = true;
                }

                span = cr + 1 < span.Length && span[cr + 1] == Lf ? span[(cr + 2)..] : span[(cr + 1)..];
            }

            output.Write(span);
        }
    }

    private sealed class State(string file, byte delimiter, DistinctFlows? flows)
    {
                private long _blank;

        private long Number { get; set; }

        public List<string>? Header { get; private set; }

        public List<string>? FirstRow { get; private set; }

        public long Rows { get; private set; }

        public LineEnding First { get; private set; }

        public bool Mixed { get; private set; }

        private TradeDataException Error(long line, string problem, string? field = null) => new(file, line, problem, field);

        public void Line(long number, ReadOnlySpan<byte> bytes, LineEnding ending)
        {
            Number = number;
            if (ending != LineEnding.None)
            {
                if (First == LineEnding.None)
                {
                    First = ending;
                }
                else if (ending != First)
                {
                    Mixed = true;
                }
            }

            if (bytes.Trim((byte)' ').IsEmpty)
            {
                // Blank lines at the end are left over by editors; one before more rows hides a missing row.
                if (Number == 1)
                {
                    throw Error(1, TradeText.Format("HeaderMissing"));
                }

                _blank = _blank == 0 ? Number : _blank;
                return;
            }

            if (_blank != 0)
            {
                throw Error(_blank, TradeText.Format("LineBlank"));
            }

            var fields = Header is null || FirstRow is null ? new List<string>() : null;
            var (count, problem) = Fields(bytes, delimiter, fields);
            if (problem is not null)
            {
                throw Error(Number, problem, Header is { } h && count <= h.Count ? h[count - 1] : null);
            }

            if (Header is null)
            {
                Header = fields;
            }
            else if (count != Header.Count)
            {
                throw Error(Number, TradeText.Format("ColumnCount", Header.Count, count));
            }
            else
            {
                FirstRow ??= fields;
                Rows++;
                flows?.Add(bytes);
            }
        }

        // The fields of one line, strictly as RFC 4180 has them: a field in quotation marks holds "" for a quotation
        // mark and ends at the closing one; a field without them holds none. Returns the count, or the field in error.
        private static (int Count, string? Problem) Fields(ReadOnlySpan<byte> line, byte delimiter, List<string>? collect)
        {
            var count = 1;
            var i = 0;
            while (true)
            {
                if (i < line.Length && line[i] == Quote)
                {
                    var start = ++i;
                    while (true)
                    {
                        var close = line[i..].IndexOf(Quote);
                        if (close < 0)
                        {
                            return (count, TradeText.Format("QuoteNotClosed", count));
                        }

                        i += close + 1;
                        if (i < line.Length && line[i] == Quote)
                        {
                            i++;
                            continue;
                        }

                        break;
                    }

                    collect?.Add(Encoding.UTF8.GetString(line[start..(i - 1)]).Replace("\"\"", "\"", StringComparison.Ordinal).Trim());
                    if (i == line.Length)
                    {
                        return (count, null);
                    }

                    if (line[i] != delimiter)
                    {
                        return (count, TradeText.Format("QuoteStray", count));
                    }

                    i++;
                    count++;
                    continue;
                }

                var next = line[i..].IndexOfAny(delimiter, Quote);
                if (next < 0)
                {
                    collect?.Add(Encoding.UTF8.GetString(line[i..]).Trim());
                    return (count, null);
                }

                if (line[i + next] == Quote)
                {
                    return (count, TradeText.Format("QuoteStray", count));
                }

                collect?.Add(Encoding.UTF8.GetString(line.Slice(i, next)).Trim());
                i += next + 1;
                count++;
            }
        }
    }
}
