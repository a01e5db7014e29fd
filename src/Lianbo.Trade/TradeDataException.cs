namespace Lianbo.Trade;

/// <summary>
/// A trade file that cannot be imported as it is: names the file and, where known, the line (1 is the header).
/// Nothing of the file was stored when this is thrown.
/// </summary>
public sealed class TradeDataException(string file, long? line, string problem)
    : Exception(line is { } l ? TradeText.Format("FileLineError", file, l, problem) : TradeText.Format("FileError", file, problem))
{
    public string File { get; } = file;
    public long? Line { get; } = line;
    public string Problem { get; } = problem;
}
