using System.Globalization;
using static Lianbo.Web.Reports.Svg.SvgText;

namespace Lianbo.Web.Reports.Svg;

/// <summary>One bar: its label at the left, its value, the value as the report writes it, and whether to stress it (China, the host).</summary>
public sealed record BarItem(string Label, double Value, string ValueText, bool Highlight = false);

/// <summary>Bar charts of the report, as inline SVG.</summary>
public static class BarChart
{
    private const double RowHeight = 22, BarHeight = 14, Top = 6, Bottom = 6, Gap = 8;

    /// <summary>
    /// Horizontal bars, one per item in the order given: the label at the left in a column as wide as the longest
    /// label (at most 45 % of the width; longer labels are cut with an ellipsis and keep their full text as a tooltip),
    /// the value text at the bar's end. A negative value runs left of the zero axis, its text at its left end.
    /// A value that is not a finite number draws no bar (its text is still written).
    /// </summary>
    public static string Horizontal(IReadOnlyList<BarItem> items, string title, int width = 640)
    {
        ArgumentNullException.ThrowIfNull(items);
        var height = Top + (items.Count * RowHeight) + Bottom;
        var svg = Open("bar", width, height, title);

        var labelWidth = Math.Min(width * 0.45, items.Count == 0 ? 0 : items.Max(i => Width(i.Label)));
        var valueWidth = items.Count == 0 ? 0 : items.Max(i => Width(i.ValueText, FontSize - 1)) + Gap;
        var values = items.Select(i => i.Value).Where(double.IsFinite).ToList();
        var min = Math.Min(0, values.Count == 0 ? 0 : values.Min());
        var max = Math.Max(0, values.Count == 0 ? 0 : values.Max());
        if (min == max)
        {
            max = 1;
        }

        // The plot leaves room for the value texts on the side(s) bars run to.
        var plotLeft = labelWidth + Gap + (min < 0 ? valueWidth : 0);
        var plotRight = width - (max > 0 ? valueWidth : 0) - 2;
        var plotWidth = Math.Max(1, plotRight - plotLeft);
        double X(double v) => plotLeft + ((v - min) / (max - min) * plotWidth);
        var zero = X(0);

        for (var row = 0; row < items.Count; row++)
        {
            var item = items[row];
            var y = Top + (row * RowHeight);
            var baseline = y + (RowHeight / 2) + 4;
            var label = Fit(item.Label, labelWidth);
            var weight = item.Highlight ? "font-weight=\"600\"" : null;
            if (label == item.Label)
            {
                Text(svg, labelWidth, baseline, label, "end", extra: weight);
            }
            else
            {
                svg.Append(CultureInfo.InvariantCulture, $"<g><title>{Escape(item.Label)}</title>");
                Text(svg, labelWidth, baseline, label, "end", extra: weight);
                svg.Append("</g>");
            }

            var end = double.IsFinite(item.Value) ? X(item.Value) : zero;
            if (double.IsFinite(item.Value) && end != zero)
            {
                var left = Math.Min(zero, end);
                svg.Append(CultureInfo.InvariantCulture,
                    $"<rect x=\"{Num(left)}\" y=\"{Num(y + ((RowHeight - BarHeight) / 2))}\" width=\"{Num(Math.Max(0.1, Math.Abs(end - zero)))}\" height=\"{Num(BarHeight)}\" fill=\"{(item.Highlight ? Accent : Blue)}\" data-value=\"{item.Value.ToString("R", CultureInfo.InvariantCulture)}\"/>");
            }
            var negative = double.IsFinite(item.Value) && item.Value < 0;
            Text(svg, negative ? end - 4 : end + 4, baseline, item.ValueText, negative ? "end" : "start", Muted, FontSize - 1);
        }

        if (items.Count > 0)
        {
            svg.Append(CultureInfo.InvariantCulture,
                $"<line class=\"axis\" x1=\"{Num(zero)}\" y1=\"{Num(Top - 2)}\" x2=\"{Num(zero)}\" y2=\"{Num(height - Bottom + 2)}\" stroke=\"{Muted}\" stroke-width=\"1\"/>");
        }
        return Close(svg);
    }
}
