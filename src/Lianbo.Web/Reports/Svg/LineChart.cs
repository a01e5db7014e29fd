using System.Globalization;
using System.Text;
using static Lianbo.Web.Reports.Svg.SvgText;

namespace Lianbo.Web.Reports.Svg;

/// <summary>A point of a line: X is a year; Low and High, where given, bound a shaded band (a confidence interval, a range).</summary>
public sealed record LinePoint(double X, double Y, double? Low = null, double? High = null);

/// <summary>A named line.</summary>
public sealed record LineSeries(string Name, IReadOnlyList<LinePoint> Points);

/// <summary>Line charts over the years, as inline SVG.</summary>
public static class LineChart
{
    private const double Right = 18, AxisGap = 6, LegendGap = 8;

    /// <summary>
    /// The series over the years (integer ticks on X, thinned when they would crowd), a band from Low to High where a
    /// point has both, a legend above the plot when there is more than one series, and a Y axis of 4 to 6 round ticks
    /// written with yFormat in culture. A point whose Y is not finite leaves a gap in its line.
    /// </summary>
    public static string Render(IReadOnlyList<LineSeries> series, string title, string yFormat, CultureInfo culture, int width = 640, int height = 260)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(culture);
        var svg = Open("line", width, height, title);
        var points = series.SelectMany(s => s.Points).Where(p => double.IsFinite(p.X)).ToList();
        var ys = points.SelectMany(p => new[] { p.Y, p.Low ?? double.NaN, p.High ?? double.NaN }).Where(double.IsFinite).ToList();
        if (points.Count == 0 || ys.Count == 0)
        {
            return Close(svg);
        }

        // Legend first: the plot starts below it.
        var top = 10.0;
        if (series.Count > 1)
        {
            var items = series.Select((s, i) => (s.Name, (Action<StringBuilder, double, double>)((b, x, y) =>
                b.Append(CultureInfo.InvariantCulture, $"<rect x=\"{Num(x)}\" y=\"{Num(y + 3)}\" width=\"14\" height=\"3\" fill=\"{Series[i % Series.Length]}\"/>")))).ToList();
            top += FlowLegend(svg, 0, 0, width, items) + LegendGap;
        }

        var ticks = NiceTicks(ys.Min(), ys.Max());
        var tickTexts = ticks.Select(t => t.ToString(yFormat, culture)).ToList();
        var left = tickTexts.Max(t => Width(t, FontSize - 1)) + AxisGap + 2;
        var bottom = height - 24.0;
        var firstYear = Math.Floor(points.Min(p => p.X));
        var lastYear = Math.Ceiling(points.Max(p => p.X));
        var span = Math.Max(1, lastYear - firstYear);
        var plotWidth = width - left - Right;
        double X(double year) => left + ((year - firstYear) / span * plotWidth);
        double Y(double value) => bottom - ((value - ticks[0]) / (ticks[^1] - ticks[0]) * (bottom - top));

        for (var i = 0; i < ticks.Count; i++)
        {
            var y = Y(ticks[i]);
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Num(left)}\" y1=\"{Num(y)}\" x2=\"{Num(width - Right)}\" y2=\"{Num(y)}\" stroke=\"{(i == 0 ? Muted : Grid)}\" stroke-width=\"1\"/>");
            Text(svg, left - AxisGap, y + 4, tickTexts[i], "end", Muted, FontSize - 1, "class=\"tick-y\"");
        }

        // Years as integers, every one when there is room (about 44 px a label), else every 2nd, 5th, 10th…
        var step = NiceSteps().First(s => s >= 1 && span / s * 44 <= plotWidth);
        for (var year = Math.Ceiling(firstYear / step) * step; year <= lastYear; year += step)
        {
            var x = X(year);
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Num(x)}\" y1=\"{Num(bottom)}\" x2=\"{Num(x)}\" y2=\"{Num(bottom + 4)}\" stroke=\"{Muted}\" stroke-width=\"1\"/>");
            Text(svg, x, bottom + 17, year.ToString("0", CultureInfo.InvariantCulture), "middle", Muted, FontSize - 1, "class=\"tick-x\"");
        }

        for (var i = 0; i < series.Count; i++)
        {
            var colour = Series[i % Series.Length];
            var ordered = series[i].Points.Where(p => double.IsFinite(p.X)).OrderBy(p => p.X).ToList();
            foreach (var run in Runs(ordered, p => p.Low is { } l && p.High is { } h && double.IsFinite(l) && double.IsFinite(h)))
            {
                var outline = run.Select(p => (X(p.X), Y(p.High!.Value))).Concat(run.AsEnumerable().Reverse().Select(p => (X(p.X), Y(p.Low!.Value))));
                svg.Append(CultureInfo.InvariantCulture, $"<polygon class=\"band\" points=\"{string.Join(" ", outline.Select(q => Num(q.Item1) + "," + Num(q.Item2)))}\" fill=\"{colour}\" fill-opacity=\"0.18\" stroke=\"none\"/>");
            }
            foreach (var run in Runs(ordered, p => double.IsFinite(p.Y)))
            {
                if (run.Count == 1)
                {
                    svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{Num(X(run[0].X))}\" cy=\"{Num(Y(run[0].Y))}\" r=\"3\" fill=\"{colour}\"/>");
                    continue;
                }
                svg.Append(CultureInfo.InvariantCulture, $"<polyline class=\"series\" points=\"{string.Join(" ", run.Select(p => Num(X(p.X)) + "," + Num(Y(p.Y))))}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\" stroke-linejoin=\"round\" stroke-linecap=\"round\"/>");
            }
        }
        return Close(svg);
    }

    // The consecutive points for which the test holds.
    private static List<List<LinePoint>> Runs(List<LinePoint> points, Func<LinePoint, bool> holds)
    {
        var runs = new List<List<LinePoint>>();
        List<LinePoint>? current = null;
        foreach (var point in points)
        {
            if (!holds(point))
            {
                current = null;
                continue;
            }
            if (current is null)
            {
                current = [];
                runs.Add(current);
            }
            current.Add(point);
        }
        return runs;
    }

    // 1, 2, 2.5, 5 times the powers of ten, from 1e-12 up.
    private static IEnumerable<double> NiceSteps()
    {
        for (var exponent = -12; exponent <= 15; exponent++)
        {
            var power = Math.Pow(10, exponent);
            foreach (var m in new[] { 1, 2, 2.5, 5 })
            {
                yield return m * power;
            }
        }
    }

    /// <summary>
    /// Ticks from a multiple of a round step at or below min to one at or above max, with the smallest step of 1, 2,
    /// 2.5 or 5 times a power of ten that gives at most 6 ticks (4 to 6 but for a range that falls between two steps).
    /// A flat range is widened around its value.
    /// </summary>
    internal static IReadOnlyList<double> NiceTicks(double min, double max)
    {
        if (max - min < Math.Max(Math.Abs(max), 1) * 1e-9)
        {
            var pad = min == 0 ? 1 : Math.Abs(min) * 0.1;
            (min, max) = (min - pad, max + pad);
        }
        foreach (var step in NiceSteps())
        {
            var first = Math.Floor((min / step) + 1e-9);
            var last = Math.Ceiling((max / step) - 1e-9);
            var count = (int)Math.Min(1000, last - first + 1);
            if (count > 6)
            {
                continue;
            }
            // Multiples of the step, rounded so that 0.1 * 3 is written 0.3.
            var decimals = Math.Max(0, (int)Math.Ceiling(-Math.Log10(step)) + 1);
            return Enumerable.Range(0, count).Select(k => Math.Round((first + k) * step, Math.Min(15, decimals))).ToArray();
        }
        return [min, max];
    }
}
