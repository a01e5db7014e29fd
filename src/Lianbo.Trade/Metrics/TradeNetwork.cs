namespace Lianbo.Trade.Metrics;

/// <summary>
/// A directed, weighted country network: an arc exporter → importer weighted by the value exported, summed over
/// products. Countries are ordered by code (ordinal), and each country's neighbours by that order, so every result
/// is the same from run to run.
/// </summary>
public sealed class TradeNetwork
{
    private TradeNetwork(string[] countries, int[] outStart, int[] outTarget, double[] outWeight, int[] inStart, int[] inSource, double[] inWeight)
    {
        Countries = countries;
        (OutStart, OutTarget, OutWeight) = (outStart, outTarget, outWeight);
        (InStart, InSource, InWeight) = (inStart, inSource, inWeight);
    }

    public IReadOnlyList<string> Countries { get; }

    public int Count => Countries.Count;

    public int ArcCount => OutTarget.Length;

    /// <summary>What country <paramref name="i"/> sends out over its arcs (its exports in the network).</summary>
    public double OutValue(int i) => Sum(OutWeight, OutStart[i], OutStart[i + 1]);

    /// <summary>What country <paramref name="i"/> takes in over its arcs (its imports in the network).</summary>
    public double InValue(int i) => Sum(InWeight, InStart[i], InStart[i + 1]);

    private static double Sum(double[] values, int from, int to)
    {
        var total = 0.0;
        for (var k = from; k < to; k++)
        {
            total += values[k];
        }

        return total;
    }

    // Compressed adjacency: the arcs leaving i are OutTarget[OutStart[i]..OutStart[i+1]], those entering i InSource[InStart[i]..InStart[i+1]].
    internal int[] OutStart { get; }
    internal int[] OutTarget { get; }
    internal double[] OutWeight { get; }
    internal int[] InStart { get; }
    internal int[] InSource { get; }
    internal double[] InWeight { get; }

    /// <summary>
    /// Builds the network from arcs. Repeated arcs are summed; arcs of value zero or less and a country's trade
    /// with itself are left out, as they carry no flow between two countries. Countries that only appear on such
    /// arcs are left out too.
    /// </summary>
    public static TradeNetwork FromArcs(IEnumerable<(string Exporter, string Importer, double Value)> arcs)
    {
        var sums = new Dictionary<(string, string), double>();
        foreach (var (exporter, importer, value) in arcs)
        {
            if (value > 0 && !string.Equals(exporter, importer, StringComparison.Ordinal))
            {
                sums[(exporter, importer)] = sums.GetValueOrDefault((exporter, importer)) + value;
            }
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (exporter, importer) in sums.Keys)
        {
            names.Add(exporter);
            names.Add(importer);
        }

        var countries = names.Order(StringComparer.Ordinal).ToArray();
        var index = countries.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i, StringComparer.Ordinal);
        var from = new int[sums.Count];
        var to = new int[sums.Count];
        var values = new double[sums.Count];
        var a = 0;
        foreach (var ((exporter, importer), value) in sums)
        {
            (from[a], to[a], values[a]) = (index[exporter], index[importer], value);
            a++;
        }

        var (outStart, outTarget, outWeight) = Compress(countries.Length, from, to, values);
        var (inStart, inSource, inWeight) = Compress(countries.Length, to, from, values);
        return new TradeNetwork(countries, outStart, outTarget, outWeight, inStart, inSource, inWeight);
    }

    // The arcs grouped by node (a counting sort), each node's ordered by the other end. The (node, other) pairs are
    // distinct, so the order is fully determined: a year of 40,000 arcs is laid out in a few milliseconds.
    private static (int[] Start, int[] Other, double[] Weight) Compress(int n, int[] node, int[] other, double[] weight)
    {
        var start = new int[n + 1];
        foreach (var v in node)
        {
            start[v + 1]++;
        }

        for (var i = 0; i < n; i++)
        {
            start[i + 1] += start[i];
        }

        var next = start[..n];
        var others = new int[node.Length];
        var weights = new double[node.Length];
        for (var a = 0; a < node.Length; a++)
        {
            var at = next[node[a]]++;
            (others[at], weights[at]) = (other[a], weight[a]);
        }

        for (var i = 0; i < n; i++)
        {
            Array.Sort(others, weights, start[i], start[i + 1] - start[i]);
        }

        return (start, others, weights);
    }
}
