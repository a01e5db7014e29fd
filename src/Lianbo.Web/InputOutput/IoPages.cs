using System.Globalization;
using Lianbo.Core.Chains;
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

    /// <summary>Chain names (stage null) and stage names by id, in the page's language.</summary>
    public static async Task<Dictionary<(string Chain, string? Stage), string>> ChainLabelsAsync(ChainStore chains, CancellationToken ct = default)
    {
        var chinese = CultureInfo.CurrentUICulture.IsChinese();
        var labels = new Dictionary<(string, string?), string>();
        foreach (var summary in await chains.ListAsync(ct))
        {
            if (await chains.GetAsync(summary.Id, ct) is not { } chain)
            {
                continue;
            }

            labels[(chain.Id, null)] = chinese ? chain.NameZh : chain.NameEn;
            foreach (var stage in chain.Stages)
            {
                labels[(chain.Id, stage.Id)] = chinese ? stage.NameZh : stage.NameEn;
            }
        }

        return labels;
    }

    /// <summary>"Chain › stage" for each link, in the page's language.</summary>
    public static async Task<List<string>> StageNamesAsync(ChainStore chains, IEnumerable<IoStageLink> links, CancellationToken ct = default)
    {
        var labels = await ChainLabelsAsync(chains, ct);
        return [.. links.Select(l => $"{labels.GetValueOrDefault((l.Chain, null), l.Chain)} › {labels.GetValueOrDefault((l.Chain, l.Stage), l.Stage)}")];
    }

    /// <summary>Sector names by code in the page's language.</summary>
    public static Dictionary<string, string> SectorNames(IoTable table) => SectorNames(IoKey.Of(table), table.Sectors);

    /// <summary>Names of a table's industry codes in the page's language.</summary>
    public static Dictionary<string, string> SectorNames(IoKey key, IEnumerable<string> codes) =>
        IoSectors.NamesFor(key.Source, key.Release, codes).ToDictionary(s => s.Code, s => s.Label(CultureInfo.CurrentUICulture.IsChinese()), StringComparer.Ordinal);
}
