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

    // The file as its first lines show it, while the rest is still being checked (see CheckWhileReadingAsync).
    private CsvFile(string path, CsvStructure.Head head, string newLine, long rows)
    {
        (Path, Header, FirstRow, Rows, NewLine) = (path, head.Header, head.FirstRow, rows, newLine);
    }

    public string Path { get; }

    /// <summary>The header's fields, unquoted and trimmed.</summary>
    public IReadOnlyList<string> Header { get; }

    /// <summary>The fields of the line after the header, unquoted and trimmed.</summary>
    public IReadOnlyList<string> FirstRow { get; }

    /// <summary>
    /// Lines after the header (blank lines at the end are not rows); while the check still runs (see
    /// <see cref="CheckWhileReadingAsync"/>), an estimate from the file's size and its first row, for progress only.
    /// </summary>
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
    public static CsvFile Open(string path, string shownAs, char delimiter, CancellationToken ct, int[]? flowColumns = null) =>
        FromScan(path, shownAs, CsvStructure.Check(path, shownAs, (byte)delimiter, ct, Flows(flowColumns, delimiter)), ct);

    /// <summary>
    /// Checks <paramref name="path"/> as <see cref="Open"/> does while <paramref name="read"/> reads it, on two cores:
    /// the read starts as soon as the header and the first row are known, with the line end the first line has. What
    /// the check finds is what the user is told, as if it had run first: when it refuses the file the read is cancelled
    /// and its result or error set aside. A file that turns out to mix line ends is read again from a copy with one kind
    /// (as <see cref="Open"/> gives it), after <paramref name="undo"/> has set aside what the first read made; when that
    /// read failed instead, its error has ended the import's transaction and <see cref="ReadAgainException"/> asks for the
    /// import to run again with <paramref name="alongside"/> false (the check first, then the read). Returns the checked
    /// file (with <see cref="Rows"/> and <see cref="FlowsDistinct"/>) and what the read that counts returned.
    /// </summary>
    public static async Task<(CsvFile File, T Result)> CheckWhileReadingAsync<T>(
        string path, string shownAs, char delimiter, int[]? flowColumns, Func<CsvFile, CancellationToken, Task<T>> read, Func<T, Task> undo,
        bool alongside, CancellationToken ct)
    {
        if (!alongside)
        {
            var opened = Open(path, shownAs, delimiter, ct, flowColumns);
            return (opened, await ReadAsync(opened, ct));
        }

        var head = new TaskCompletionSource<CsvStructure.Head?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var checking = Task.Run(() =>
        {
            try
            {
                return CsvStructure.Check(path, shownAs, (byte)delimiter, ct, Flows(flowColumns, delimiter), h => head.TrySetResult(h));
            }
            finally
            {
                head.TrySetResult(null);
            }
        }, CancellationToken.None);

        // No row, or lines that end in CR alone (DuckDB reads only a copy): nothing to read before the check is done.
        if (await head.Task is not { NewLine: { } newLine } first)
        {
            var checkedFile = FromScan(path, shownAs, await checking, ct);
            return (checkedFile, await ReadAsync(checkedFile, ct));
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var reading = read(new CsvFile(path, first, newLine, Math.Max(1, new FileInfo(path).Length / first.RowBytes)), stop.Token);
        CsvStructure.Scan scan;
        try
        {
            scan = await checking;
        }
        catch
        {
            await stop.CancelAsync();
            await SetAsideAsync(reading, undo);
            throw;
        }

        if (scan.NewLine is not null)
        {
            return (new CsvFile(path, scan, newLine, null), await reading);
        }

        if (!await SetAsideAsync(reading, undo))
        {
            throw new ReadAgainException();
        }

        var copied = FromScan(path, shownAs, scan, ct);
        return (copied, await ReadAsync(copied, ct));

        async Task<T> ReadAsync(CsvFile file, CancellationToken token)
        {
            try
            {
                return await read(file, token);
            }
            catch
            {
                file.Dispose();
                throw;
            }
        }
    }

    // A read whose file the check refused or will read again: what it made is undone (true), or what it raised is not the
    // answer (false).
    private static async Task<bool> SetAsideAsync<T>(Task<T> reading, Func<T, Task> undo)
    {
        try
        {
            await undo(await reading);
            return true;
        }
        catch (Exception e) when (e is TradeDataException or DuckDB.NET.Data.DuckDBException or OperationCanceledException)
        {
            return false;
        }
    }

    private static DistinctFlows? Flows(int[]? flowColumns, char delimiter) =>
        flowColumns is null ? null : new DistinctFlows(flowColumns, (byte)delimiter);

    private static CsvFile FromScan(string path, string shownAs, CsvStructure.Scan scan, CancellationToken ct)
    {
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

    /// <summary>See <see cref="CheckWhileReadingAsync"/>: the file mixes line ends and its first read failed in the transaction.</summary>
    public sealed class ReadAgainException() : Exception("The file mixes line ends: the import runs again, reading it after the check.");
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

    /// <summary>
    /// The header and the first row, as soon as the pass has read them: the line end of the first line as DuckDB writes
    /// it (null for CR alone, which DuckDB reads only from a copy), and the first row's length with its line end.
    /// </summary>
    public sealed record Head(IReadOnlyList<string> Header, IReadOnlyList<string> FirstRow, string? NewLine, int RowBytes);

    /// <param name="head">Told the <see cref="Head"/> when the first row has been read, before the rest of the file.</param>
    public static Scan Check(string path, string shownAs, byte delimiter, CancellationToken ct, DistinctFlows? flows = null, Action<Head>? head = null)
    {
        var state = new State(shownAs, delimiter, flows, head);
        TextLines.Read(path, shownAs, state.Line, ct);
        if (state.Header is null)
        {
            throw new TradeDataException(shownAs, 1, TradeText.Format("HeaderMissing"));
        }

        return new Scan(state.Header, state.FirstRow ?? [], state.Rows, state.Mixed ? null : NewLine(state.First), flows);
    }

    private static string? NewLine(LineEnding ending) => ending switch
    {
        LineEnding.CrLf => "\\r\\n",
        LineEnding.Cr => null,
        _ => "\\n",
    };

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

    private sealed class State(string file, byte delimiter, DistinctFlows? flows, Action<Head>? head)
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
                if (FirstRow is null)
                {
                    FirstRow = fields;
                    head?.Invoke(new Head(Header, fields!, NewLine(First), bytes.Length + (ending == LineEnding.CrLf ? 2 : 1)));
                }

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
