namespace Lianbo.Trade.Complexity;

/// <summary>
/// What each country exports of each product in one year: a dense matrix, countries by products, in the dataset's
/// unit. Countries and products are in ordinal order of their codes, so every result is the same from run to run.
/// Rows and columns that are all zero are left out: a country that exports nothing, a product nobody exports.
/// </summary>
public sealed class ExportMatrix
{
    private readonly double[] _values;

    /// <param name="values">Row-major: the value of country c in product p at <c>c * products.Count + p</c>.</param>
    public ExportMatrix(IReadOnlyList<string> countries, IReadOnlyList<string> products, double[] values)
    {
        if (values.Length != countries.Count * products.Count)
        {
            throw new ArgumentException("values must hold one value per country and product", nameof(values));
        }

        Countries = countries;
        Products = products;
        _values = values;
    }

    public IReadOnlyList<string> Countries { get; }

    /// <summary>HS codes at the level the matrix was built at (2, 4 or 6 digits, with leading zeros).</summary>
    public IReadOnlyList<string> Products { get; }

    public double this[int country, int product] => _values[country * Products.Count + product];

    internal ReadOnlySpan<double> Row(int country) => _values.AsSpan(country * Products.Count, Products.Count);

    /// <summary>
    /// Builds the matrix from (country, product, value) triples; repeated pairs are summed and values of zero or less
    /// are left out, as are countries and products left with nothing.
    /// </summary>
    public static ExportMatrix FromTriples(IEnumerable<(string Country, string Product, double Value)> triples)
    {
        var sums = new Dictionary<(string, string), double>();
        foreach (var (country, product, value) in triples)
        {
            if (value > 0)
            {
                sums[(country, product)] = sums.GetValueOrDefault((country, product)) + value;
            }
        }

        var countries = sums.Keys.Select(k => k.Item1).Distinct().Order(StringComparer.Ordinal).ToArray();
        var products = sums.Keys.Select(k => k.Item2).Distinct().Order(StringComparer.Ordinal).ToArray();
        var countryIndex = Index(countries);
        var productIndex = Index(products);
        var values = new double[countries.Length * products.Length];
        foreach (var ((country, product), value) in sums)
        {
            values[countryIndex[country] * products.Length + productIndex[product]] = value;
        }

        return new ExportMatrix(countries, products, values);
    }

    private static Dictionary<string, int> Index(string[] codes) =>
        codes.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i, StringComparer.Ordinal);
}
