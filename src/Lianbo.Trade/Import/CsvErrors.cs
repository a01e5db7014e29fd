using System.Globalization;
using System.Text.RegularExpressions;
using DuckDB.NET.Data;

namespace Lianbo.Trade.Import;

/// <summary>
/// Turns DuckDB's CSV reader errors into one line naming the file, the line and the problem. DuckDB names the file by the
/// path it read, which may be a temporary copy (an unpacked zip entry, an upload): none of its text is passed on, and the
/// file is named as the user knows it.
/// </summary>
internal static partial class CsvErrors
{
    // DuckDB counts lines from 1 with the header as line 1, as an editor does, also when it reads in parallel.
    [GeneratedRegex(@"CSV Error on Line: (\d+)")]
    private static partial Regex LineNumber();

    [GeneratedRegex("""Error when converting column "(?<column>[^"]*)"\. Could not convert string "(?<value>[^"]*)" to '(?<type>\w+)'""")]
    private static partial Regex Conversion();

    [GeneratedRegex(@"Expected Number of Columns: (?<expected>\d+) Found: (?<found>\d+)")]
    private static partial Regex ColumnCount();

    /// <summary>
    /// The error to show for an error DuckDB raised while reading <paramref name="path"/> (shown as <paramref name="file"/>).
    /// <see cref="CsvFile"/> has checked the file's lines before, so what is left is a value of the wrong type, which
    /// DuckDB reports with its line; anything else is named in the importer's own words, never DuckDB's.
    /// </summary>
    public static TradeDataException Translate(DuckDBException e, string path, string file)
    {
        var message = e.Message.Replace(path, file, StringComparison.Ordinal);
        var line = LineNumber().Match(message);
        if (!line.Success)
        {
            return new TradeDataException(file, null, TradeText.Format("CsvUnreadable"));
        }

        var number = long.Parse(line.Groups[1].Value, CultureInfo.InvariantCulture);
        if (Conversion().Match(message) is { Success: true } conversion)
        {
            return new TradeDataException(file, number, TradeText.Format(
                conversion.Groups["type"].Value is "DOUBLE" ? "NotANumber" : "NotAWholeNumber", conversion.Groups["value"].Value), conversion.Groups["column"].Value);
        }

        if (ColumnCount().Match(message) is { Success: true } count)
        {
            return new TradeDataException(file, number, TradeText.Format("ColumnCount", count.Groups["expected"].Value, count.Groups["found"].Value));
        }

        return new TradeDataException(file, number, TradeText.Format("CsvLineUnreadable"));
    }
}
