namespace Lianbo.Trade.InputOutput;

/// <summary>What a column of a downloaded table holds, as its header says.</summary>
/// <param name="Country">ISO 3166-1 alpha-3 or ROW, after any merge (CN1 → CHN).</param>
/// <param name="Code">The industry (flows) or the final-use category (final use).</param>
/// <param name="Label">The column as the header names it, for messages (<c>CN1_C26</c>, <c>CHN C26</c>).</param>
internal sealed record IoColumn(bool IsFinal, string Country, string Code, string Label);

/// <summary>
/// Builds an <see cref="IoTable"/> from a wide table read row by row (the layout WIOD 2016 and the OECD ICIO share:
/// country × industry rows and columns, final use by destination country and category, a gross-output row). The
/// header fixes the columns; rows are added as they come; <see cref="Build"/> refuses a table with a row or a column
/// missing. Rows and columns that name the same country × industry (an economy split in the file, CN1 and CN2 for
/// CHN) are added together. Countries keep the order they first appear in the columns, ROW last; industries the
/// order they first appear.
/// </summary>
internal sealed class IoTableAssembler
{
    private readonly string _path;
    private readonly Func<int, string> _field;
    private readonly bool _fullRows;
    private readonly int _width;
    private readonly (int Kind, int Index)[] _columns; // kind 0 none, 1 flow (index into Z's columns), 2 final (destination country), 3 inventories (final, destination country)
    private readonly Dictionary<string, int> _countryAt;
    private readonly Dictionary<string, int> _sectorAt;
    private readonly double[] _z;
    private readonly double[] _fd;
    private readonly double[] _x;
    private readonly double[] _inventories;
    private readonly bool[] _rowSeen;
    private readonly HashSet<string> _labels = new(StringComparer.Ordinal);
    private long? _outputLine;

    /// <param name="path">The file, for messages.</param>
    /// <param name="headerLine">The line of the header that names the columns, for refusals of the header.</param>
    /// <param name="columns">Every column of the sheet by position; null where it holds no flow or final use.</param>
    /// <param name="field">How a refusal names a column (its letters, or its header label).</param>
    /// <param name="fullRows">Whether every data row must reach the last column (CSV: a shorter row is a cut line;
    /// XLSX leaves out empty cells at a row's end).</param>
    public IoTableAssembler(string path, long headerLine, IReadOnlyList<IoColumn?> columns, Func<int, string> field, bool fullRows)
    {
        (_path, _field, _fullRows) = (path, field, fullRows);
        var flows = columns.Select((c, k) => (c, k)).Where(p => p.c is { IsFinal: false }).ToList();
        if (flows.Count == 0)
        {
            throw new TradeDataException(path, headerLine, "the header names no country × industry columns");
        }

        var countries = flows.Select(p => p.c!.Country).Distinct().OrderBy(c => c == "ROW").ToList();
        Countries = [.. countries];
        Sectors = [.. flows.Select(p => p.c!.Code).Distinct()];
        _countryAt = Countries.Select((c, k) => (c, k)).ToDictionary(p => p.c, p => p.k, StringComparer.Ordinal);
        _sectorAt = Sectors.Select((s, k) => (s, k)).ToDictionary(p => p.s, p => p.k, StringComparer.Ordinal);
        var n = Countries.Length * Sectors.Length;
        var m = Countries.Length;

        var seenLabels = new Dictionary<string, int>(StringComparer.Ordinal);
        var hasColumn = new bool[n];
        var categories = columns.Where(c => c is { IsFinal: true }).Select(c => c!.Code).Distinct().ToList();
        var hasFinal = new HashSet<(string, string)>();
        _columns = new (int, int)[columns.Count];
        for (var k = 0; k < columns.Count; k++)
        {
            if (columns[k] is not { } c)
            {
                continue;
            }

            if (!seenLabels.TryAdd(c.Label, k))
            {
                throw new TradeDataException(path, headerLine, $"the column {c.Label} is given twice (also in column {field(seenLabels[c.Label])})", field(k));
            }

            if (!_countryAt.TryGetValue(c.Country, out var country))
            {
                throw new TradeDataException(path, headerLine, $"final use of {c.Country}, which has no industry columns", field(k));
            }

            if (c.IsFinal)
            {
                hasFinal.Add((c.Country, c.Code));
                // WIOD's INVEN and ICIO's INVNT: net changes in inventories, kept apart as well for upstreamness.
                _columns[k] = (c.Code is "INVEN" or "INVNT" ? 3 : 2, country);
            }
            else
            {
                var j = country * Sectors.Length + _sectorAt[c.Code];
                hasColumn[j] = true;
                _columns[k] = (1, j);
            }

            _width = k + 1;
        }

        if (Array.IndexOf(hasColumn, false) is var missing and >= 0)
        {
            throw new TradeDataException(path, headerLine, $"no column for {Countries[missing / Sectors.Length]} {Sectors[missing % Sectors.Length]}: every country needs every industry");
        }

        if (categories.Count == 0)
        {
            throw new TradeDataException(path, headerLine, "the header names no final-use columns");
        }

        foreach (var country in Countries)
        {
            foreach (var category in categories.Where(category => !hasFinal.Contains((country, category))))
            {
                throw new TradeDataException(path, headerLine, $"no final-use column {category} for {country}: every country needs every category");
            }
        }

        _z = new double[n * n];
        _fd = new double[n * m];
        _x = new double[n];
        _inventories = new double[n];
        _rowSeen = new bool[n];
    }

    public string[] Countries { get; }

    public string[] Sectors { get; }

    /// <summary>
    /// Adds the row of one country × industry. <paramref name="label"/> is the row as the file names it (a label given
    /// twice is refused); <paramref name="country"/> and <paramref name="sector"/> are after any merge.
    /// </summary>
    public void AddRow(SheetRow row, string label, string country, string sector, string labelField)
    {
        if (!_labels.Add(label))
        {
            throw new TradeDataException(_path, row.Line, $"the row {label} is given twice", labelField);
        }

        if (!_countryAt.TryGetValue(country, out var c))
        {
            throw new TradeDataException(_path, row.Line, $"a row for {country}, which has no columns", labelField);
        }

        if (!_sectorAt.TryGetValue(sector, out var s))
        {
            throw new TradeDataException(_path, row.Line, $"a row for industry {sector}, which has no columns", labelField);
        }

        CheckWidth(row);
        var i = c * Sectors.Length + s;
        _rowSeen[i] = true;
        var n = _x.Length;
        var m = Countries.Length;
        for (var k = 0; k < _width && k < row.Cells.Length; k++)
        {
            var (kind, index) = _columns[k];
            if (kind == 0)
            {
                continue;
            }

            var v = IoSheet.Number(_path, row.Line, _field(k), row.Cells[k]);
            if (kind == 1)
            {
                _z[i * n + index] += v;
            }
            else
            {
                _fd[i * m + index] += v;
                if (kind == 3)
                {
                    _inventories[i] += v;
                }
            }
        }
    }

    /// <summary>Adds the gross-output row (output at basic prices of each column's industry); a second one is refused.</summary>
    public void AddOutput(SheetRow row, string labelField)
    {
        if (_outputLine is { } first)
        {
            throw new TradeDataException(_path, row.Line, $"a second gross-output row (the first is on line {first})", labelField);
        }

        _outputLine = row.Line;
        CheckWidth(row);
        for (var k = 0; k < _width && k < row.Cells.Length; k++)
        {
            if (_columns[k].Kind == 1)
            {
                var v = IoSheet.Number(_path, row.Line, _field(k), row.Cells[k]);
                _x[_columns[k].Index] += v >= 0 ? v : throw new TradeDataException(_path, row.Line, $"gross output {row.Cells[k]} is negative", _field(k));
            }
        }
    }

    /// <summary>A row read for its numbers only (taxes, value added, margins): each flow cell must be a number.</summary>
    public void CheckNumbers(SheetRow row)
    {
        CheckWidth(row);
        for (var k = 0; k < _width && k < row.Cells.Length; k++)
        {
            if (_columns[k].Kind == 1)
            {
                IoSheet.Number(_path, row.Line, _field(k), row.Cells[k]);
            }
        }
    }

    /// <summary>The table, once every country × industry has its row and the gross-output row was read; its identity checked.</summary>
    public WiodYear Build(string source, string release, int year, long? lastLine, string outputName)
    {
        if (Array.IndexOf(_rowSeen, false) is var missing and >= 0)
        {
            throw new TradeDataException(_path, null, $"no row for {Countries[missing / Sectors.Length]} {Sectors[missing % Sectors.Length]}{CutShort(lastLine)}");
        }

        if (_outputLine is null)
        {
            throw new TradeDataException(_path, null, $"no gross-output row {outputName}{CutShort(lastLine)}");
        }

        var table = IoTable.Create(source, release, year, Countries, Sectors, _z, _fd, _x) with { Inventories = _inventories };
        return new WiodYear(table, table.CheckIdentity());
    }

    private static string CutShort(long? lastLine) => lastLine is { } l ? $" (the file ends at line {l}; is it cut short?)" : "";

    private void CheckWidth(SheetRow row)
    {
        if (_fullRows && row.Cells.Length < _width)
        {
            throw new TradeDataException(_path, row.Line, $"{row.Cells.Length} fields where the header has {_width}: is the line cut short?");
        }
    }
}
