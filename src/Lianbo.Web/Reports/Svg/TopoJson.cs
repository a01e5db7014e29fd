using System.Globalization;
using System.Text.Json;

namespace Lianbo.Web.Reports.Svg;

/// <summary>A polygonal geometry of a TopoJSON object: its id, its name property and its polygons as rings of arc indices.</summary>
internal sealed record TopoGeometry(string? Id, string? Name, IReadOnlyList<IReadOnlyList<int[]>> Polygons);

/// <summary>
/// A TopoJSON topology (github.com/topojson/topojson-specification), decoded as topojson-client does: arcs
/// delta-encoded and quantized when there is a transform (position = cumulative sum × scale + translate, each arc
/// starting from zero), an arc index i &lt; 0 meaning arc ~i reversed, a ring the concatenation of its arcs less each
/// shared first point. Only Polygon and MultiPolygon geometries are read; others have no polygons.
/// </summary>
internal sealed class TopoJson
{
    private readonly (double X, double Y)[][] _arcs;
    private readonly Dictionary<string, List<TopoGeometry>> _objects;

    private TopoJson((double X, double Y)[][] arcs, Dictionary<string, List<TopoGeometry>> objects) => (_arcs, _objects) = (arcs, objects);

    public static TopoJson Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        double sx = 1, sy = 1, tx = 0, ty = 0;
        var quantized = root.TryGetProperty("transform", out var transform) && transform.ValueKind == JsonValueKind.Object;
        if (quantized)
        {
            var scale = transform.GetProperty("scale");
            var translate = transform.GetProperty("translate");
            (sx, sy, tx, ty) = (scale[0].GetDouble(), scale[1].GetDouble(), translate[0].GetDouble(), translate[1].GetDouble());
        }

        var arcs = root.GetProperty("arcs").EnumerateArray().Select(arc =>
        {
            var positions = new List<(double X, double Y)>(arc.GetArrayLength());
            double x = 0, y = 0;
            foreach (var position in arc.EnumerateArray())
            {
                if (quantized)
                {
                    // Sums of integers, so that the shared end of two arcs is the very same number in both.
                    x += position[0].GetDouble();
                    y += position[1].GetDouble();
                    positions.Add(((x * sx) + tx, (y * sy) + ty));
                }
                else
                {
                    positions.Add((position[0].GetDouble(), position[1].GetDouble()));
                }
            }
            return positions.ToArray();
        }).ToArray();

        var objects = new Dictionary<string, List<TopoGeometry>>(StringComparer.Ordinal);
        foreach (var entry in root.GetProperty("objects").EnumerateObject())
        {
            var list = new List<TopoGeometry>();
            var geometries = entry.Value.TryGetProperty("geometries", out var collection) ? collection.EnumerateArray().ToList() : [entry.Value];
            foreach (var geometry in geometries)
            {
                list.Add(ReadGeometry(geometry));
            }
            objects[entry.Name] = list;
        }
        return new TopoJson(arcs, objects);
    }

    private static TopoGeometry ReadGeometry(JsonElement geometry)
    {
        var id = geometry.TryGetProperty("id", out var idElement) ? idElement.ValueKind switch
        {
            JsonValueKind.String => idElement.GetString(),
            JsonValueKind.Number => idElement.GetRawText(),
            _ => null,
        } : null;
        var name = geometry.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object
            && properties.TryGetProperty("name", out var nameElement) && nameElement.ValueKind == JsonValueKind.String
            ? nameElement.GetString() : null;
        static int[] Ring(JsonElement ring) => ring.EnumerateArray().Select(i => i.GetInt32()).ToArray();
        static IReadOnlyList<int[]> Polygon(JsonElement polygon) => polygon.EnumerateArray().Select(Ring).ToList();
        var type = geometry.TryGetProperty("type", out var typeElement) ? typeElement.GetString() : null;
        IReadOnlyList<IReadOnlyList<int[]>> polygons = type switch
        {
            "Polygon" => [Polygon(geometry.GetProperty("arcs"))],
            "MultiPolygon" => geometry.GetProperty("arcs").EnumerateArray().Select(Polygon).ToList(),
            _ => [],
        };
        return new TopoGeometry(string.IsNullOrEmpty(id) ? null : id, name, polygons);
    }

    /// <summary>The geometries of an object (a GeometryCollection's members, or the object itself); none when absent.</summary>
    public IReadOnlyList<TopoGeometry> Geometries(string objectName) => _objects.TryGetValue(objectName, out var list) ? list : [];

    /// <summary>An arc's positions, reversed for ~i.</summary>
    public IReadOnlyList<(double X, double Y)> Arc(int index) => index >= 0 ? _arcs[index] : _arcs[~index].Reverse().ToArray();

    /// <summary>A ring: its arcs joined, each after the first without its first position (the previous one's last).</summary>
    public List<(double X, double Y)> Ring(IReadOnlyList<int> arcs)
    {
        var ring = new List<(double X, double Y)>();
        foreach (var index in arcs)
        {
            var positions = Arc(index);
            ring.AddRange(ring.Count == 0 ? positions : positions.Skip(1));
        }
        return ring;
    }

    /// <summary>Every ring of a geometry's polygons, outer rings and holes alike (for an even-odd fill).</summary>
    public List<List<(double X, double Y)>> Rings(TopoGeometry geometry) =>
        geometry.Polygons.SelectMany(polygon => polygon).Select(Ring).ToList();

    /// <summary>
    /// The rings of several geometries drawn as one area, as topojson-client's merge: an arc the geometries share
    /// (used twice) is an inner border and dropped; the others are joined end to start into closed rings.
    /// </summary>
    public List<List<(double X, double Y)>> Merge(IEnumerable<TopoGeometry> geometries)
    {
        var references = geometries.SelectMany(g => g.Polygons).SelectMany(p => p).SelectMany(r => r).ToList();
        var uses = references.GroupBy(i => i < 0 ? ~i : i).ToDictionary(g => g.Key, g => g.Count());
        var fragments = references.Where(i => uses[i < 0 ? ~i : i] == 1).Select(Arc).ToList();

        // Fragments by their first position; each is used once.
        var byStart = new Dictionary<(double, double), Queue<int>>();
        for (var i = 0; i < fragments.Count; i++)
        {
            var start = fragments[i][0];
            if (!byStart.TryGetValue(start, out var queue))
            {
                byStart[start] = queue = new Queue<int>();
            }
            queue.Enqueue(i);
        }
        var used = new bool[fragments.Count];
        var rings = new List<List<(double X, double Y)>>();
        for (var first = 0; first < fragments.Count; first++)
        {
            if (used[first])
            {
                continue;
            }
            var ring = new List<(double X, double Y)>(fragments[first]);
            used[first] = true;
            var origin = ring[0];
            while (ring[^1] != origin && byStart.TryGetValue(ring[^1], out var queue))
            {
                var next = -1;
                while (queue.Count > 0 && used[next = queue.Dequeue()])
                {
                    next = -1;
                }
                if (next < 0)
                {
                    break;
                }
                used[next] = true;
                ring.AddRange(fragments[next].Skip(1));
            }
            if (ring[^1] != origin)
            {
                ring.Add(origin);
            }
            rings.Add(ring);
        }
        return rings;
    }

    /// <summary>An id as the site compares them: three digits, zero-padded ("4" and "004" are Afghanistan).</summary>
    public static string? NormaliseId(string? id)
    {
        id = id?.Trim();
        if (string.IsNullOrEmpty(id))
        {
            return null;
        }
        return id.Length < 3 && id.All(char.IsAsciiDigit) ? int.Parse(id, CultureInfo.InvariantCulture).ToString("000", CultureInfo.InvariantCulture) : id;
    }
}
