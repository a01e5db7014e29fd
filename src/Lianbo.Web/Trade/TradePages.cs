using System.Globalization;
using System.Text.Json;
using Lianbo.Core.Reference;
using Lianbo.Trade.Import;
using Lianbo.Trade.Store;
using Microsoft.Extensions.Localization;

namespace Lianbo.Web.Trade;

/// <summary>What the trade pages (and the chain panorama) share: country names in the page's language, values in the dataset's unit, world-map data.</summary>
public static class TradePages
{
    /// <summary>Every reference country by ISO alpha-3, named in the page's language; trade data uses alpha-3 codes.</summary>
    public static async Task<Dictionary<string, CountryDto>> CountriesAsync(ReferenceQueries reference, CancellationToken ct = default) =>
        (await reference.ListCountriesAsync(new CountryFilter(), 1, ReferenceQueries.MaxPageSize, CultureInfo.CurrentUICulture, ct))
            .Items.ToDictionary(c => c.Iso3, StringComparer.Ordinal);

    /// <summary>A country's name in the page's language, or the code itself for areas that are not ISO countries (BACI's "Other Asia, nes").</summary>
    public static string Name(this IReadOnlyDictionary<string, CountryDto> countries, string code) =>
        countries.GetValueOrDefault(code)?.Name(CultureInfo.CurrentUICulture) ?? code;

    /// <summary>A value in thousands of US dollars (BACI's unit), in the language's convention (亿美元 / bn USD).</summary>
    public static string Money(double thousands) => Display.Usd(thousands * 1e3);

    /// <summary>A trade value as a page shows it: money for BACI's thousands of dollars, else the number with the dataset's own unit.</summary>
    public static string Value(double value, DatasetInfo dataset) =>
        dataset.Unit == BaciImporter.Unit ? Money(value) : string.Create(CultureInfo.CurrentCulture, $"{value:N0} {dataset.Unit}");

    public static string Share(double share) => share.ToString("P1", CultureInfo.CurrentCulture);

    /// <summary>
    /// The <c>data-map</c> attribute worldmap.js reads: ISO numeric code as three digits (as the reference data writes
    /// it), name in the page's language, value. Areas without an ISO country have no outline on the map and are left out.
    /// </summary>
    public static string MapJson(IEnumerable<(string Country, double Value)> values, IReadOnlyDictionary<string, CountryDto> countries) =>
        JsonSerializer.Serialize(values
            .Where(v => countries.ContainsKey(v.Country))
            .Select(v => new { id = countries[v.Country].Numeric.ToString("D3", CultureInfo.InvariantCulture), name = countries.Name(v.Country), value = v.Value }));

    /// <summary>Map values for a dataset's trade values: millions of US dollars for BACI (a readable scale), else as stored.</summary>
    public static double MapValue(double value, DatasetInfo dataset) => dataset.Unit == BaciImporter.Unit ? value / 1e3 : value;

    /// <summary>The unit of <see cref="MapValue"/>, for the map's tooltip.</summary>
    public static string MapUnit(DatasetInfo dataset, string millionUsd) => dataset.Unit == BaciImporter.Unit ? millionUsd : dataset.Unit;

    /// <summary>The reference nomenclature a dataset's product codes belong to (BACI's HS92 is HS 1992), or null when none is shipped.</summary>
    public static string? ReferenceRevision(DatasetInfo dataset) => dataset.Revision.ToUpperInvariant() switch
    {
        "HS92" => HsRevision.Hs1992,
        "HS22" => HsRevision.Hs2022,
        _ => null,
    };

    /// <summary>
    /// Links between trade pages keep the dataset chosen with <c>?source=</c> (e.g. a generated year beside a real one)
    /// and <c>?revision=</c> (an HS 2022 year beside an HS 1992 one, where the same code means other goods).
    /// </summary>
    public static string SourceQuery(string? source, string? revision = null)
    {
        var query = string.Join("&", new[] { ("source", source), ("revision", revision) }.Where(p => p.Item2 is not null)
            .Select(p => p.Item1 + "=" + Uri.EscapeDataString(p.Item2!)));
        return query.Length == 0 ? "" : "?" + query;
    }

    public static string CountryUrl(int year, string country, string? source) =>
        string.Create(CultureInfo.InvariantCulture, $"/trade/{year}/countries/{country}{SourceQuery(source)}");

    public static string ProductUrl(int year, string product, string? source, string? revision = null) =>
        string.Create(CultureInfo.InvariantCulture, $"/trade/{year}/products/{product}{SourceQuery(source, revision)}");

    /// <summary>
    /// A country's name in the page's language; a code that is no reference country is named for what it is: BACI's
    /// "Other Asia, nes" (S19), a historical code (SUN, YUG), or an unknown code, never shown bare.
    /// </summary>
    public static string Name(this IReadOnlyDictionary<string, CountryDto> countries, string code, IStringLocalizer text) =>
        countries.GetValueOrDefault(code)?.Name(CultureInfo.CurrentUICulture)
        ?? (code == OtherAsia ? text["CountryOtherAsia"]
            : CountryLabels.IsHistorical(code) ? text["HistoricalCountryCode", code]
            : text["UnknownCountryCode", code]);

    // UN Comtrade's area code for "Other Asia, not elsewhere specified", where BACI's code 490 is stored.
    private const string OtherAsia = "S19";
}
