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

        var countries = sums.Keys.SelectMany(k => new[] { k.Item1, k.Item2 }).Distinct().Order(StringComparer.Ordinal).ToArray();
        var index = countries.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i, StringComparer.Ordinal);
        var list = sums.Select(p => (From: index[p.Key.Item1], To: index[p.Key.Item2], p.Value)).ToArray();

        var (outStart, outTarget, outWeight) = Compress(countries.Length, list.OrderBy(a => a.From).ThenBy(a => a.To).Select(a => (a.From, a.To, a.Value)));
        var (inStart, inSource, inWeight) = Compress(countries.Length, list.OrderBy(a => a.To).ThenBy(a => a.From).Select(a => (a.To, a.From, a.Value)));
        return new TradeNetwork(countries, outStart, outTarget, outWeight, inStart, inSource, inWeight);
    }

    private static (int[] Start, int[] Other, double[] Weight) Compress(int n, IEnumerable<(int Node, int Other, double Weight)> sorted)
    {
        var arcs = sorted.ToArray();
        var start = new int[n + 1];
        foreach (var arc in arcs)
        {
            start[arc.Node + 1]++;
        }

        for (var i = 0; i < n; i++)
        {
            start[i + 1] += start[i];
        }

        return (start, arcs.Select(a => a.Other).ToArray(), arcs.Select(a => a.Weight).ToArray());
    }
}
