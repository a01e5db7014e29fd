namespace Lianbo.Core.Files;

/// <summary>
/// Text that a spreadsheet would run as a formula. Every export (CSV, XLSX) neutralises it and every import takes the
/// mark off again, so a name such as "=HYPERLINK(…)" is kept as typed and never runs on an analyst's machine.
/// </summary>
public static class FormulaText
{
    /// <summary>An apostrophe before a value that would run as a formula; any other value unchanged.</summary>
    public static string Neutralise(string value) => LooksLikeFormula(value) ? "'" + value : value;

    /// <summary>Whether a spreadsheet would read the text as a formula (OWASP's list of leading characters).</summary>
    public static bool LooksLikeFormula(string value) => value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r';

    /// <summary>The value as typed, without the apostrophe that <see cref="Neutralise"/> puts before formula-like text.</summary>
    public static string Unneutralise(string value) => value.Length > 1 && value[0] == '\'' && LooksLikeFormula(value[1..]) ? value[1..] : value;
}
