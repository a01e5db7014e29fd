namespace Lianbo.Trade.Metrics;

/// <summary>
/// The network measures of a <see cref="TradeNetwork"/>, each computed to convergence at machine precision so that
/// they equal networkx 2.8 (Debian 12's python3-networkx) run to a tight tolerance on the same network, and igraph
/// where igraph has the measure. The conventions, which differ between libraries, are networkx's and are named
/// on each method.
/// </summary>
public static class NetworkMetrics
{
    public const double Damping = 0.85;

    // Power iterations stop when the L1 change of the vector is below n × this (networkx's test, with a far smaller
    // tolerance than networkx's default 1e-6), or after MaxIterations.
    private const double Tolerance = 1e-15;
    private const int MaxIterations = 100_000;

    public static IReadOnlyList<CountryMetrics> Compute(TradeNetwork network)
    {
        var n = network.Count;
        if (n == 0)
        {
            return [];
        }

        var exports = new double[n];
        var imports = new double[n];
        for (var i = 0; i < n; i++)
        {
            exports[i] = network.OutValue(i);
            imports[i] = network.InValue(i);
        }

        var total = exports.Sum();
        var pageRank = PageRank(network);
        var eigenIn = EigenvectorIn(network);
        var eigenOut = EigenvectorOut(network);
        var (hubs, authorities) = Hits(network);
        var betweenness = Betweenness(network);
        var clustering = Clustering(network);
        return [.. Enumerable.Range(0, n).Select(i => new CountryMetrics(
            network.Countries[i], exports[i], imports[i], exports[i] / total, imports[i] / total,
            network.OutStart[i + 1] - network.OutStart[i], network.InStart[i + 1] - network.InStart[i], exports[i] + imports[i],
            pageRank[i], eigenIn[i], eigenOut[i], hubs[i], authorities[i], betweenness[i], clustering[i]))];
    }

    /// <summary>
    /// PageRank as networkx's <c>pagerank(G, alpha=0.85, weight="weight")</c>: each country passes its rank to the
    /// countries it exports to in proportion to the value; a country that exports nothing (dangling) spreads its
    /// rank evenly over all countries, as does the teleport (1 − damping). Sums to 1. igraph's PRPACK agrees.
    /// </summary>
    public static double[] PageRank(TradeNetwork network, double damping = Damping)
    {
        var n = network.Count;
        var outSum = new double[n];
        for (var i = 0; i < n; i++)
        {
            outSum[i] = network.OutValue(i);
        }

        var x = Uniform(n);
        for (var iteration = 0; iteration < MaxIterations; iteration++)
        {
            var next = new double[n];
            var dangling = 0.0;
            for (var i = 0; i < n; i++)
            {
                if (outSum[i] == 0)
                {
                    dangling += x[i];
                    continue;
                }

                for (var a = network.OutStart[i]; a < network.OutStart[i + 1]; a++)
                {
                    next[network.OutTarget[a]] += x[i] * network.OutWeight[a] / outSum[i];
                }
            }

            for (var i = 0; i < n; i++)
            {
                next[i] = damping * (next[i] + dangling / n) + (1 - damping) / n;
            }

            var change = L1Distance(next, x);
            x = next;
            if (change < n * Tolerance)
            {
                break;
            }
        }

        return x;
    }

    /// <summary>
    /// Eigenvector centrality from incoming arcs, networkx's <c>eigenvector_centrality(G, weight="weight")</c> on a
    /// directed graph (the left eigenvector: a country is central when central countries export to it): the power
    /// iteration x ← (A + I)ᵀx from the uniform vector, Euclidean norm 1. Countries nobody exports to tend to 0.
    /// </summary>
    public static double[] EigenvectorIn(TradeNetwork network) =>
        Eigenvector(network.Count, network.OutStart, network.OutTarget, network.OutWeight);

    /// <summary>The same on the reversed network (networkx on <c>G.reverse()</c>): central when exporting to central countries.</summary>
    public static double[] EigenvectorOut(TradeNetwork network) =>
        Eigenvector(network.Count, network.InStart, network.InSource, network.InWeight);

    // x_new[target] += x[node] × w over the given arcs, plus x itself (networkx iterates with A + I, which converges
    // to the same vector as A and avoids oscillating on periodic graphs).
    private static double[] Eigenvector(int n, int[] start, int[] target, double[] weight)
    {
        var x = Uniform(n);
        for (var iteration = 0; iteration < MaxIterations; iteration++)
        {
            var next = (double[])x.Clone();
            for (var i = 0; i < n; i++)
            {
                for (var a = start[i]; a < start[i + 1]; a++)
                {
                    next[target[a]] += x[i] * weight[a];
                }
            }

            var norm = Math.Sqrt(next.Sum(v => v * v));
            if (norm == 0)
            {
                norm = 1;
            }

            for (var i = 0; i < n; i++)
            {
                next[i] /= norm;
            }

            var change = L1Distance(next, x);
            x = next;
            if (change < n * Tolerance)
            {
                break;
            }
        }

        return x;
    }

    /// <summary>
    /// Weighted HITS as networkx 2.8's <c>hits(G)</c> (weights from the arcs): authorities a = Aᵀh, hubs h = Aa,
    /// iterated from uniform hubs with both scaled to a maximum of 1, then each normalised to sum 1 — the principal
    /// singular vectors of the weighted adjacency matrix A (A[i,j] = value exported by i to j).
    /// </summary>
    public static (double[] Hubs, double[] Authorities) Hits(TradeNetwork network)
    {
        var n = network.Count;
        var h = Uniform(n);
        var a = new double[n];
        for (var iteration = 0; iteration < MaxIterations; iteration++)
        {
            a = new double[n];
            for (var i = 0; i < n; i++)
            {
                for (var e = network.OutStart[i]; e < network.OutStart[i + 1]; e++)
                {
                    a[network.OutTarget[e]] += h[i] * network.OutWeight[e];
                }
            }

            var next = new double[n];
            for (var i = 0; i < n; i++)
            {
                for (var e = network.OutStart[i]; e < network.OutStart[i + 1]; e++)
                {
                    next[i] += a[network.OutTarget[e]] * network.OutWeight[e];
                }
            }

            ScaleToMax(next);
            ScaleToMax(a);
            var change = L1Distance(next, h);
            h = next;
            if (change < n * Tolerance)
            {
                break;
            }
        }

        return (ScaleToSum(h), ScaleToSum(a));
    }

    /// <summary>
    /// Betweenness as networkx's <c>betweenness_centrality(G, weight="distance", normalized=True)</c> with
    /// distance = 1/value (a large flow is a short path): Brandes' algorithm over Dijkstra, paths of exactly equal
    /// length counted as networkx counts them, endpoints excluded, scaled by 1/((n−1)(n−2)) for n > 2.
    /// igraph's <c>betweenness(weights=distance)</c> is the same before scaling.
    /// </summary>
    public static double[] Betweenness(TradeNetwork network)
    {
        var n = network.Count;
        var betweenness = new double[n];
        var distance = network.OutWeight.Select(w => 1.0 / w).ToArray();
        var sigma = new double[n];
        var delta = new double[n];
        var seen = new double[n];
        var done = new bool[n];
        var predecessors = Enumerable.Range(0, n).Select(_ => new List<int>()).ToArray();
        var order = new List<int>(n);
        var queue = new PriorityQueue<(int Node, int From), (double Distance, long Count)>();
        for (var s = 0; s < n; s++)
        {
            Array.Fill(sigma, 0);
            Array.Fill(delta, 0);
            Array.Fill(seen, double.PositiveInfinity);
            Array.Fill(done, false);
            foreach (var list in predecessors)
            {
                list.Clear();
            }

            order.Clear();
            long pushed = 0;
            sigma[s] = 1;
            seen[s] = 0;
            queue.Enqueue((s, s), (0, pushed++));
            // networkx's _single_source_dijkstra_path_basic: a node's path count is final when it is taken from the queue.
            while (queue.TryDequeue(out var item, out var key))
            {
                var v = item.Node;
                if (done[v])
                {
                    continue;
                }

                if (v != s)
                {
                    sigma[v] += sigma[item.From];
                }

                done[v] = true;
                order.Add(v);
                for (var e = network.OutStart[v]; e < network.OutStart[v + 1]; e++)
                {
                    var w = network.OutTarget[e];
                    var length = key.Distance + distance[e];
                    if (!done[w] && length < seen[w])
                    {
                        seen[w] = length;
                        queue.Enqueue((w, v), (length, pushed++));
                        sigma[w] = 0;
                        predecessors[w].Clear();
                        predecessors[w].Add(v);
                    }
                    else if (length == seen[w])
                    {
                        sigma[w] += sigma[v];
                        predecessors[w].Add(v);
                    }
                }
            }

            for (var k = order.Count - 1; k >= 0; k--)
            {
                var w = order[k];
                var coefficient = (1 + delta[w]) / sigma[w];
                foreach (var v in predecessors[w])
                {
                    delta[v] += sigma[v] * coefficient;
                }

                if (w != s)
                {
                    betweenness[w] += delta[w];
                }
            }
        }

        if (n > 2)
        {
            var scale = 1.0 / ((n - 1.0) * (n - 2.0));
            for (var i = 0; i < n; i++)
            {
                betweenness[i] *= scale;
            }
        }

        return betweenness;
    }

    /// <summary>
    /// Weighted directed clustering as networkx's <c>clustering(G, weight="weight")</c> (Fagiolo 2007): with
    /// ŵ = value / largest value and S = ŵ^(1/3) + (ŵ^(1/3))ᵀ, c_i = (S³)_ii / (2 (d_i(d_i − 1) − 2 d↔_i)), where d_i counts
    /// in- plus out-neighbours and d↔_i the reciprocated ones. Null where the denominator is 0 (networkx reports 0 there).
    /// Dense in the number of countries, which is a few hundred at most.
    /// </summary>
    public static double?[] Clustering(TradeNetwork network)
    {
        var n = network.Count;
        var max = network.OutWeight.DefaultIfEmpty(1).Max();
        var s = new double[n, n];
        for (var i = 0; i < n; i++)
        {
            for (var e = network.OutStart[i]; e < network.OutStart[i + 1]; e++)
            {
                var c = Math.Cbrt(network.OutWeight[e] / max);
                s[i, network.OutTarget[e]] += c;
                s[network.OutTarget[e], i] += c;
            }
        }

        var result = new double?[n];
        var row = new double[n];
        for (var i = 0; i < n; i++)
        {
            // (S³)_ii = Σ_j S_ij (S²)_ji, and (S²)_ji = Σ_k S_jk S_ki.
            var triangles = 0.0;
            for (var k = 0; k < n; k++)
            {
                row[k] = s[k, i];
            }

            for (var j = 0; j < n; j++)
            {
                if (s[i, j] == 0)
                {
                    continue;
                }

                var paths = 0.0;
                for (var k = 0; k < n; k++)
                {
                    paths += s[j, k] * row[k];
                }

                triangles += s[i, j] * paths;
            }

            var outs = network.OutTarget.AsSpan(network.OutStart[i], network.OutStart[i + 1] - network.OutStart[i]);
            var ins = network.InSource.AsSpan(network.InStart[i], network.InStart[i + 1] - network.InStart[i]);
            var total = outs.Length + ins.Length;
            var reciprocal = 0;
            foreach (var j in outs)
            {
                if (ins.Contains(j))
                {
                    reciprocal++;
                }
            }

            var possible = total * (total - 1) - 2 * reciprocal;
            result[i] = possible == 0 ? null : triangles / (2.0 * possible);
        }

        return result;
    }

    private static double[] Uniform(int n) => Enumerable.Repeat(1.0 / n, n).ToArray();

    private static double L1Distance(double[] a, double[] b)
    {
        var sum = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            sum += Math.Abs(a[i] - b[i]);
        }

        return sum;
    }

    private static void ScaleToMax(double[] v)
    {
        var max = v.Max();
        if (max > 0)
        {
            for (var i = 0; i < v.Length; i++)
            {
                v[i] /= max;
            }
        }
    }

    private static double[] ScaleToSum(double[] v)
    {
        var sum = v.Sum();
        return sum > 0 ? v.Select(x => x / sum).ToArray() : v;
    }
}
