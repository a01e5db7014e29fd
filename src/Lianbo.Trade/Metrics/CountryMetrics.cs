namespace Lianbo.Trade.Metrics;

/// <summary>
/// One country's place in a year's trade network. Each measure follows networkx 2.8's definition on the weighted
/// directed network (see <see cref="NetworkMetrics"/> for the exact conventions).
/// </summary>
/// <param name="Exports">Value exported (out-strength), in the dataset's unit.</param>
/// <param name="Imports">Value imported (in-strength).</param>
/// <param name="ExportShare">Exports over the network's total value.</param>
/// <param name="ImportShare">Imports over the network's total value.</param>
/// <param name="PartnersOut">Countries exported to (out-degree).</param>
/// <param name="PartnersIn">Countries imported from (in-degree).</param>
/// <param name="Strength">Exports plus imports.</param>
/// <param name="PageRank">Weighted PageRank, damping 0.85; the values sum to 1.</param>
/// <param name="EigenvectorIn">Eigenvector centrality from incoming arcs (importers of importance), Euclidean norm 1.</param>
/// <param name="EigenvectorOut">Eigenvector centrality from outgoing arcs, Euclidean norm 1.</param>
/// <param name="Hub">Weighted HITS hub score; the hubs sum to 1.</param>
/// <param name="Authority">Weighted HITS authority score; the authorities sum to 1.</param>
/// <param name="Betweenness">Betweenness with distance 1/value, normalised by (n−1)(n−2).</param>
/// <param name="Clustering">Weighted directed clustering (Fagiolo); null where undefined (fewer than two distinct neighbours).</param>
public sealed record CountryMetrics(
    string Country, double Exports, double Imports, double ExportShare, double ImportShare, int PartnersOut, int PartnersIn,
    double Strength, double PageRank, double EigenvectorIn, double EigenvectorOut, double Hub, double Authority, double Betweenness,
    double? Clustering);
