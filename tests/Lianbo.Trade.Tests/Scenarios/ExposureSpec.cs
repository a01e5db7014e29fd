using System.Text.Json;
using Lianbo.Trade.Queries;
using Lianbo.Trade.Scenarios;

namespace Lianbo.Trade.Tests.Scenarios;

// A scenario as both sides read it: the engine's records, and the JSON exposure.py takes (HS codes as text, so the
// reference turns them into ranges itself).
internal sealed record ShockSpec(string[] Exporters, string[] Products, string[]? Destinations, bool AllBut, double Cut)
{
    public ExposureShock ToShock() => new(Exporters, [.. Products.Select(p => HsFilter.TryParse(p)!)], Destinations, AllBut, Cut);
}

internal sealed record StageSpec(string Id, string[] Products);

internal sealed record ChainSpec(string Id, StageSpec[] Stages, string[][] Edges)
{
    public ExposureChain ToChain() => new(Id, [.. Stages.Select(s => new ExposureStage(s.Id, [.. s.Products.Select(p => HsFilter.TryParse(p)!)]))],
        [.. Edges.Select(e => (e[0], e[1]))]);

    /// <summary>A chain the product ships (data/chains/ID.json): its stages' HS 1992 codes and its edges.</summary>
    public static ChainSpec Shipped(string id)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !Directory.Exists(Path.Combine(directory.FullName, "data", "chains")))
        {
            directory = directory.Parent;
        }

        var path = Path.Combine(directory?.FullName ?? throw new InvalidOperationException("data/chains not found"), "data", "chains", id + ".json");
        var root = JsonDocument.Parse(File.ReadAllText(path)).RootElement;
        var stages = root.GetProperty("stages").EnumerateArray().Select(s => new StageSpec(s.GetProperty("id").GetString()!,
            s.TryGetProperty("products", out var products)
                ? [.. products.EnumerateArray().SelectMany(p => p.GetProperty("hs1992").EnumerateArray().Select(c => c.GetString()!)).Distinct()]
                : []));
        var edges = root.GetProperty("edges").EnumerateArray().Select(e => new[] { e.GetProperty("from").GetString()!, e.GetProperty("to").GetString()! });
        return new ChainSpec(id, [.. stages], [.. edges]);
    }
}

internal sealed record ExposureSpec(ShockSpec[] Shocks, ChainSpec[] Chains, double Headroom = 0.2, int Digits = 6, int FlowLimit = 20)
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public ExposureOptions Options => new(Headroom, Digits, FlowLimit);

    public IReadOnlyList<ExposureShock> EngineShocks => [.. Shocks.Select(s => s.ToShock())];

    public IReadOnlyList<ExposureChain> EngineChains => [.. Chains.Select(c => c.ToChain())];

    public string Write(string path)
    {
        File.WriteAllText(path, JsonSerializer.Serialize(this, Json));
        return path;
    }
}
