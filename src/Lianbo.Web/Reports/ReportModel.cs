namespace Lianbo.Web.Reports;

/// <summary>
/// A report as a document: chapters of blocks whose every text, number and figure number is fixed here, in the
/// report's language. The assembler reads the stores into it; the renderer only lays it out (it reads no store), so the
/// same stores and options give the same document.
/// </summary>
public sealed record ReportDocumentModel(
    string Lang, int Year, string Title, string Subtitle, string? Edition, string? Theme, DateTimeOffset BuiltAt,
    string Publisher, IReadOnlyList<ReportChapter> Chapters)
{
    /// <summary>Page numbers of the contents, by heading id, filled in from a first print (empty for the web page).</summary>
    public IReadOnlyDictionary<string, int> Pages { get; init; } = new Dictionary<string, int>();

    /// <summary>The first print: the contents give placeholders as wide as page numbers, so that they take the pages they will take.</summary>
    public bool Placeholders { get; init; }
}

/// <summary>A numbered chapter; its sections are the <see cref="Heading"/> blocks among its blocks.</summary>
public sealed record ReportChapter(string Id, int Number, string Title, IReadOnlyList<ReportBlock> Blocks);

public abstract record ReportBlock;

/// <summary>A numbered section heading ("3.2 光伏").</summary>
public sealed record Heading(string Id, string Number, string Text) : ReportBlock;

public sealed record Paragraph(string Text, string? Id = null) : ReportBlock;

/// <summary>Sentences written from the figures by templates, shown as a list.</summary>
public sealed record Bullets(IReadOnlyList<string> Items, string? Id = null) : ReportBlock;

/// <summary>Headline figures: a large value and what it is, each with an id the tests and readers can find.</summary>
public sealed record KeyFigures(IReadOnlyList<KeyFigure> Figures) : ReportBlock;

public sealed record KeyFigure(string Id, string Value, string Label, string? Change = null);

/// <summary>Where a figure or table comes from, and whether its data are generated (synthetic) rather than real.</summary>
public sealed record SourceLine(string Text, bool Generated);

/// <summary>A numbered figure: an inline SVG chart or map with its caption and source.</summary>
public sealed record Figure(string Id, string Number, string Caption, string Svg, SourceLine Source) : ReportBlock;

public sealed record Column(string Title, bool Numeric = false);

/// <summary>A numbered table with its caption and source; cells are already formatted.</summary>
public sealed record Table(string Id, string Number, string Caption, IReadOnlyList<Column> Columns, IReadOnlyList<IReadOnlyList<string>> Rows, SourceLine Source) : ReportBlock;

/// <summary>An input the chapter needs is missing: what, and the command that supplies it.</summary>
public sealed record MissingNote(string Id, string Text, string? Command) : ReportBlock;

/// <summary>Trusted HTML converted from a shipped Markdown file (the appendix).</summary>
public sealed record Prose(string Html) : ReportBlock;
