using Lianbo.Core.Scenarios;
using Lianbo.Trade.Gravity;
using Lianbo.Trade.Scenarios;
using Lianbo.Trade.Store;

namespace Lianbo.Web.Scenarios;

/// <summary>
/// One run of a scenario, as stored for its permalink and sent by the API: the definition it ran, what each engine
/// answered, and notes in both languages. Engine 1 figures are in the data set's unit and say whether the data are
/// generated; engine 2 figures are % changes on the shipped gravity panel; engine 3 figures are output lost in USD
/// millions on a real world input–output table.
/// </summary>
public sealed record ScenarioResult(
    ScenarioDefinition Definition, DateTime RanAt, ExposureSection? Exposure, GravitySection? Gravity, IReadOnlyList<ResultNote> Notes,
    InputOutput.IoApi.CascadeDto? InputOutput = null)
{
    /// <summary>True when a figure comes from generated data (the page and every export say so).</summary>
    public bool Generated => Exposure?.Dataset.Generated == true;
}

/// <summary>Something the reader must know about a run (a country the panel lacks, no product data), in both languages.</summary>
public sealed record ResultNote(string Kind, string En, string Zh);

/// <summary>Engine 1's answer, cut to what pages and exports show (every importer; the most exposed products and stages).</summary>
/// <param name="ProductsTotal">How many importer × product rows had a loss (<see cref="Products"/> keeps the largest).</param>
public sealed record ExposureSection(
    DatasetInfo Dataset, double Headroom, int Digits, double Lost, double Replaced, double Unmet,
    IReadOnlyList<ImporterExposure> Importers, IReadOnlyList<ProductExposure> Products, int ProductsTotal,
    IReadOnlyList<FlowChange> Flows, IReadOnlyList<StageExposure> Stages, int StagesTotal);

/// <summary>Engine 2's answer: per-country % changes (counterfactual vs baseline) and, with draws, their bands.</summary>
/// <param name="Method">How the counterfactual was solved (<see cref="GeOptions.Describe"/>).</param>
/// <param name="Missing">Countries of the shocks that the panel does not hold (left out of the groups).</param>
public sealed record GravitySection(
    string Method, string Data, int Year, double Sigma, IReadOnlyList<Coefficient> Estimates, IReadOnlyList<CountryChange> Countries,
    IReadOnlyList<string> Missing, int Draws);

/// <param name="RealGdp">Welfare: real GDP, full endowment.</param>
/// <param name="Exports">International exports, full endowment.</param>
/// <param name="ExportsConditional">International exports with output and expenditure held (conditional GE).</param>
/// <param name="Price">Factory-gate price.</param>
/// <param name="RealGdpBand">The Monte Carlo band of <paramref name="RealGdp"/> when draws were asked for.</param>
public sealed record CountryChange(string Country, double RealGdp, double Exports, double ExportsConditional, double Price, double Imr, double Omr, Band? RealGdpBand);
