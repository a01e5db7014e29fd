namespace Lianbo.Web.Reports.Svg;

/// <summary>
/// Rings on the sphere made drawable on a flat map from −180° to 180°. world-atlas 2 does not cut its outlines at the
/// antimeridian: a ring that crosses it (Russia's Chukotka, Fiji) steps from 180° to −180°, which a flat map would
/// draw as a streak across the world, and Antarctica's ring goes round the pole.
/// </summary>
internal static class Antimeridian
{
    /// <summary>
    /// The ring unwrapped (each step kept under 180°, as js/worldmap.js does), closed along the pole when it went
    /// round it, then clipped to −180…180 together with its copies shifted by ±360°: one ring, or a piece on each side.
    /// </summary>
    public static IEnumerable<List<(double Lon, double Lat)>> Cut(List<(double Lon, double Lat)> ring)
    {
        if (ring.Count < 3)
        {
            yield break;
        }
        var unwrapped = new List<(double Lon, double Lat)>(ring.Count + 2) { ring[0] };
        for (var i = 1; i < ring.Count; i++)
        {
            var lon = ring[i].Lon;
            var previous = unwrapped[^1].Lon;
            while (lon - previous > 180)
            {
                lon -= 360;
            }
            while (lon - previous < -180)
            {
                lon += 360;
            }
            unwrapped.Add((lon, ring[i].Lat));
        }

        // A ring round a pole ends 360° from where it started: close it along the pole (the south pole for a ring
        // in the southern hemisphere), which Equal Earth draws as the map's flat top or bottom edge.
        var (first, last) = (unwrapped[0], unwrapped[^1]);
        if (Math.Abs(last.Lon - first.Lon) > 180)
        {
            var pole = unwrapped.Average(p => p.Lat) < 0 ? -90.0 : 90.0;
            unwrapped.Add((last.Lon, pole));
            unwrapped.Add((first.Lon, pole));
            unwrapped.Add(first);
        }

        var min = unwrapped.Min(p => p.Lon);
        var max = unwrapped.Max(p => p.Lon);
        if (min >= -180 && max <= 180)
        {
            yield return unwrapped;
            yield break;
        }
        foreach (var shift in new[] { -360.0, 0, 360.0 })
        {
            if (max + shift <= -180 || min + shift >= 180)
            {
                continue;
            }
            var shifted = unwrapped.Select(p => (p.Lon + shift, p.Lat)).ToList();
            var clipped = Clip(Clip(shifted, -180, keepAbove: true), 180, keepAbove: false);
            if (clipped.Count >= 3)
            {
                yield return clipped;
            }
        }
    }

    // Sutherland–Hodgman against one meridian: keeps the side lon ≥ edge (keepAbove) or lon ≤ edge. A ring that leaves
    // and comes back gets its two crossings joined along the meridian, which is the map's edge.
    private static List<(double Lon, double Lat)> Clip(List<(double Lon, double Lat)> ring, double edge, bool keepAbove)
    {
        bool Inside((double Lon, double Lat) p) => keepAbove ? p.Lon >= edge : p.Lon <= edge;
        var output = new List<(double Lon, double Lat)>(ring.Count + 4);
        if (ring.Count == 0)
        {
            return output;
        }
        var previous = ring[^1];
        foreach (var current in ring)
        {
            var (currentIn, previousIn) = (Inside(current), Inside(previous));
            if (currentIn != previousIn)
            {
                var t = (edge - previous.Lon) / (current.Lon - previous.Lon);
                output.Add((edge, previous.Lat + ((current.Lat - previous.Lat) * t)));
            }
            if (currentIn)
            {
                output.Add(current);
            }
            previous = current;
        }
        if (output.Count > 0 && output[0] != output[^1])
        {
            output.Add(output[0]);
        }
        return output;
    }
}
