using Lianbo.Trade.Metrics;

namespace Lianbo.Trade.Tests.Metrics;

/// <summary>Small networks whose measures can be worked out by hand.</summary>
public sealed class NetworkMetricsTests
{
    [Fact]
    public void On_a_three_country_cycle_every_country_is_alike()
    {
        var network = TradeNetwork.FromArcs([("AAA", "BBB", 1), ("BBB", "CCC", 1), ("CCC", "AAA", 1)]);

        var metrics = NetworkMetrics.Compute(network);

        Assert.All(metrics, m =>
        {
            Assert.Equal(1.0 / 3, m.PageRank, 1e-15);
            Assert.Equal(1 / Math.Sqrt(3), m.EigenvectorIn, 1e-15);
            Assert.Equal(1 / Math.Sqrt(3), m.EigenvectorOut, 1e-15);
            Assert.Equal(1.0 / 3, m.Hub, 1e-15);
            Assert.Equal(1.0 / 3, m.Authority, 1e-15);
            // Each country is the middle of one of the (n−1)(n−2) = 2 ordered pairs' paths: A→C goes through B.
            Assert.Equal(0.5, m.Betweenness, 1e-15);
            // Fagiolo: (S³)_ii = 2 over 2 × (2 × 1 − 0).
            Assert.Equal(0.5, m.Clustering!.Value, 1e-15);
            Assert.Equal((1.0 / 3, 1, 1, 2.0), (m.ExportShare, m.PartnersOut, m.PartnersIn, m.Strength));
        });
    }

    [Fact]
    public void A_country_that_exports_nothing_spreads_its_PageRank_over_all_countries()
    {
        var metrics = NetworkMetrics.Compute(TradeNetwork.FromArcs([("AAA", "BBB", 5)]));

        // x_A = 0.15/2 + 0.85 x_B/2 and x_A + x_B = 1, so x_B = 0.925/1.425.
        Assert.Equal(0.925 / 1.425, metrics[1].PageRank, 1e-14);
        Assert.Equal(0.5 / 1.425, metrics[0].PageRank, 1e-14);
        // One neighbour each: no pair of neighbours to close a triangle.
        Assert.All(metrics, m => Assert.Null(m.Clustering));
    }

    [Fact]
    public void Betweenness_takes_a_large_flow_as_a_short_distance()
    {
        // A→B→C carries 10 each way (distance 0.1 + 0.1), the direct A→C only 1 (distance 1): the path goes through B.
        var metrics = NetworkMetrics.Compute(TradeNetwork.FromArcs([("A", "B", 10), ("B", "C", 10), ("A", "C", 1)]));

        Assert.Equal([0, 0.5, 0], metrics.Select(m => m.Betweenness));
    }

    [Fact]
    public void Repeated_arcs_add_up_and_self_trade_and_empty_arcs_are_left_out()
    {
        var network = TradeNetwork.FromArcs([("A", "B", 1), ("A", "B", 2), ("A", "A", 9), ("B", "C", 0)]);

        Assert.Equal((2, 1), (network.Count, network.ArcCount));
        Assert.Equal(3, NetworkMetrics.Compute(network)[0].Exports);
    }
}
