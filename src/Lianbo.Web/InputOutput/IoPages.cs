using System.Globalization;
using Lianbo.Core.Reference;
using Lianbo.Trade.InputOutput;
using Lianbo.Web.Trade;
using Microsoft.Extensions.Localization;

namespace Lianbo.Web.InputOutput;

/// <summary>What the input–output pages share: links, names in the page's language, values in USD millions.</summary>
public static class IoPages
{
    public static string TableUrl(IoKey key) =>
        string.Create(CultureInfo.InvariantCulture, $"/io/{Uri.EscapeDataString(key.Source)}/{Uri.EscapeDataString(key.Release)}/{key.Year}");

    public static string CountryUrl(IoKey key, string country) => $"{TableUrl(key)}/countries/{country}";

    public static string IndustryUrl(IoKey key, string sector) => $"{TableUrl(key)}/industries/{Uri.EscapeDataString(sector)}";

    public static string LinkagesUrl(IoKey key, string country, string sector) => $"{CountryUrl(key, country)}/industries/{Uri.EscapeDataString(sector)}";

    public static string CascadeUrl(IoKey key, string country, string sector, double share, IoShockModel model, int days = 365) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{TableUrl(key)}/cascade?country={country}&sector={Uri.EscapeDataString(sector)}&share={share:R}&model={model.ToString().ToLowerInvariant()}&days={days}");

    /// <summary>A table's country in the page's language; WIOD's rest of the world by its name.</summary>
    public static string Country(IReadOnlyDictionary<string, CountryDto> countries, string code, IStringLocalizer text) =>
        code == "ROW" ? text["IoRestOfWorld"] : countries.Name(code, text);

    /// <summary>USD millions as a number in the page's convention, e.g. 1,234.</summary>
    public static string Usd(double millions) => millions.ToString("N0", CultureInfo.CurrentCulture);

    public static string Share(double share) => share.ToString("P1", CultureInfo.CurrentCulture);

    public static string Number(double? value, string format = "N2") => value is { } v ? v.ToString(format, CultureInfo.CurrentCulture) : "—";

    /// <summary>The citation of a table's publisher, in the page's language.</summary>
    public static string Citation(IoKey key, IStringLocalizer text) =>
        key.Source.Equals(WiodReader.Source, StringComparison.OrdinalIgnoreCase) ? text["IoCitationWiod"] : text["IoCitationIcio"];

    /// <summary>"Chain › stage" for each link, in the page's language.</summary>
    public static List<string> StageNames(Scenarios.ScenarioPages.ChainNames names, IEnumerable<IoStageLink> links) =>
        [.. links.Select(l => $"{names.Chain(l.Chain)} › {names.Stage(l.Chain, l.Stage)}")];

    /// <summary>Sector names by code in the page's language.</summary>
    public static Dictionary<string, string> SectorNames(IoTable table) => SectorNames(IoKey.Of(table), table.Sectors);

    /// <summary>Names of a table's industry codes in the page's language.</summary>
    public static Dictionary<string, string> SectorNames(IoKey key, IEnumerable<string> codes) =>
        IoSectors.NamesFor(key.Source, key.Release, codes).ToDictionary(s => s.Code, s => s.Label(CultureInfo.CurrentUICulture.IsChinese()), StringComparer.Ordinal);
}
