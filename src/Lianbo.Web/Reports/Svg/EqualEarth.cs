namespace Lianbo.Web.Reports.Svg;

/// <summary>
/// The Equal Earth projection on the unit sphere (Šavrič, Patterson &amp; Jenny 2018, "The Equal Earth map
/// projection", IJGIS 33(3), doi:10.1080/13658816.2018.1504949; EPSG method 1078): an equal-area pseudocylindrical
/// projection with straight parallels, as PROJ's <c>+proj=eqearth +R=1</c> (which gives 1.55 0.89 for 122°E 47°N).
/// </summary>
internal static class EqualEarth
{
    // The paper's polynomial coefficients, and M = √3 / 2.
    private const double A1 = 1.340264, A2 = -0.081106, A3 = 0.000893, A4 = 0.003796;
    private static readonly double M = Math.Sqrt(3) / 2;

    /// <summary>x at 180° on the equator: half the map's width.</summary>
    public static readonly double MaxX = Project(180, 0).X;

    /// <summary>y at the north pole: half the map's height.</summary>
    public static readonly double MaxY = Project(0, 90).Y;

    /// <summary>Longitude and latitude in degrees to x (east) and y (north) on the unit sphere.</summary>
    public static (double X, double Y) Project(double longitude, double latitude)
    {
        var lambda = longitude * Math.PI / 180;
        var phi = Math.Clamp(latitude, -90, 90) * Math.PI / 180;
        // θ, the parametric latitude: sin θ = M sin φ.
        var theta = Math.Asin(M * Math.Sin(phi));
        var t2 = theta * theta;
        var t6 = t2 * t2 * t2;
        // y is the polynomial in θ; x divides by its derivative dy/dθ, which keeps areas equal.
        var y = theta * (A1 + (A2 * t2) + (t6 * (A3 + (A4 * t2))));
        var derivative = A1 + (3 * A2 * t2) + (t6 * ((7 * A3) + (9 * A4 * t2)));
        var x = lambda * Math.Cos(theta) / (M * derivative);
        return (x, y);
    }
}
