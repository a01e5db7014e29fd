using System.Globalization;
using System.Text;
using Lianbo.Trade.Import;

namespace Lianbo.Trade.Generate;

/// <summary>What to generate: one year of <paramref name="Rows"/> BACI rows from <paramref name="Seed"/>.</summary>
public sealed record GenerateOptions(int Year, long Rows, int Seed, string Revision = "HS92")
{
    /// <summary>A BACI-style name that says "generated", which the importer reads to store it as generated data, never as BACI.</summary>
    public string DefaultFileName => string.Create(CultureInfo.InvariantCulture, $"BACI_{Revision}_Y{Year}_generated_S{Seed}_N{Rows}.csv");
}

/// <summary>What was written.</summary>
public sealed record GeneratedFile(string Path, long Rows, int Exporters, int Products, double TotalValue);

/// <summary>
/// Writes a BACI-shaped CSV of made-up flows: the same columns (t,i,j,k,v,q), BACI's own country codes (251 for
/// France, 699 India, 842 USA, 380 Italy), products as numbers that lose their leading zero, v in thousands of USD
/// with up to three decimals, q in tonnes as space-padded quoted text or NA, sorted by exporter, importer, product.
/// The flows follow a gravity-style model over the real countries: the value between two countries grows with both
/// GDPs (World Bank, the year asked or the latest before it) times a random pair factor that stands in for distance
/// and ties, which this model does not know. The same options give the same file, byte for byte.
/// The data is not real: the file name says "generated", and so does every figure the store derives from it.
/// </summary>
public static class TradeGenerator
{
    // The world's merchandise trade is in the tens of trillions of USD; v is in thousands.
    private const double WorldTotal = 2.0e10;

    // Historical BACI codes that share an ISO code with today's country (Belgium-Luxembourg, the former FRG,
    // the Southern African Customs Union, former Sudan): a generated current year uses today's code only.
    private static readonly HashSet<int> Historical = [58, 280, 711, 736];

    public static async Task<GeneratedFile> WriteAsync(string path, GenerateOptions options, IProgress<long>? progress = null, CancellationToken ct = default)
    {
        if (options.Rows < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), TradeText.Format("GenerateRowsInvalid"));
        }

        var countries = Countries(options.Year);
        var products = Products();
        var n = countries.Count;
        var maxRows = (long)n * (n - 1) * products.Length;
        if (options.Rows > maxRows)
        {
            throw new ArgumentOutOfRangeException(nameof(options), TradeText.Format("GenerateTooManyRows", maxRows));
        }

        var random = new Random(options.Seed);
        // Pair weights: GDP_i^0.8 × GDP_j^0.8 × a log-normal pair factor (the gravity model's distance term, unknown here).
        var weight = new double[n, n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                weight[i, j] = i == j ? 0 : Math.Pow(countries[i].Gdp, 0.8) * Math.Pow(countries[j].Gdp, 0.8) * Math.Exp(1.2 * Normal(random));
            }
        }

        var rows = RowsPerPair(weight, options.Rows, products.Length);
        var totalWeight = 0.0;
        foreach (var w in weight)
        {
            totalWeight += w;
        }

        // Each exporter has its own ranking of products (what it is good at); a pair trades a run of that ranking.
        var price = products.Select(_ => Math.Exp(1.5 * Normal(random))).ToArray();
        var ranking = new int[products.Length];

        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        await using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false), 1 << 20);
        await writer.WriteAsync("\"t\",\"i\",\"j\",\"k\",\"v\",\"q\"\r\n".AsMemory(), ct);
        var line = new char[128];
        var chosen = new List<int>();
        long written = 0;
        var total = 0.0;
        var exporters = 0;
        for (var i = 0; i < n; i++)
        {
            for (var p = 0; p < ranking.Length; p++)
            {
                ranking[p] = p;
            }

            random.Shuffle(ranking);
            exporters += Enumerable.Range(0, n).Any(j => rows[i, j] > 0) ? 1 : 0;
            for (var j = 0; j < n; j++)
            {
                var count = rows[i, j];
                if (count == 0)
                {
                    continue;
                }

                var offset = random.Next(products.Length);
                chosen.Clear();
                for (var m = 0; m < count; m++)
                {
                    chosen.Add(ranking[(offset + m) % products.Length]);
                }

                chosen.Sort();
                var pairValue = WorldTotal * weight[i, j] / totalWeight;
                foreach (var product in chosen)
                {
                    // Log-normal around the pair's average row, so a few products carry most of the value, as in BACI.
                    var value = Math.Max(0.001, Math.Round(pairValue / count * Math.Exp(1.5 * Normal(random) - 1.125), 3));
                    var quantity = random.NextDouble() < 0.03 ? (double?)null : Math.Round(value / price[product], 3);
                    total += value;
                    var length = Format(line, options.Year, countries[i].Code, countries[j].Code, products[product], value, quantity);
                    // Synchronous: the writer's buffer takes a line at a time, and an await per line would cost more than the line.
                    writer.Write(line, 0, length);
                    if (++written % 1_000_000 == 0)
                    {
                        ct.ThrowIfCancellationRequested();
                        progress?.Report(written);
                    }
                }
            }
        }

        progress?.Report(written);
        return new GeneratedFile(System.IO.Path.GetFullPath(path), written, exporters, products.Length, total);
    }

    // One BACI line: 2021,4,24,382390,52.051,"       13.235" (q right-aligned in 13 characters, like CEPII's files).
    private static int Format(char[] buffer, int year, int exporter, int importer, int product, double value, double? quantity)
    {
        var span = buffer.AsSpan();
        var at = 0;
        var invariant = CultureInfo.InvariantCulture;
        year.TryFormat(span[at..], out var w, provider: invariant);
        at += w;
        span[at++] = ',';
        exporter.TryFormat(span[at..], out w, provider: invariant);
        at += w;
        span[at++] = ',';
        importer.TryFormat(span[at..], out w, provider: invariant);
        at += w;
        span[at++] = ',';
        product.TryFormat(span[at..], out w, provider: invariant);
        at += w;
        span[at++] = ',';
        value.TryFormat(span[at..], out w, "0.###", invariant);
        at += w;
        span[at++] = ',';
        span[at++] = '"';
        Span<char> text = stackalloc char[32];
        if (quantity is { } q)
        {
            q.TryFormat(text, out w, "0.000", invariant);
        }
        else
        {
            "NA".CopyTo(text);
            w = 2;
        }

        for (var pad = w; pad < 13; pad++)
        {
            span[at++] = ' ';
        }

        text[..w].CopyTo(span[at..]);
        at += w;
        "\"\r\n".CopyTo(span[at..]);
        return at + 3;
    }

    // Rows per pair in proportion to the square root of the pair's weight (big pairs trade more products, but not
    // proportionally more), at most one per product, adding up to exactly the rows asked for.
    private static long[,] RowsPerPair(double[,] weight, long rows, int products)
    {
        var n = weight.GetLength(0);
        var share = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                share[i * n + j] = Math.Sqrt(weight[i, j]);
            }
        }

        // Water-filling: pairs that reach the cap keep it, the rest share what is left, until nothing is left over.
        var target = new double[share.Length];
        var capped = new bool[share.Length];
        var left = (double)rows;
        while (left > 1e-6)
        {
            var free = 0.0;
            for (var p = 0; p < share.Length; p++)
            {
                free += capped[p] ? 0 : share[p];
            }

            if (free == 0)
            {
                break;
            }

            var spill = 0.0;
            for (var p = 0; p < share.Length; p++)
            {
                if (capped[p] || share[p] == 0)
                {
                    continue;
                }

                target[p] += left * share[p] / free;
                if (target[p] >= products)
                {
                    spill += target[p] - products;
                    target[p] = products;
                    capped[p] = true;
                }
            }

            left = spill;
        }

        // Largest remainder, so the counts are whole and add up to the rows asked for.
        var result = new long[n, n];
        long assigned = 0;
        for (var p = 0; p < target.Length; p++)
        {
            result[p / n, p % n] = (long)Math.Floor(target[p]);
            assigned += result[p / n, p % n];
        }

        foreach (var p in Enumerable.Range(0, target.Length).Where(p => result[p / n, p % n] < products && share[p] > 0)
                     .OrderByDescending(p => target[p] - Math.Floor(target[p])).ThenBy(p => p).Take((int)(rows - assigned)))
        {
            result[p / n, p % n]++;
        }

        return result;
    }

    /// <summary>The countries of the shipped BACI dictionary that have a GDP for the year (or before), by BACI code.</summary>
    internal static IReadOnlyList<(int Code, string Country, double Gdp)> Countries(int year)
    {
        var gdp = Gdp(year);
        var codes = BaciCountryCodes.Read(TradeFiles.BaciCountryCodes);
        return
        [
            .. codes.Where(c => !Historical.Contains(c.Code) && gdp.ContainsKey(c.Country))
                .GroupBy(c => c.Country, StringComparer.Ordinal)
                // Where BACI's data code differs from the dictionary's (Italy: 380 in data, 381 listed), the data's wins.
                .Select(g => g.OrderByDescending(c => BaciCountryCodes.Quirks.ContainsKey(c.Code)).ThenBy(c => c.Code).First())
                .OrderBy(c => c.Code)
                .Select(c => (c.Code, c.Country, gdp[c.Country])),
        ];
    }

    // GDP by ISO code for the year, or the latest year before it that the World Bank has.
    private static Dictionary<string, double> Gdp(int year)
    {
        var best = new Dictionary<string, (int Year, double Value)>(StringComparer.Ordinal);
        foreach (var line in CsvLine.ReadLines(TradeFiles.Gdp).Skip(1))
        {
            var f = CsvLine.Split(line);
            if (f.Count == 4 && int.TryParse(f[2], NumberStyles.None, CultureInfo.InvariantCulture, out var y) && y <= year
                && double.TryParse(f[3], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0
                && (!best.TryGetValue(f[1], out var known) || known.Year < y))
            {
                best[f[1]] = (y, value);
            }
        }

        return best.ToDictionary(p => p.Key, p => p.Value.Value / 1e9, StringComparer.Ordinal);
    }

    // The HS 1992 subheadings (6 digits) as BACI writes them: numbers, so 010111 becomes 10111.
    private static int[] Products() =>
    [
        .. CsvLine.ReadLines(TradeFiles.Hs92).Skip(1).Select(CsvLine.Split)
            .Where(f => f.Count > 3 && f[3] == "6digit" && f[1].Length == 6 && f[1].All(char.IsAsciiDigit))
            .Select(f => int.Parse(f[1], CultureInfo.InvariantCulture)).Distinct().Order(),
    ];

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
