namespace Lianbo.Matching;

/// <summary>The chains' "stage A supplies stage B" edges, for adjacency between partners.</summary>
public sealed class ChainGraph
{
    private readonly Dictionary<StageKey, HashSet<StageKey>> downstream = [];

    public ChainGraph(IEnumerable<(StageKey From, StageKey To)> edges)
    {
        foreach (var (from, to) in edges)
        {
            if (!downstream.TryGetValue(from, out var set))
            {
                downstream[from] = set = [];
            }

            set.Add(to);
        }
    }

    public static ChainGraph Empty { get; } = new([]);

    public bool Supplies(StageKey from, StageKey to) => downstream.TryGetValue(from, out var set) && set.Contains(to);

    public IReadOnlyCollection<StageKey> Downstream(StageKey from) => downstream.TryGetValue(from, out var set) ? set : [];

    /// <summary>Every "from supplies to" edge.</summary>
    public IEnumerable<(StageKey From, StageKey To)> Edges => downstream.SelectMany(d => d.Value.Select(to => (d.Key, to)));

    /// <summary>The stages that supply <paramref name="to"/>.</summary>
    public IEnumerable<StageKey> Upstream(StageKey to) => downstream.Where(d => d.Value.Contains(to)).Select(d => d.Key);
}
