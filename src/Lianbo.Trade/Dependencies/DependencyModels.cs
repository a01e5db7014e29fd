using Lianbo.Trade.Store;

namespace Lianbo.Trade.Dependencies;

/// <summary>
/// One importer's imports of one product in one year, with the criteria of the CEPII GeoDep rule.
/// </summary>
/// <param name="ImportHhi">Herfindahl–Hirschman index of the importer's suppliers of the product: Σ share², 0 to 1.</param>
/// <param name="TopSupplier">The supplier with the largest value (ties: the first code in ordinal order).</param>
/// <param name="Exports">The importer's own exports of the product.</param>
/// <param name="ImportExportRatio">Imports over exports; null when the importer exports none (GeoDep then takes 9999).</param>
/// <param name="WorldExportHhi">Herfindahl–Hirschman index of the world's exporters of the product.</param>
/// <param name="CriteriaMet">This year: import HHI &gt; 0.4, world export HHI &gt; 0.4 and imports/exports &gt; 1.</param>
/// <param name="YearsMet">In how many of the years t−2, t−1, t stored for the source the three criteria held.</param>
/// <param name="YearsStored">How many of those three years the store holds.</param>
/// <param name="GeoDep">The GeoDep flag: the three criteria held in at least two of the three years.</param>
public sealed record ImportDependency(
    string Importer, string Product, double Imports, double ImportHhi, string TopSupplier, double TopSupplierShare, double Exports,
    double? ImportExportRatio, double WorldExportHhi, bool CriteriaMet, int YearsMet, int YearsStored, bool GeoDep);

/// <summary>
/// A bloc's extra-bloc imports of one product, with the three criteria of the European Commission's 2021 method
/// (SWD(2021) 352), applied to the bloc chosen.
/// </summary>
/// <param name="ExtraImports">Imports of bloc members from countries outside the bloc.</param>
/// <param name="TotalImports">Imports of bloc members from any other country, members included.</param>
/// <param name="ExtraHhi">HHI of the outside suppliers' shares of the extra-bloc imports (criterion 1: &gt; 0.4).</param>
/// <param name="ExtraShare">Extra-bloc over total imports (criterion 2, importance of extra-bloc demand: &gt; 0.5).</param>
/// <param name="Exports">The bloc members' exports of the product to any other country, members included.</param>
/// <param name="ImportExportRatio">Extra-bloc imports over the bloc's exports (criterion 3, substitutability: &gt; 1); null when the bloc exports none.</param>
/// <param name="Dependent">All three criteria hold.</param>
public sealed record BlocDependency(
    string Product, double ExtraImports, double TotalImports, double ExtraHhi, string TopSupplier, double TopSupplierShare,
    double ExtraShare, double Exports, double? ImportExportRatio, bool Dependent);

/// <summary>An importer's dependencies in a year (all its products, the GeoDep chokepoints first) and, when asked, a bloc's.</summary>
/// <param name="Digits">The HS level the products are cut at.</param>
/// <param name="Years">The years of the GeoDep window the store holds for this source and revision.</param>
public sealed record DependencyReport(
    DatasetInfo Dataset, int Digits, string? Importer, IReadOnlyList<int> Years, IReadOnlyList<ImportDependency> Products,
    string? Bloc, IReadOnlyList<string> BlocMembers, IReadOnlyList<BlocDependency> BlocProducts);

/// <summary>A country that could take over part of what one supplier sells an importer, with the figures behind it.</summary>
/// <param name="Exports">The candidate's exports of the product to the world.</param>
/// <param name="WorldShare">Its share of world exports of the product.</param>
/// <param name="Rca">Its revealed comparative advantage in the product.</param>
/// <param name="Density">Density ω: how close the product is to what it already exports with an advantage, 0 to 1.</param>
/// <param name="ShareNow">Its share of the importer's imports of the product now.</param>
/// <param name="HhiDrop">How far the importer's import HHI falls at best by shifting trade from the supplier to it.</param>
/// <param name="Score">Mean of its percentile ranks among the candidates on exports, RCA, density and HHI drop.</param>
/// <param name="Reasons">The figures as sentences in the current language.</param>
public sealed record SubstituteCandidate(
    string Country, double Exports, double WorldShare, double Rca, double Density, double ShareNow, double HhiDrop, double Score,
    IReadOnlyList<string> Reasons);

/// <summary>Who could replace <paramref name="Supplier"/> for <paramref name="Importer"/>'s imports of <paramref name="Product"/>.</summary>
public sealed record SubstituteReport(
    DatasetInfo Dataset, int Digits, string Importer, string Product, double Imports, double ImportHhi, string Supplier, double SupplierShare,
    IReadOnlyList<SubstituteCandidate> Candidates);
