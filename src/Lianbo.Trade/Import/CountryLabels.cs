using Lianbo.Trade.Indices;

namespace Lianbo.Trade.Import;

/// <summary>
/// The country codes a generic CSV or a Pajek network may use: ISO 3166-1 alpha-3, and the historical codes trade data
/// still carries (<c>data/trade/historical-country-codes.csv</c>). A historical code is kept as the file gives it and
/// marked historical, with what it stands for now: a state or area that split or merged (YUG, CSK, SUN, ANT, BLX) has
/// no single successor to give its trade to, and a year's figures must add up to what the file says. Even a code that
/// only changed (ROM, now ROU) is kept, so a network reads as its source published it; its mapping names today's code.
/// Anything else (XXX, 156, a spreadsheet formula) is refused.
/// </summary>
public static class CountryLabels
{
    /// <summary>What the store keeps for a code of the file: the country, and why (see <see cref="Store.CountryCode.Mapping"/>).</summary>
    public sealed record Resolved(string Country, string Mapping, bool Historical);

    private sealed record Historical(string Name, string Until, string Successors, bool Renamed);

    private static readonly Lazy<HashSet<string>> Iso = new(TradeIndicatorSource.IsoCountries);

    private static readonly Lazy<Dictionary<string, Historical>> Former = new(() =>
    {
        var lines = CsvLine.ReadLines(TradeFiles.HistoricalCountryCodes);
        var header = CsvLine.Split(lines[0]);
        int At(string name) => header.IndexOf(name);
        var (code, name, until, successors, kind) = (At("code"), At("name"), At("until"), At("successors"), At("kind"));
        return lines.Skip(1).Where(l => l.Length > 0).Select(CsvLine.Split)
            .ToDictionary(f => f[code], f => new Historical(f[name], f[until], f[successors], f[kind] == "renamed"), StringComparer.Ordinal);
    });

    /// <summary>Whether <paramref name="code"/> is one of the historical codes trade data still carries (SUN, YUG, ROM, …).</summary>
    public static bool IsHistorical(string code) => Former.Value.ContainsKey(code.Trim().ToUpperInvariant());

    /// <summary>The country <paramref name="label"/> stands for (in upper case), or null when it is no country code the store takes.</summary>
    public static Resolved? Resolve(string label, string asGiven)
    {
        label = label.Trim().ToUpperInvariant();
        if (Iso.Value.Contains(label))
        {
            return new Resolved(label, asGiven, false);
        }

        if (!Former.Value.TryGetValue(label, out var former))
        {
            return null;
        }

        return new Resolved(label, former.Renamed
            ? $"historical code: {former.Name} until {former.Until}, today {former.Successors}; kept as given"
            : $"historical code: {former.Name} until {former.Until}, today {former.Successors.Replace(' ', ',')}; no single successor, kept as given", true);
    }
}
