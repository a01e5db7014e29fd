using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

namespace Lianbo.Core.Files;

/// <summary>
/// Reads a CSV file with a header row into records, all or nothing: the first bad line stops the read with a
/// <see cref="DataFileException"/> that names the file and the line.
/// </summary>
public static class CsvTable
{
    public static List<T> Read<T>(string path, Func<CsvRow, T?> map, string? displayName = null) where T : class
    {
        var name = displayName ?? Path.GetFileName(path);
        if (!System.IO.File.Exists(path))
        {
            throw new DataFileException(name, null, Messages.Format("FileMissing", path));
        }

        var config = new CsvConfiguration(CultureInfo.InvariantCulture) { DetectColumnCountChanges = true };
        using var reader = new StreamReader(path, detectEncodingFromByteOrderMarks: true);
        using var csv = new CsvReader(reader, config);
        var rows = new List<T>();
        try
        {
            if (!csv.Read() || !csv.ReadHeader())
            {
                throw new DataFileException(name, 1, Messages.Format("NoHeader"));
            }

            var row = new CsvRow(csv, name);
            while (csv.Read())
            {
                if (map(row) is { } item)
                {
                    rows.Add(item);
                }
            }
        }
        catch (CsvHelperException e)
        {
            throw new DataFileException(name, e.Context?.Parser?.RawRow, e.GetType().Name.Replace("Exception", "", StringComparison.Ordinal));
        }

        return rows;
    }
}

/// <summary>The current line of a <see cref="CsvTable"/> read, with typed accessors that fail with the line number.</summary>
public sealed class CsvRow
{
    private readonly CsvReader _csv;
    private readonly HashSet<string> _columns;

    internal CsvRow(CsvReader csv, string file)
    {
        _csv = csv;
        File = file;
        _columns = new HashSet<string>(csv.HeaderRecord ?? [], StringComparer.Ordinal);
    }

    public string File { get; }

    /// <summary>The physical line number in the file (the header is line 1).</summary>
    public int Line => _csv.Parser.RawRow;

    public string Text(string column)
    {
        var value = Optional(column);
        return string.IsNullOrEmpty(value) ? throw Error(Messages.Format("ValueMissing", column)) : value;
    }

    public string? Optional(string column)
    {
        if (!_columns.Contains(column))
        {
            throw new DataFileException(File, 1, Messages.Format("ColumnMissing", column));
        }

        var value = _csv.GetField(column)?.Trim();
        return string.IsNullOrEmpty(value) ? null : value;
    }

    public int Int(string column) =>
        int.TryParse(Text(column), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Error(Messages.Format("NotANumber", column, Optional(column)));

    public int? OptionalInt(string column) => Optional(column) is null ? null : Int(column);

    public DateOnly Date(string column) =>
        DateOnly.TryParseExact(Text(column), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var value)
            ? value
            : throw Error(Messages.Format("NotADate", column, Optional(column)));

    public DataFileException Error(string problem) => new(File, Line, problem);
}
