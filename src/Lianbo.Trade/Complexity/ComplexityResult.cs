namespace Lianbo.Trade.Complexity;

/// <summary>
/// What <see cref="EconomicComplexity.Compute"/> found for one year. Matrices are row-major: country c and product p
/// at <c>c * Products.Count + p</c>, products p and q at <c>p * Products.Count + q</c>.
/// </summary>
public sealed class ComplexityResult(
    ExportMatrix matrix, double[] countryExports, double[] productExports,
    double[] rca, bool[] m, int[] diversity, int[] ubiquity, double[] eigenvalues, double[]? eci, double[]? pci,
    double[] proximity, double[] density, double[]? coi, double[]? cog, string? undefined)
{
    private readonly Dictionary<string, int> _countryIndex = matrix.Countries.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i, StringComparer.Ordinal);
    private readonly Dictionary<string, int> _productIndex = matrix.Products.Select((p, i) => (p, i)).ToDictionary(x => x.p, x => x.i, StringComparer.Ordinal);

    public IReadOnlyList<string> Countries => Matrix.Countries;
    public IReadOnlyList<string> Products => Matrix.Products;

    /// <summary>The exports x_cp everything here is computed from.</summary>
    public ExportMatrix Matrix { get; } = matrix;

    /// <summary>Each country's exports over all products.</summary>
    public IReadOnlyList<double> CountryExports { get; } = countryExports;

    /// <summary>World exports of each product.</summary>
    public IReadOnlyList<double> ProductExports { get; } = productExports;

    public IReadOnlyList<int> Diversity { get; } = diversity;
    public IReadOnlyList<int> Ubiquity { get; } = ubiquity;

    /// <summary>The three largest eigenvalues of S (the first is 1); fewer with fewer countries.</summary>
    public IReadOnlyList<double> Eigenvalues { get; } = eigenvalues;

    /// <summary>Standardised ECI per country; null when the eigenvector is not defined (<see cref="Undefined"/>).</summary>
    public IReadOnlyList<double>? Eci { get; } = eci;

    /// <summary>Standardised PCI per product; null with ECI.</summary>
    public IReadOnlyList<double>? Pci { get; } = pci;

    /// <summary>Complexity outlook index per country; null with ECI.</summary>
    public IReadOnlyList<double>? Coi { get; } = coi;

    /// <summary>Why ECI and PCI are not defined for this year, in the current language; null when they are.</summary>
    public string? Undefined { get; } = undefined;

    public double Rca(int country, int product) => rca[country * Products.Count + product];

    public bool M(int country, int product) => m[country * Products.Count + product];

    public double Proximity(int product, int other) => proximity[product * Products.Count + other];

    public double Density(int country, int product) => density[country * Products.Count + product];

    /// <summary>Complexity outlook gain; null when ECI is not defined.</summary>
    public double? Cog(int country, int product) => cog?[country * Products.Count + product];

    public int? CountryIndex(string country) => _countryIndex.TryGetValue(country, out var i) ? i : null;

    public int? ProductIndex(string product) => _productIndex.TryGetValue(product, out var i) ? i : null;
}
