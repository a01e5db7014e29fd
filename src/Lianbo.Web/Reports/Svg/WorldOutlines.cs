using System.Collections.Concurrent;
using System.Text;

namespace Lianbo.Web.Reports.Svg;

/// <summary>
/// The countries' outlines the site's maps draw (world-atlas 2.0.2's countries-110m.json, from Natural Earth, copied
/// beside the app as lib/countries-110m.json), each country one area keyed by its ISO 3166-1 numeric code, cut at the
/// antimeridian and projected with Equal Earth into SVG path data.
/// </summary>
internal sealed class WorldOutlines
{
    /// <summary>Where the build copies the outlines (Lianbo.Web.csproj's BrowserLibrary items), for the app and the CLI.</summary>
    public static string ShippedPath => Path.Combine(AppContext.BaseDirectory, "lib", "countries-110m.json");

    private static readonly Lazy<WorldOutlines> ShippedOutlines = new(() => FromFile(ShippedPath), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The shipped outlines, read once per process.</summary>
    public static WorldOutlines Shipped => ShippedOutlines.Value;

    // world-atlas leaves a few areas without a code; the site (js/worldmap.js) draws each as part of the country the
    // reference and trade data count it in, so do we.
    private static readonly Dictionary<string, string> AreasWithoutCode = new(StringComparer.Ordinal)
    {
        ["N. Cyprus"] = "196",
        ["Somaliland"] = "706",
        ["Kosovo"] = "688",
    };

    private readonly ConcurrentDictionary<(double, double, double), IReadOnlyList<(string Id, string Path)>> _paths = new();

    private WorldOutlines(IReadOnlyList<(string Id, IReadOnlyList<List<(double Lon, double Lat)>> Rings)> countries) => Countries = countries;

    /// <summary>Each country's rings in degrees, within −180…180 (a ring that crosses the antimeridian is cut in two).</summary>
    public IReadOnlyList<(string Id, IReadOnlyList<List<(double Lon, double Lat)>> Rings)> Countries { get; }

    public static WorldOutlines FromFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The world map's outlines are missing at {path}: the build copies them from src/Lianbo.Web/node_modules/world-atlas (npm ci).", path);
        }
        return FromTopology(TopoJson.Parse(File.ReadAllText(path)), "countries");
    }

    /// <summary>The countries of a topology's object; geometries with the same id are merged into one area.</summary>
    public static WorldOutlines FromTopology(TopoJson topology, string objectName)
    {
        var groups = new List<(string Id, List<TopoGeometry> Geometries)>();
        foreach (var geometry in topology.Geometries(objectName))
        {
            var id = TopoJson.NormaliseId(geometry.Id) ?? (geometry.Name is { } name && AreasWithoutCode.TryGetValue(name, out var code) ? code : null);
            if (id is null || geometry.Polygons.Count == 0)
            {
                continue;
            }
            var index = groups.FindIndex(g => g.Id == id);
            if (index < 0)
            {
                groups.Add((id, [geometry]));
            }
            else
            {
                groups[index].Geometries.Add(geometry);
            }
        }
        return new WorldOutlines(groups.Select(g =>
        {
            var rings = g.Geometries.Count == 1 ? topology.Rings(g.Geometries[0]) : topology.Merge(g.Geometries);
            return (g.Id, (IReadOnlyList<List<(double, double)>>)rings.SelectMany(Antimeridian.Cut).ToList());
        }).ToList());
    }

    /// <summary>
    /// Each country's path data for a map of the given scale (pixels per unit of the unit sphere), centred at (cx, cy):
    /// absolute then relative moves in tenths of a pixel, so that rounding never accumulates; computed once a scale.
    /// </summary>
    public IReadOnlyList<(string Id, string Path)> Paths(double scale, double cx, double cy) =>
        _paths.GetOrAdd((scale, cx, cy), _ => Countries.Select(c => (c.Id, PathData(c.Rings, scale, cx, cy))).ToList());

    private static string PathData(IReadOnlyList<List<(double Lon, double Lat)>> rings, double scale, double cx, double cy)
    {
        var builder = new StringBuilder();
        foreach (var ring in rings)
        {
            var points = new List<(long X, long Y)>(ring.Count);
            foreach (var (lon, lat) in Densify(ring))
            {
                var (x, y) = EqualEarth.Project(lon, lat);
                var point = ((long)Math.Round((cx + (x * scale)) * 10), (long)Math.Round((cy - (y * scale)) * 10));
                if (points.Count == 0 || points[^1] != point)
                {
                    points.Add(point);
                }
            }
            if (points.Count > 1 && points[^1] == points[0])
            {
                points.RemoveAt(points.Count - 1);
            }
            if (points.Count < 3)
            {
                continue;
            }
            builder.Append('M').Append(Tenths(points[0].X)).Append(' ').Append(Tenths(points[0].Y)).Append('l');
            for (var i = 1; i < points.Count; i++)
            {
                var dx = Tenths(points[i].X - points[i - 1].X);
                var dy = Tenths(points[i].Y - points[i - 1].Y);
                if (i > 1 && dx[0] != '-')
                {
                    builder.Append(' ');
                }
                builder.Append(dx);
                if (dy[0] != '-')
                {
                    builder.Append(' ');
                }
                builder.Append(dy);
            }
            builder.Append('z');
        }
        return builder.ToString();
    }

    // A meridian (the cut along the antimeridian, the side of a long ring) is curved in Equal Earth: long north–south
    // steps are split every 2° so that the edge follows the map's outline.
    private static IEnumerable<(double Lon, double Lat)> Densify(List<(double Lon, double Lat)> ring)
    {
        for (var i = 0; i < ring.Count; i++)
        {
            if (i > 0)
            {
                var (lon0, lat0) = ring[i - 1];
                var (lon1, lat1) = ring[i];
                var pieces = (int)Math.Ceiling(Math.Abs(lat1 - lat0) / 2);
                for (var k = 1; k < pieces; k++)
                {
                    var t = (double)k / pieces;
                    yield return (lon0 + ((lon1 - lon0) * t), lat0 + ((lat1 - lat0) * t));
                }
            }
            yield return ring[i];
        }
    }

    // Tenths of a pixel as a decimal number: 1234 → "123.4", -5 → "-0.5", 20 → "2".
    private static string Tenths(long tenths)
    {
        var sign = tenths < 0 ? "-" : "";
        var magnitude = Math.Abs(tenths);
        var whole = (magnitude / 10).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return magnitude % 10 == 0 ? sign + whole : sign + whole + "." + (char)('0' + (magnitude % 10));
    }
}
