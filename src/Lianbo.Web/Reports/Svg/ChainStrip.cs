using System.Globalization;
using System.Text;
using static Lianbo.Web.Reports.Svg.SvgText;

namespace Lianbo.Web.Reports.Svg;

/// <summary>A stage of a chain as a joint exhibit covers it: the stage's name and, optionally, who shows it.</summary>
public sealed record StripStep(string Label, string? Sublabel);

/// <summary>A joint exhibit's path through a chain's stages, as inline SVG.</summary>
public static class ChainStrip
{
    private const double Pad = 10, Arrow = 26, RowGap = 26, MinBox = 72, Head = 6;

    /// <summary>
    /// Boxes in the order given, joined by arrows; when the next box would pass the width, the strip goes on in a new
    /// row, joined to the previous one by an elbow arrow. A label wider than the whole strip is cut with an ellipsis.
    /// </summary>
    public static string Render(IReadOnlyList<StripStep> steps, string title, int width = 640)
    {
        ArgumentNullException.ThrowIfNull(steps);
        var hasSublabels = steps.Any(s => !string.IsNullOrWhiteSpace(s.Sublabel));
        var boxHeight = hasSublabels ? 46.0 : 30.0;
        var maxBox = width - 2.0;

        // Place the boxes: (row, x, width).
        var boxes = new List<(int Row, double X, double Width)>();
        double x = 1;
        var row = 0;
        foreach (var step in steps)
        {
            var w = Math.Clamp(Math.Max(Width(step.Label), Width(step.Sublabel ?? "", FontSize - 1)) + (2 * Pad), MinBox, maxBox);
            if (boxes.Count > 0 && x + w > width - 1)
            {
                row++;
                x = 1;
            }
            boxes.Add((row, x, w));
            x += w + Arrow;
        }
        var rows = boxes.Count == 0 ? 0 : boxes[^1].Row + 1;
        var height = Math.Max(1, (rows * boxHeight) + (Math.Max(0, rows - 1) * RowGap) + 2);
        var svg = Open("strip", width, height, title);
        double Top(int r) => 1 + (r * (boxHeight + RowGap));

        for (var i = 0; i < boxes.Count; i++)
        {
            var (r, bx, bw) = boxes[i];
            var top = Top(r);
            svg.Append(CultureInfo.InvariantCulture,
                $"<rect x=\"{Num(bx)}\" y=\"{Num(top)}\" width=\"{Num(bw)}\" height=\"{Num(boxHeight)}\" rx=\"4\" fill=\"#eef4fb\" stroke=\"#9fb3c8\" stroke-width=\"1\"/>");
            var inner = bw - (2 * Pad);
            var step = steps[i];
            if (hasSublabels)
            {
                Text(svg, bx + (bw / 2), top + 19, Fit(step.Label, inner), "middle", extra: "font-weight=\"600\"");
                Text(svg, bx + (bw / 2), top + 36, Fit(step.Sublabel ?? "", inner, FontSize - 1), "middle", Muted, FontSize - 1);
            }
            else
            {
                Text(svg, bx + (bw / 2), top + 19, Fit(step.Label, inner), "middle", extra: "font-weight=\"600\"");
            }

            if (i + 1 == boxes.Count)
            {
                continue;
            }
            var (nextRow, nx, nw) = boxes[i + 1];
            if (nextRow == r)
            {
                var y = top + (boxHeight / 2);
                Connector(svg, $"M{Num(bx + bw + 2)} {Num(y)}H{Num(nx - 2 - Head)}", nx - 2, y, 1, 0);
            }
            else
            {
                // Down from this box, along the gap between the rows, down into the next row's first box.
                var from = bx + (bw / 2);
                var to = nx + (nw / 2);
                var middle = top + boxHeight + (RowGap / 2);
                var nextTop = Top(nextRow);
                Connector(svg, $"M{Num(from)} {Num(top + boxHeight + 2)}V{Num(middle)}H{Num(to)}V{Num(nextTop - 2 - Head)}", to, nextTop - 2, 0, 1);
            }
        }
        return Close(svg);
    }

    // A line and its arrowhead, pointing (dx, dy) with its tip at (tipX, tipY); drawn as a polygon, not a marker, so
    // that several charts on one page share no element ids.
    private static void Connector(StringBuilder svg, string path, double tipX, double tipY, int dx, int dy)
    {
        svg.Append(CultureInfo.InvariantCulture, $"<path d=\"{path}\" fill=\"none\" stroke=\"{Muted}\" stroke-width=\"1.5\"/>");
        var (bx, by) = (tipX - (dx * Head), tipY - (dy * Head));
        var (px, py) = (-dy * Head * 0.6, dx * Head * 0.6);
        svg.Append(CultureInfo.InvariantCulture,
            $"<polygon points=\"{Num(tipX)},{Num(tipY)} {Num(bx + px)},{Num(by + py)} {Num(bx - px)},{Num(by - py)}\" fill=\"{Muted}\"/>");
    }
}
