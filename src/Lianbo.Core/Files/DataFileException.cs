namespace Lianbo.Core.Files;

/// <summary>A data file that cannot be used as it is: names the file and, where known, the line.</summary>
public sealed class DataFileException(string file, int? line, string problem)
    : Exception(line is { } l ? Messages.Format("FileLineError", file, l, problem) : Messages.Format("FileError", file, problem))
{
    public string File { get; } = file;
    public int? Line { get; } = line;
    public string Problem { get; } = problem;
}
