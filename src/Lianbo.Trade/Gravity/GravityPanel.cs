using System.Globalization;
using System.IO.Compression;

namespace Lianbo.Trade.Gravity;

/// <summary>
/// A bilateral panel for structural gravity: one row per exporter × importer × year, domestic flows included, with the
/// gravity covariates as named numeric columns. The shipped panel is the WTO/UNCTAD Advanced Guide's
/// (<c>data/scenarios/agtpa-gravity-1986-2006.csv.gz</c>, 69 countries, 1986–2006, trade in million USD).
/// </summary>
public sealed class GravityPanel
{
    private readonly Dictionary<string, double[]> _columns;

    private GravityPanel(string[] exporter, string[] importer, int[] year, int[] pairId, Dictionary<string, double[]> columns)
    {
        Exporter = exporter;
        Importer = importer;
        Year = year;
        PairId = pairId;
        _columns = columns;
    }

    /// <summary>The panel shipped with the product, copied beside every build under <c>scenarios/</c>.</summary>
    /// <summary>Names the shipped panel wherever its figures are shown.</summary>
    public const string Description =
        "Yotov, Piermartini, Monteiro & Larch (2016), An Advanced Guide to Trade Policy Analysis (WTO/UNCTAD): 69 countries with domestic flows, 1986–2006, manufacturing, millions of USD";

    public static string ShippedPath => Path.Combine(AppContext.BaseDirectory, "scenarios", "agtpa-gravity-1986-2006.csv.gz");

    public string[] Exporter { get; }
    public string[] Importer { get; }
    public int[] Year { get; }
    public int[] PairId { get; }
    public int Count => Year.Length;
    public IReadOnlyCollection<string> ColumnNames => _columns.Keys;

    /// <summary>A numeric column: <c>trade</c>, <c>dist</c>, <c>cntg</c>, <c>lang</c>, <c>clny</c>, <c>rta</c>, <c>rta_lag4</c>, ….</summary>
    public double[] Column(string name) =>
        _columns.TryGetValue(name, out var c) ? c : throw new ArgumentException($"The gravity panel has no column '{name}'.", nameof(name));

    public bool IsDomestic(int row) => string.Equals(Exporter[row], Importer[row], StringComparison.Ordinal);

    /// <summary>Reads a CSV (or gzip CSV) with the columns exporter, importer, pair_id, year, trade and any numeric covariates.</summary>
    public static GravityPanel Load(string path)
    {
        using var file = File.OpenRead(path);
        using Stream stream = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionMode.Decompress) : file;
        using var reader = new StreamReader(stream);
        var header = (reader.ReadLine() ?? throw new TradeDataException(path, null, "empty file")).Split(',').Select(h => h.Trim('"')).ToArray();
        int Index(string name) => Array.IndexOf(header, name) is var k and >= 0 ? k : throw new TradeDataException(path, 1, $"no column '{name}'");
        int ex = Index("exporter"), im = Index("importer"), yr = Index("year"), pid = Index("pair_id");
        var numeric = Enumerable.Range(0, header.Length).Where(k => k != ex && k != im && k != yr && k != pid).ToArray();
        var exporters = new List<string>();
        var importers = new List<string>();
        var years = new List<int>();
        var pairs = new List<int>();
        var values = numeric.Select(_ => new List<double>()).ToArray();
        string? line;
        var lineNo = 1;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNo++;
            if (line.Length == 0)
            {
                continue;
            }

            var f = line.Split(',');
            if (f.Length != header.Length)
            {
                throw new TradeDataException(path, lineNo, $"{f.Length} fields, the header has {header.Length}");
            }

            exporters.Add(string.Intern(f[ex].Trim('"')));
            importers.Add(string.Intern(f[im].Trim('"')));
            years.Add(int.Parse(f[yr], CultureInfo.InvariantCulture));
            pairs.Add(int.Parse(f[pid], CultureInfo.InvariantCulture));
            for (var c = 0; c < numeric.Length; c++)
            {
                var s = f[numeric[c]].Trim('"');
                values[c].Add(s is "" or "NA" ? double.NaN : double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture));
            }
        }

        var columns = new Dictionary<string, double[]>(StringComparer.Ordinal);
        for (var c = 0; c < numeric.Length; c++)
        {
            columns[header[numeric[c]]] = [.. values[c]];
        }

        return new GravityPanel([.. exporters], [.. importers], [.. years], [.. pairs], columns);
    }

    /// <summary>The rows for which <paramref name="keep"/> holds, in their order.</summary>
    public GravityPanel Where(Func<int, bool> keep) => Reorder([.. Enumerable.Range(0, Count).Where(keep)]);

    /// <summary>The given rows, in the given order.</summary>
    public GravityPanel Reorder(int[] rows) =>
        new GravityPanel(
            [.. rows.Select(r => Exporter[r])], [.. rows.Select(r => Importer[r])], [.. rows.Select(r => Year[r])], [.. rows.Select(r => PairId[r])],
            _columns.ToDictionary(kv => kv.Key, kv => rows.Select(r => kv.Value[r]).ToArray(), StringComparer.Ordinal));

    /// <summary>Integer codes 0..L−1 of the combination of the given keys per row (first-seen order does not matter to the estimators).</summary>
    public static int[] Codes<T>(int count, Func<int, T> key) where T : notnull
    {
        var map = new Dictionary<T, int>();
        var codes = new int[count];
        for (var r = 0; r < count; r++)
        {
            var k = key(r);
            if (!map.TryGetValue(k, out var c))
            {
                c = map.Count;
                map[k] = c;
            }

            codes[r] = c;
        }

        return codes;
    }
}
