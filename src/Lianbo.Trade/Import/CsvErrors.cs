using System.Globalization;
using System.Text.RegularExpressions;
using DuckDB.NET.Data;

namespace Lianbo.Trade.Import;

/// <summary>
/// Turns DuckDB's CSV reader errors into one line naming the file, the line and the problem. DuckDB names the file by the
/// path it read, which may be a temporary copy (an unpacked zip entry, an upload): none of its text that could hold that
/// path is passed on, and the file is named as the user knows it.
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

    public static TradeDataException? Translate(DuckDBException e, string path, string file)
    {
        var message = e.Message.Replace(path, file, StringComparison.Ordinal);
        // The reader could not even tell the file's dialect: not CSV, not UTF-8, or an unbalanced quote early on.
        if (message.Contains("Error when sniffing file", StringComparison.Ordinal))
        {
            return new TradeDataException(file, null, TradeText.Format("CsvUnreadable"));
        }

        var line = LineNumber().Match(message);
        if (!line.Success)
        {
            return null;
        }

        var number = long.Parse(line.Groups[1].Value, CultureInfo.InvariantCulture);
        if (Conversion().Match(message) is { Success: true } conversion)
        {
            return new TradeDataException(file, number, TradeText.Format(
                conversion.Groups["type"].Value is "DOUBLE" ? "NotANumber" : "NotAWholeNumber",
                conversion.Groups["column"].Value, conversion.Groups["value"].Value));
        }

        if (ColumnCount().Match(message) is { Success: true } count)
        {
            return new TradeDataException(file, number, TradeText.Format("ColumnCount", count.Groups["expected"].Value, count.Groups["found"].Value));
        }

        // Anything else DuckDB's reader refuses (an unterminated quote, …): its own words, first sentence only.
        var reason = message.Split('\n').Select(l => l.Trim())
            .FirstOrDefault(l => l.Length > 0 && !l.Contains("CSV Error on Line", StringComparison.Ordinal) && !l.StartsWith("Original Line", StringComparison.Ordinal)
                                 && !l.Contains(',', StringComparison.Ordinal)) ?? message;
        return new TradeDataException(file, number, TradeText.Format("LineUnreadable", reason));
    }
}
