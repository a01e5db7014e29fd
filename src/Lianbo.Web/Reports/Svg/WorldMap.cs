using System.Globalization;
using System.Text;
using static Lianbo.Web.Reports.Svg.SvgText;

namespace Lianbo.Web.Reports.Svg;

/// <summary>How a map's values become colours: quantile classes of one hue, or classes symmetric around zero.</summary>
public enum MapScale
{
    Sequential,
    Diverging,
}

/// <summary>World choropleth maps of the report, as inline SVG over the outlines the site's own maps draw.</summary>
public static class WorldMap
{
    // The site's map colours (js/worldmap.js) in five classes: its light-to-dark blue of ColorBrewer's RdYlBu for
    // sequential maps, ColorBrewer's RdBu (red below zero, blue above) for diverging ones.
    internal static readonly string[] SequentialColours = ["#e0f3f8", "#abd9e9", "#74add1", "#4575b4", "#313695"];
    internal static readonly string[] DivergingColours = ["#b2182b", "#ef8a62", "#f7f7f7", "#67a9cf", "#2166ac"];

    private const double Pad = 4;

    /// <summary>
    /// The world in Equal Earth, each country (keyed by its ISO 3166-1 numeric code, "156" for China, "4" read as
    /// "004") filled by its class, countries without a value in grey; below, a legend titled legendTitle with each
    /// class's range written with format in culture, and a "no data" swatch. Sequential: up to five quantile classes of
    /// the distinct values (one per value when there are five or fewer), as the site's maps. Diverging: five classes
    /// of equal width symmetric around zero, up to a round bound at or above the largest absolute value.
    /// Values that are not finite count as no data.
    /// </summary>
    public static string Render(IReadOnlyDictionary<string, double> valuesByNumeric, MapScale scale, string title,
        string legendTitle, string noDataLabel, string format, CultureInfo culture, int width = 720) =>
        Render(WorldOutlines.Shipped, valuesByNumeric, scale, title, legendTitle, noDataLabel, format, culture, width);

    internal static string Render(WorldOutlines outlines, IReadOnlyDictionary<string, double> valuesByNumeric, MapScale scale, string title,
        string legendTitle, string noDataLabel, string format, CultureInfo culture, int width)
    {
        ArgumentNullException.ThrowIfNull(valuesByNumeric);
        ArgumentNullException.ThrowIfNull(culture);
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (key, value) in valuesByNumeric)
        {
            if (TopoJson.NormaliseId(key) is { } id && double.IsFinite(value))
            {
                values[id] = value;
            }
        }
        var classes = scale == MapScale.Diverging ? DivergingClasses(values.Values) : QuantileClasses(values.Values);
        string Label(MapClass c) => c.Low == c.High
            ? c.Low.ToString(format, culture)
            : c.Low.ToString(format, culture) + " – " + c.High.ToString(format, culture);

        // The map's box: the whole Equal Earth outline, as wide as the chart.
        var pixels = (width - (2 * Pad)) / (2 * EqualEarth.MaxX);
        var mapHeight = (2 * EqualEarth.MaxY * pixels) + (2 * Pad);
        var (cx, cy) = (width / 2.0, mapHeight / 2);

        // The legend's height is known only once laid out: draw it first, then open the svg around it.
        var legend = new StringBuilder();
        Text(legend, 0, mapHeight + 16, Fit(legendTitle, width), extra: "font-weight=\"600\"");
        var items = classes.Select(c => (Label(c), Swatch(c.Colour))).Append((noDataLabel, Swatch(NoData))).ToList();
        var legendHeight = 22 + FlowLegend(legend, 0, mapHeight + 22, width, items);

        var svg = Open("map", width, mapHeight + legendHeight + 4, title);
        svg.Append(CultureInfo.InvariantCulture, $"<path class=\"sphere\" d=\"{Sphere(pixels, cx, cy)}\" fill=\"#f4f7fa\" stroke=\"{Line}\" stroke-width=\"0.8\"/>");
        svg.Append("<g class=\"countries\" stroke=\"#ffffff\" stroke-width=\"0.4\" stroke-linejoin=\"round\" fill-rule=\"evenodd\">");
        foreach (var (id, path) in outlines.Paths(pixels, cx, cy))
        {
            var fill = values.TryGetValue(id, out var value) ? classes.First(c => c.Contains(value)).Colour : NoData;
            svg.Append(CultureInfo.InvariantCulture, $"<path data-id=\"{Escape(id)}\" fill=\"{fill}\" d=\"{path}\"/>");
        }
        svg.Append("</g>").Append(legend);
        return Close(svg);
    }

    private static Action<StringBuilder, double, double> Swatch(string colour) => (b, x, y) =>
        b.Append(CultureInfo.InvariantCulture, $"<rect x=\"{Num(x)}\" y=\"{Num(y)}\" width=\"14\" height=\"10\" fill=\"{colour}\" stroke=\"{Line}\" stroke-width=\"0.5\"/>");

    // The outline of the whole map: the meridians ±180° from pole to pole, every 2°.
    private static string Sphere(double pixels, double cx, double cy)
    {
        var points = Enumerable.Range(0, 91).Select(i => (Lon: 180.0, Lat: 90.0 - (2 * i)))
            .Concat(Enumerable.Range(0, 91).Select(i => (Lon: -180.0, Lat: -90.0 + (2 * i))))
            .Select(p => EqualEarth.Project(p.Lon, p.Lat))
            .Select(p => Num(cx + (p.X * pixels)) + " " + Num(cy - (p.Y * pixels)));
        return "M" + string.Join("L", points) + "Z";
    }

    /// <summary>A class: values from Low to High, each end included or not, and its colour.</summary>
    internal sealed record MapClass(double Low, double High, bool IncludesLow, bool IncludesHigh, string Colour)
    {
        public bool Contains(double value) => (IncludesLow ? value >= Low : value > Low) && (IncludesHigh ? value <= High : value < High);
    }

    /// <summary>
    /// As js/worldmap.js's quantilePieces: the distinct values sorted; five or fewer make one class each; otherwise
    /// breaks at the values at 1/5…4/5 of them (repeated breaks merged), classes (b[i], b[i+1]] with the first
    /// holding its minimum. Colours spread over the palette, the darkest for the top class.
    /// </summary>
    internal static IReadOnlyList<MapClass> QuantileClasses(IEnumerable<double> values)
    {
        const int count = 5;
        var sorted = values.Distinct().Order().ToList();
        if (sorted.Count == 0)
        {
            return [];
        }
        string Colour(int i, int n) => SequentialColours[n == 1 ? count - 1 : (int)Math.Round(i * (count - 1.0) / (n - 1))];
        if (sorted.Count <= count)
        {
            return sorted.Select((v, i) => new MapClass(v, v, true, true, Colour(i, sorted.Count))).ToList();
        }
        var breaks = new List<double> { sorted[0] };
        for (var i = 1; i < count; i++)
        {
            var at = sorted[Math.Min(sorted.Count - 1, (int)Math.Floor((double)i / count * sorted.Count))];
            if (at > breaks[^1])
            {
                breaks.Add(at);
            }
        }
        if (sorted[^1] > breaks[^1])
        {
            breaks.Add(sorted[^1]);
        }
        var classes = breaks.Count - 1;
        return Enumerable.Range(0, classes).Select(i => new MapClass(breaks[i], breaks[i + 1], i == 0, true, Colour(i, classes))).ToList();
    }

    /// <summary>
    /// Five classes of equal width from −B to B, B the smallest of 1, 2, 2.5 or 5 times a power of ten at or above the
    /// largest absolute value (so that the breaks are round: ±0.6 B, ±0.2 B); the middle class holds zero.
    /// </summary>
    internal static IReadOnlyList<MapClass> DivergingClasses(IEnumerable<double> values)
    {
        var list = values.ToList();
        if (list.Count == 0)
        {
            return [];
        }
        var extent = list.Max(Math.Abs);
        var bound = extent == 0 ? 1 : RoundUp(extent);
        double[] breaks = [-bound, -0.6 * bound, -0.2 * bound, 0.2 * bound, 0.6 * bound, bound];
        // A value on a break goes to the class nearer zero: the lower classes hold their low end, the upper ones their
        // high end, the middle both.
        return
        [
            new MapClass(breaks[0], breaks[1], true, false, DivergingColours[0]),
            new MapClass(breaks[1], breaks[2], true, false, DivergingColours[1]),
            new MapClass(breaks[2], breaks[3], true, true, DivergingColours[2]),
            new MapClass(breaks[3], breaks[4], false, true, DivergingColours[3]),
            new MapClass(breaks[4], breaks[5], false, true, DivergingColours[4]),
        ];
    }

    private static double RoundUp(double value)
    {
        var power = Math.Pow(10, Math.Floor(Math.Log10(value)));
        foreach (var m in new[] { 1, 2, 2.5, 5, 10 })
        {
            if (m * power >= value * (1 - 1e-12))
            {
                return m * power;
            }
        }
        return 10 * power;
    }
}
