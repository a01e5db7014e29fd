using Lianbo.Trade.Queries;
using Lianbo.Trade.Store;

namespace Lianbo.Trade.Scenarios;

/// <summary>
/// One shock as engine 1 (product and chain exposure) takes it, with every group, chain and stage already resolved to
/// countries and HS codes: the flows from <paramref name="Exporters"/> of <paramref name="Products"/> to the
/// destinations chosen fall by <paramref name="Cut"/> (1 = a ban).
/// </summary>
/// <param name="Exporters">ISO 3166-1 alpha-3 codes, as the trade store names countries.</param>
/// <param name="Products">HS codes at 2, 4 or 6 digits; empty means all goods. A flow covered by two codes is cut once.</param>
/// <param name="Destinations">The importers concerned; null means every importer.</param>
/// <param name="AllBut">True when the shock hits every importer except <paramref name="Destinations"/>.</param>
/// <param name="Cut">The share of the flows lost, more than 0 and at most 1.</param>
public sealed record ExposureShock(
    IReadOnlyCollection<string> Exporters, IReadOnlyList<HsFilter> Products, IReadOnlyCollection<string>? Destinations, bool AllBut, double Cut);

/// <summary>A chain as the cascade reads it: stages with their HS 1992 codes (as stored), and edges upstream → downstream.</summary>
public sealed record ExposureChain(string Id, IReadOnlyList<ExposureStage> Stages, IReadOnlyList<(string From, string To)> Edges);

/// <summary>A chain stage; a services stage has no products and is exposed only through its upstream stages.</summary>
public sealed record ExposureStage(string Id, IReadOnlyList<HsFilter> Products);

/// <param name="Headroom">
/// How much more of a product an unaffected exporter can ship within the year, as a share of its exports of that product
/// to all destinations in the base year (0.2 = 20 % more). See docs/methods-scenarios.md for the default's rationale.
/// </param>
/// <param name="Digits">The HS level results are reported at (2, 4 or 6); shocks and chains are matched at 6 digits.</param>
/// <param name="FlowLimit">How many of the largest lost and added flows are kept for Sankey diagrams, per product.</param>
public sealed record ExposureOptions(double Headroom = 0.2, int Digits = 6, int FlowLimit = 20);

/// <summary>Engine 1's answer for one base year; every figure in the dataset's unit (BACI: thousands of USD).</summary>
/// <param name="Products">Importer × product rows with a direct loss, largest loss first.</param>
/// <param name="Importers">Per importer, over all products: its imports, what it lost, what was replaced, the unmet rest.</param>
/// <param name="Flows">Lost and added (rerouted) flows by product, the largest <see cref="ExposureOptions.FlowLimit"/> per product and kind.</param>
/// <param name="Stages">Chain × stage × country exposure, most exposed first.</param>
public sealed record ExposureResult(
    DatasetInfo Dataset, ExposureOptions Options, double Lost, double Replaced, double Unmet,
    IReadOnlyList<ProductExposure> Products, IReadOnlyList<ImporterExposure> Importers, IReadOnlyList<FlowChange> Flows,
    IReadOnlyList<StageExposure> Stages);

/// <param name="Imports">The importer's imports of the product from every supplier in the base year.</param>
/// <param name="Lost">The value the shock removes.</param>
/// <param name="Replaced">The part of the loss other suppliers' spare capacity covers.</param>
/// <param name="Unmet">Lost − Replaced.</param>
public sealed record ProductExposure(string Importer, string Product, double Imports, double Lost, double Replaced, double Unmet)
{
    public double LostShare => Imports > 0 ? Lost / Imports : 0;
    public double UnmetShare => Imports > 0 ? Unmet / Imports : 0;
}

public sealed record ImporterExposure(string Importer, double Imports, double Lost, double Replaced, double Unmet)
{
    public double LostShare => Imports > 0 ? Lost / Imports : 0;
    public double UnmetShare => Imports > 0 ? Unmet / Imports : 0;
}

/// <summary>A flow of one product the shock cuts (<see cref="Lost"/> &gt; 0) or that replacement adds (<see cref="Added"/> &gt; 0).</summary>
public sealed record FlowChange(string Product, string Exporter, string Importer, double Before, double Lost, double Added);

/// <param name="Imports">The country's imports of the stage's products in the base year.</param>
/// <param name="DirectShare">Unmet over imports of the stage's own products.</param>
/// <param name="CascadedShare">After propagation from the upstream stages (formula in docs/methods-scenarios.md).</param>
public sealed record StageExposure(string Chain, string Stage, string Country, double Imports, double DirectShare, double CascadedShare);
