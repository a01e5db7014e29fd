namespace Lianbo.Trade;

/// <summary>
/// A trade file that cannot be imported as it is: names the file and, where known, the line (1 is the header, counted
/// as a text editor counts lines) and the column. Nothing of the file was stored when this is thrown.
/// </summary>
public sealed class TradeDataException(string file, long? line, string problem, string? field = null)
    : Exception(Describe(file, line, field, problem))
{
    public string File { get; } = file;
    public long? Line { get; } = line;

    /// <summary>The column (as the file's header names it) the problem is in, when it is in one.</summary>
    public string? Field { get; } = field;

    public string Problem { get; } = problem;

    private static string Describe(string file, long? line, string? field, string problem) => (line, field) switch
    {
        ({ } l, { } f) => TradeText.Format("FileLineFieldError", file, l, f, problem),
        ({ } l, null) => TradeText.Format("FileLineError", file, l, problem),
        _ => TradeText.Format("FileError", file, problem),
    };
}
