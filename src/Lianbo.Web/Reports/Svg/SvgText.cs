using System.Globalization;
using System.Text;

namespace Lianbo.Web.Reports.Svg;

/// <summary>
/// What every chart of the report shares: numbers written invariantly at 0.1, XML escaping, an estimate of a text's
/// width (no font metrics on the server), the opening of the svg element and the site's colours.
/// </summary>
internal static class SvgText
{
    // The site's palette (wwwroot/app.css): ink, muted text, rules, the brand's red, the links' blue.
    public const string Ink = "#1d2733";
    public const string Muted = "#5b6b7b";
    public const string Line = "#d8dee5";
    public const string Grid = "#e3e6ec";
    public const string Accent = "#b3261e";
    public const string Blue = "#1f5f99";
    public const string NoData = "#d9d9d9";

    // ECharts' default series colours, which the site's trend charts (js/trend.js) use, so that a report's line chart
    // looks like the page it came from.
    public static readonly string[] Series = ["#5470c6", "#91cc75", "#fac858", "#ee6666", "#73c0de", "#3ba272", "#fc8452", "#9a60b4", "#ea7ccc"];

    public const double FontSize = 12;

    // An average Latin glyph of a sans-serif face is about 0.55 em wide; a CJK glyph is a full em, counted as two
    // Latin widths (1.1 em), which errs on the wide side.
    private const double LatinEm = 0.55;

    /// <summary>A coordinate or length, rounded to 0.1 and written with the invariant culture ("-0" written "0").</summary>
    public static string Num(double value)
    {
        var rounded = Math.Round(value, 1, MidpointRounding.AwayFromZero);
        return rounded == 0 ? "0" : rounded.ToString("0.#", CultureInfo.InvariantCulture);
    }

    /// <summary>Text for an element's content or an attribute's value.</summary>
    public static string Escape(string text)
    {
        var builder = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            builder.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                _ when char.IsControl(c) && c != '\n' && c != '\t' => " ",
                _ => c.ToString(),
            });
        }
        return builder.ToString();
    }

    /// <summary>A text's width in Latin units: a wide (CJK, fullwidth) character counts as two.</summary>
    public static int Units(string text)
    {
        var units = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            units += IsWide(rune.Value) ? 2 : 1;
        }
        return units;
    }

    /// <summary>The estimated width of a text at a font size, in the chart's pixels.</summary>
    public static double Width(string text, double fontSize = FontSize) => Units(text) * LatinEm * fontSize;

    /// <summary>The text cut with an ellipsis so that it fits maxWidth (whole when it does).</summary>
    public static string Fit(string text, double maxWidth, double fontSize = FontSize)
    {
        if (Width(text, fontSize) <= maxWidth)
        {
            return text;
        }
        var builder = new StringBuilder();
        var units = 1; // the ellipsis
        foreach (var rune in text.EnumerateRunes())
        {
            var next = units + (IsWide(rune.Value) ? 2 : 1);
            if (next * LatinEm * fontSize > maxWidth)
            {
                break;
            }
            builder.Append(rune.ToString());
            units = next;
        }
        return builder.Append('…').ToString();
    }

    // East Asian Wide and Fullwidth blocks (Unicode's EastAsianWidth W/F, by block, which is close enough for widths).
    private static bool IsWide(int c) =>
        c is >= 0x1100 and <= 0x115F
            or >= 0x2E80 and <= 0x303E
            or >= 0x3041 and <= 0x33FF
            or >= 0x3400 and <= 0x4DBF
            or >= 0x4E00 and <= 0x9FFF
            or >= 0xA000 and <= 0xA4CF
            or >= 0xAC00 and <= 0xD7A3
            or >= 0xF900 and <= 0xFAFF
            or >= 0xFE30 and <= 0xFE4F
            or >= 0xFF00 and <= 0xFF60
            or >= 0xFFE0 and <= 0xFFE6
            or >= 0x20000 and <= 0x3FFFD;

    /// <summary>
    /// The opening of a chart: viewBox, full width, role img and the caption as its title; text inherits the page's
    /// font. The caller appends the content and <see cref="Close"/>.
    /// </summary>
    public static StringBuilder Open(string kind, double width, double height, string title)
    {
        var builder = new StringBuilder(4096);
        builder.Append(CultureInfo.InvariantCulture,
            $"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart chart-{kind}\" viewBox=\"0 0 {Num(width)} {Num(height)}\" width=\"100%\" role=\"img\" font-family=\"inherit\" font-size=\"{Num(FontSize)}\">");
        builder.Append("<title>").Append(Escape(title)).Append("</title>");
        return builder;
    }

    public static string Close(StringBuilder builder) => builder.Append("</svg>").ToString();

    /// <summary>A text element; anchor is start, middle or end.</summary>
    public static void Text(StringBuilder builder, double x, double y, string text, string anchor = "start", string fill = Ink, double fontSize = FontSize, string? extra = null)
    {
        builder.Append(CultureInfo.InvariantCulture, $"<text x=\"{Num(x)}\" y=\"{Num(y)}\"");
        if (anchor != "start")
        {
            builder.Append(" text-anchor=\"").Append(anchor).Append('"');
        }
        if (fill != Ink)
        {
            builder.Append(" fill=\"").Append(fill).Append('"');
        }
        if (fontSize != FontSize)
        {
            builder.Append(" font-size=\"").Append(Num(fontSize)).Append('"');
        }
        if (extra is not null)
        {
            builder.Append(' ').Append(extra);
        }
        builder.Append('>').Append(Escape(text)).Append("</text>");
    }

    /// <summary>Items (a swatch and a label each) laid out left to right, wrapping at maxWidth; returns the height used.</summary>
    public static double FlowLegend(StringBuilder builder, double x0, double y0, double maxWidth, IReadOnlyList<(string Label, Action<StringBuilder, double, double> Swatch)> items, double swatchWidth = 14)
    {
        const double rowHeight = 18, gap = 16, afterSwatch = 5;
        double x = x0, y = y0;
        foreach (var (label, swatch) in items)
        {
            var itemWidth = swatchWidth + afterSwatch + Width(label);
            if (x > x0 && x + itemWidth > x0 + maxWidth)
            {
                x = x0;
                y += rowHeight;
            }
            swatch(builder, x, y + 4);
            Text(builder, x + swatchWidth + afterSwatch, y + 13, Fit(label, maxWidth - swatchWidth - afterSwatch));
            x += itemWidth + gap;
        }
        return items.Count == 0 ? 0 : y - y0 + rowHeight;
    }
}
