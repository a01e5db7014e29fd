using System.Globalization;
using Lianbo.Trade.Store;

namespace Lianbo.Trade.Import;

/// <summary>
/// BACI's numeric country codes mapped to ISO 3166-1 alpha-3. Most come from CEPII's dictionary; BACI's data
/// uses a few codes that are not ISO's or not in the dictionary, and those are mapped here, each with the reason
/// stored beside it (<see cref="CountryCode.Mapping"/>) so the mapping is visible in the store.
/// </summary>
public static class BaciCountryCodes
{
    /// <summary>Codes whose mapping is not simply the dictionary's ISO code.</summary>
    public static IReadOnlyDictionary<int, (string Country, string Mapping)> Quirks { get; } = new Dictionary<int, (string, string)>
    {
        // BACI aggregates France with Monaco, India with Sikkim (699), and the USA with Puerto Rico and the US Virgin Islands.
        [251] = ("FRA", "BACI 251 = France with Monaco (ISO 250)"),
        [699] = ("IND", "BACI 699 = India (ISO 356)"),
        [842] = ("USA", "BACI 842 = USA with Puerto Rico and the US Virgin Islands (ISO 840)"),
        // The data uses Italy's ISO numeric code, the dictionary lists 381.
        [380] = ("ITA", "BACI data 380 = Italy (the dictionary lists 381)"),
        // Areas without an ISO 3166 code keep the UN Comtrade area code, so they stay visible and never pass for a country.
        [490] = ("S19", "BACI 490 = Other Asia, nes: no ISO 3166 code; UN Comtrade area code S19"),
        [697] = ("R20", "BACI 697 = Europe EFTA, nes: no ISO 3166 code; UN Comtrade area code R20"),
        [849] = ("PUS", "BACI 849 = US Misc. Pacific Islands: no ISO 3166 code; UN Comtrade area code PUS"),
    };

    /// <summary>Reads a BACI country dictionary (V2022 columns <c>country_code, …, iso_3digit_alpha</c> or V2024 <c>country_code, country_name, country_iso3</c>).</summary>
    public static IReadOnlyList<CountryCode> Read(string path)
    {
        var lines = CsvLine.ReadLines(path);
        var header = CsvLine.Split(lines[0]);
        int Column(params string[] names)
        {
            var index = header.FindIndex(h => names.Contains(h.Trim(), StringComparer.OrdinalIgnoreCase));
            return index >= 0 ? index : throw new TradeDataException(Path.GetFileName(path), 1, TradeText.Format("ColumnMissing", names[0], string.Join(",", header)));
        }

        var (codeColumn, nameColumn, isoColumn) = (Column("country_code"), Column("country_name_abbreviation", "country_name"), Column("iso_3digit_alpha", "country_iso3"));
        var codes = new Dictionary<int, CountryCode>();
        for (var n = 1; n < lines.Length; n++)
        {
            if (lines[n].Length == 0)
            {
                continue;
            }

            var fields = CsvLine.Split(lines[n]);
            if (fields.Count <= Math.Max(codeColumn, Math.Max(nameColumn, isoColumn))
                || !int.TryParse(fields[codeColumn], NumberStyles.None, CultureInfo.InvariantCulture, out var code))
            {
                throw new TradeDataException(Path.GetFileName(path), n + 1, TradeText.Format("DictionaryLineInvalid"));
            }

            var name = fields[nameColumn].Trim();
            var iso = fields[isoColumn].Trim();
            if (Quirks.TryGetValue(code, out var quirk))
            {
                codes[code] = new CountryCode(code, quirk.Country, name, quirk.Mapping);
            }
            else if (iso.Length == 3 && iso.All(char.IsAsciiLetterUpper))
            {
                codes[code] = new CountryCode(code, iso, name, "dictionary");
            }
            else
            {
                // Not ISO and not known here: kept under its own code so its trade is neither lost nor given to a country.
                codes[code] = new CountryCode(code, "X" + code.ToString("000", CultureInfo.InvariantCulture), name, $"BACI {code}: no ISO 3166 code in the dictionary");
            }
        }

        // Codes the data uses but the dictionary lacks (Italy's 380).
        foreach (var (code, quirk) in Quirks)
        {
            codes.TryAdd(code, new CountryCode(code, quirk.Country, null, quirk.Mapping));
        }

        return [.. codes.Values.OrderBy(c => c.Code)];
    }
}
