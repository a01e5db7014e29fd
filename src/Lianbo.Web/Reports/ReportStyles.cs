using System.Text;

namespace Lianbo.Web.Reports;

/// <summary>
/// The report's style sheet: the shipped one (Reports/Text/report.css) and, per chapter, a named page whose running
/// header gives the chapter's number and title (CSS paged media, which Chromium's print honours).
/// </summary>
internal static class ReportStyles
{
    private static readonly Lazy<string> Shipped = new(() => ReportResources.Text("report.css"));

    public static string Sheet(ReportDocumentModel model)
    {
        var css = new StringBuilder(Shipped.Value);
        var font = model.Lang == "zh"
            ? "\"Noto Sans CJK SC\", \"Source Han Sans SC\", \"PingFang SC\", \"Microsoft YaHei\", sans-serif"
            : "\"Noto Sans\", \"Liberation Sans\", Arial, \"Noto Sans CJK SC\", sans-serif";
        css.Append("\nbody { font-family: ").Append(font).Append("; }\n");
        // Margin boxes do not inherit from the body: the page context gets the font too.
        css.Append("@page { font-family: ").Append(font).Append("; @top-right { content: ").Append(Quoted(model.Title)).Append("; } }\n");
        foreach (var chapter in model.Chapters)
        {
            css.Append("@page ").Append(chapter.Id).Append(" { @top-left { content: ")
                .Append(Quoted($"{chapter.Number} {chapter.Title}")).Append("; } }\n");
            css.Append("section#").Append(chapter.Id).Append(" { page: ").Append(chapter.Id).Append("; }\n");
        }

        return css.ToString();
    }

    /// <summary>A CSS string: quotes, backslashes and line breaks escaped; "&lt;" too, so that it cannot close the style element.</summary>
    private static string Quoted(string text)
    {
        var quoted = new StringBuilder("\"");
        foreach (var c in text)
        {
            _ = c switch
            {
                '"' or '\\' => quoted.Append('\\').Append(c),
                '\n' or '\r' => quoted.Append(' '),
                '<' => quoted.Append("\\3C "),
                _ => quoted.Append(c),
            };
        }

        return quoted.Append('"').ToString();
    }
}
