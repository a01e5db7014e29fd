namespace Lianbo.Trade.Import;

/// <summary>How far the import of one file is: rows read so far (estimated while DuckDB scans) and the rate.</summary>
/// <param name="Fraction">Share of the file read, 0 to 1, when DuckDB can tell.</param>
/// <param name="Finished">True on the last report for the file, whose row count is then exact.</param>
public sealed record ImportProgress(string File, long Rows, double RowsPerSecond, double? Fraction, bool Finished);
