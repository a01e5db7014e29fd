using System.Text.Json;
using Lianbo.Core.Files;

namespace Lianbo.Core.Reference;

/// <summary>
/// The shipped reference files, parsed and checked in memory before anything reaches the store.
/// Every check failure names the file and line.
/// </summary>
public sealed record ReferenceData(
    IReadOnlyList<Country> Countries,
    IReadOnlyList<HsSection> Sections,
    IReadOnlyList<HsCode> HsCodes,
    IReadOnlyList<CountryGroup> Groups,
    IReadOnlyList<HsConversion> Conversions)
{
    public const string CountriesFile = "iso_3166-1_en_zh.csv";
    public const string UnCodesFile = "un-country-codes.csv";
    public const string M49ZhFile = "un-m49-zh.csv";
    public const string IncomeFile = "wb-income-groups-fy2025.csv";
    public const string OverridesFile = "country-overrides.csv";
    public const string LdcGraduationsFile = "ldc-graduations.csv";
    public const string SectionsFile = "hs-sections.csv";
    public const string Hs2022File = "hs2022.csv";
    public const string Hs1992File = "hs92.csv";
    public const string GroupsFile = "country-groups.json";
    public const string HsChineseFile = "hs-zh/hs2022-zh.csv";

    public static readonly IReadOnlyList<string> Files =
    [
        CountriesFile, UnCodesFile, M49ZhFile, IncomeFile, OverridesFile, LdcGraduationsFile,
        SectionsFile, Hs2022File, Hs1992File, HsChineseFile, GroupsFile, .. HsConcordanceFiles.Tables.Select(t => t.File),
    ];

    /// <summary>The codes of one HS revision, for checks such as the chain validator's.</summary>
    public HashSet<string> CodesOf(string revision) =>
        HsCodes.Where(c => c.Revision == revision).Select(c => c.Code).ToHashSet(StringComparer.Ordinal);

    /// <summary>UNSD's conversions, ready for lookups (the chain warnings use them).</summary>
    public HsConcordance Concordance() => new(Conversions);

    public static ReferenceData Read(string directory)
    {
        var countries = ReadCountries(directory);
        var sections = ReadSections(directory);
        var hs2022 = ReadHs2022(directory, sections);
        ReadHsChinese(directory, hs2022);
        var hs1992 = ReadHs1992(directory, hs2022);
        var groups = ReadGroups(directory, countries.Select(c => c.Iso3).ToHashSet(StringComparer.Ordinal));
        var conversions = HsConcordanceFiles.Read(directory, hs2022.Select(c => c.Code).ToHashSet(StringComparer.Ordinal));
        return new ReferenceData(countries, sections, [.. hs2022, .. hs1992], groups, conversions);
    }

    private static List<Country> ReadCountries(string dir)
    {
        var un = CsvTable.Read(Path.Combine(dir, UnCodesFile), r => r.Optional("ISO3166-1-Alpha-3") is { } iso3 ? new
        {
            Iso3 = iso3,
            RegionCode = r.OptionalInt("Region Code"),
            RegionEn = r.Optional("Region Name"),
            SubRegionCode = r.OptionalInt("Sub-region Code"),
            SubRegionEn = r.Optional("Sub-region Name"),
            Ldc = r.Optional("Least Developed Countries (LDC)") is not null,
            Lldc = r.Optional("Land Locked Developing Countries (LLDC)") is not null,
            Sids = r.Optional("Small Island Developing States (SIDS)") is not null,
        } : null).ToDictionary(u => u.Iso3, StringComparer.Ordinal);

        // Chinese region names come from the UN's Chinese M49 table, keyed by the region codes.
        var regionZh = new Dictionary<int, string>();
        foreach (var row in CsvTable.Read(Path.Combine(dir, M49ZhFile), r => new
        {
            Region = r.OptionalInt("Region Code"), RegionName = r.Optional("Region Name"),
            Sub = r.OptionalInt("Sub-region Code"), SubName = r.Optional("Sub-region Name"),
        }))
        {
            if (row is { Region: { } rc, RegionName: { } rn }) regionZh[rc] = rn;
            if (row is { Sub: { } sc, SubName: { } sn }) regionZh[sc] = sn;
        }

        var income = CsvTable.Read(Path.Combine(dir, IncomeFile), r => new
        {
            Iso3 = r.Text("iso3"),
            Group = r.Optional("income_group") switch
            {
                null => (IncomeGroup?)null,
                "Low income" => IncomeGroup.Low,
                "Lower middle income" => IncomeGroup.LowerMiddle,
                "Upper middle income" => IncomeGroup.UpperMiddle,
                "High income" => IncomeGroup.High,
                var other => throw r.Error(Messages.Format("UnknownValue", "income_group", other)),
            },
        }).ToDictionary(i => i.Iso3, i => i.Group, StringComparer.Ordinal);

        var overrides = CsvTable.Read(Path.Combine(dir, OverridesFile), r => new
        {
            Iso3 = r.Text("iso3"), NameEn = r.Text("name_en"), NameZh = r.Text("name_zh"), Line = r.Line,
        }).ToDictionary(o => o.Iso3, StringComparer.Ordinal);
        var graduated = CsvTable.Read(Path.Combine(dir, LdcGraduationsFile), r => new
        {
            Iso3 = r.Text("iso3"), On = r.Date("graduated_on"), Line = r.Line,
        });

        var countries = CsvTable.Read(Path.Combine(dir, CountriesFile), r =>
        {
            var iso3 = r.Text("alpha_3");
            var iso2 = r.Text("alpha_2");
            if (iso3.Length != 3 || iso2.Length != 2)
            {
                throw r.Error(Messages.Format("BadIsoCode", iso2, iso3));
            }

            un.TryGetValue(iso3, out var u);
            overrides.TryGetValue(iso3, out var o);
            return new Country
            {
                Iso3 = iso3,
                Iso2 = iso2,
                Numeric = r.Int("numeric"),
                NameEn = o?.NameEn ?? r.Optional("common_name_en") ?? r.Text("name_en"),
                NameZh = o?.NameZh ?? r.Text("name_zh_CN"),
                OfficialNameEn = r.Optional("official_name_en") ?? r.Text("name_en"),
                OfficialNameZh = r.Optional("official_name_zh_CN") ?? r.Text("name_zh_CN"),
                RegionCode = u?.RegionCode,
                RegionEn = u?.RegionEn,
                RegionZh = u?.RegionCode is { } rc ? regionZh.GetValueOrDefault(rc) : null,
                SubRegionCode = u?.SubRegionCode,
                SubRegionEn = u?.SubRegionEn,
                SubRegionZh = u?.SubRegionCode is { } sc ? regionZh.GetValueOrDefault(sc) : null,
                IsLdc = u?.Ldc ?? false,
                IsLldc = u?.Lldc ?? false,
                IsSids = u?.Sids ?? false,
                IncomeGroup = income.GetValueOrDefault(iso3),
            };
        });

        var byIso3 = countries.ToDictionary(c => c.Iso3, StringComparer.Ordinal);
        foreach (var o in overrides.Values.Where(o => !byIso3.ContainsKey(o.Iso3)))
        {
            throw new DataFileException(OverridesFile, o.Line, Messages.Format("UnknownCountry", o.Iso3));
        }

        foreach (var g in graduated)
        {
            if (!byIso3.TryGetValue(g.Iso3, out var country))
            {
                throw new DataFileException(LdcGraduationsFile, g.Line, Messages.Format("UnknownCountry", g.Iso3));
            }

            country.IsLdc = false;
        }

        return countries;
    }

    private static List<HsSection> ReadSections(string dir)
    {
        var number = 0;
        return CsvTable.Read(Path.Combine(dir, SectionsFile), r =>
        {
            var roman = r.Text("section");
            number++;
            return Roman.ToInt(roman) == number
                ? new HsSection { Number = number, Roman = roman, NameEn = r.Text("name") }
                : throw r.Error(Messages.Format("BadSection", roman, number));
        });
    }

    private static List<HsCode> ReadHs2022(string dir, List<HsSection> sections)
    {
        var sectionByRoman = sections.ToDictionary(s => s.Roman, s => s.Number, StringComparer.Ordinal);
        var codes = CsvTable.Read(Path.Combine(dir, Hs2022File), r =>
        {
            var code = r.Text("hscode");
            if (code == "TOTAL")
            {
                return null; // the grand-total row of the Comtrade file is not a code
            }

            var level = r.Int("level");
            CheckCode(r, code, level);
            var parent = r.Text("parent");
            var expectedParent = level == 2 ? "TOTAL" : code[..(level - 2)];
            if (parent != expectedParent)
            {
                throw r.Error(Messages.Format("BadParent", code, parent, expectedParent));
            }

            var section = r.Text("section");
            return new HsCode
            {
                Revision = HsRevision.Hs2022,
                Code = code,
                Level = level,
                DescriptionEn = r.Text("description"),
                ParentCode = level == 2 ? null : parent,
                // Chapter 99 ("commodities not specified") sits outside the 21 sections, marked TOTAL.
                Section = section == "TOTAL" ? null
                    : sectionByRoman.TryGetValue(section, out var s) ? s : throw r.Error(Messages.Format("UnknownSection", section)),
            };
        });
        CheckUniqueAndLinked(Hs2022File, codes);
        return codes;
    }

    // One Chinese name per HS 2022 code; were a code listed twice, the mainland text wins over the converted Taiwan text
    // (the "prefer the mainland rows"). A code HS 2022 does not have, or an unknown source, stops the read.
    private static void ReadHsChinese(string dir, List<HsCode> hs2022)
    {
        var byCode = hs2022.ToDictionary(c => c.Code, StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        CsvTable.Read(Path.Combine(dir, HsChineseFile), r =>
        {
            var code = r.Text("code");
            var level = r.Int("level");
            CheckCode(r, code, level);
            if (!byCode.TryGetValue(code, out var hs))
            {
                throw r.Error(Messages.Format("UnknownHs2022Code", code));
            }

            var source = r.Text("source") switch
            {
                var s when s.StartsWith("CN-", StringComparison.Ordinal) => HsChineseSource.CnCustoms,
                var s when s.StartsWith("tw", StringComparison.Ordinal) => HsChineseSource.TwConverted,
                var other => throw r.Error(Messages.Format("UnknownValue", "source", other)),
            };
            if (!seen.Add(code))
            {
                if (hs.DescriptionZhSource == source)
                {
                    throw r.Error(Messages.Format("DuplicateCode", code));
                }

                if (hs.DescriptionZhSource == HsChineseSource.CnCustoms)
                {
                    return (object?)null;
                }
            }

            hs.DescriptionZh = r.Text("description_zh");
            hs.DescriptionZhSource = source;
            return (object?)null;
        }, HsChineseFile);
    }

    private static List<HsCode> ReadHs1992(string dir, List<HsCode> hs2022)
    {
        // HS 1992 has no Chinese names of its own: a code HS 2022 has too gets that revision's name (the same digits mostly
        // name the same goods; where the scope moved, the HS 2022 name is still the nearer one).
        var zhOf = hs2022.Where(c => c.DescriptionZh is not null).ToDictionary(c => c.Code, StringComparer.Ordinal);
        // The Atlas file also holds its own product sections and service and "unspecified" rows; only
        // numeric HS codes are HS. Sections follow the chapter, which HS 1992 and HS 2022 share.
        var sectionOfChapter = hs2022.Where(c => c.Level == 2).ToDictionary(c => c.Code, c => c.Section, StringComparer.Ordinal);
        var codes = CsvTable.Read(Path.Combine(dir, Hs1992File), r =>
        {
            var level = r.Text("level") switch
            {
                "section" => 0,
                "2digit" => 2,
                "4digit" => 4,
                "6digit" => 6,
                var other => throw r.Error(Messages.Format("UnknownValue", "level", other)),
            };
            var code = r.Text("code");
            if (level == 0 || !code.All(char.IsAsciiDigit))
            {
                return null;
            }

            CheckCode(r, code, level);
            return new HsCode
            {
                Revision = HsRevision.Hs1992,
                Code = code,
                Level = level,
                DescriptionEn = r.Text("name_en"),
                DescriptionZh = zhOf.GetValueOrDefault(code)?.DescriptionZh,
                DescriptionZhSource = zhOf.GetValueOrDefault(code)?.DescriptionZhSource,
                ParentCode = level == 2 ? null : code[..(level - 2)],
                Section = sectionOfChapter.GetValueOrDefault(code[..2]),
            };
        });
        CheckUniqueAndLinked(Hs1992File, codes);
        return codes;
    }

    private static void CheckCode(CsvRow r, string code, int level)
    {
        if (level is not (2 or 4 or 6) || code.Length != level || !code.All(char.IsAsciiDigit))
        {
            throw r.Error(Messages.Format("BadHsCode", code, level));
        }
    }

    private static void CheckUniqueAndLinked(string file, List<HsCode> codes)
    {
        var known = new HashSet<string>(StringComparer.Ordinal);
        foreach (var c in codes)
        {
            if (!known.Add(c.Code))
            {
                throw new DataFileException(file, null, Messages.Format("DuplicateCode", c.Code));
            }
        }

        if (codes.FirstOrDefault(c => c.ParentCode is { } p && !known.Contains(p)) is { } orphan)
        {
            throw new DataFileException(file, null, Messages.Format("MissingParent", orphan.Code, orphan.ParentCode));
        }
    }

    private static List<CountryGroup> ReadGroups(string dir, HashSet<string> countries)
    {
        var path = Path.Combine(dir, GroupsFile);
        GroupsDocument? document;
        try
        {
            using var stream = File.OpenRead(path);
            document = JsonSerializer.Deserialize<GroupsDocument>(stream, JsonOptions);
        }
        catch (FileNotFoundException)
        {
            throw new DataFileException(GroupsFile, null, Messages.Format("FileMissing", path));
        }
        catch (JsonException e)
        {
            throw new DataFileException(GroupsFile, (int?)e.LineNumber + 1, e.Message);
        }

        var groups = new List<CountryGroup>();
        foreach (var g in document?.Groups ?? [])
        {
            if (string.IsNullOrWhiteSpace(g.Code) || string.IsNullOrWhiteSpace(g.NameEn) || string.IsNullOrWhiteSpace(g.NameZh)
                || string.IsNullOrWhiteSpace(g.Source) || g.AsOf is null)
            {
                throw new DataFileException(GroupsFile, null, Messages.Format("GroupIncomplete", g.Code));
            }

            if (g.Members.FirstOrDefault(m => !countries.Contains(m)) is { } unknown)
            {
                throw new DataFileException(GroupsFile, null, Messages.Format("GroupUnknownMember", g.Code, unknown));
            }

            groups.Add(new CountryGroup
            {
                Code = g.Code,
                NameEn = g.NameEn,
                NameZh = g.NameZh,
                Source = g.Source,
                AsOf = g.AsOf,
                IsBuiltIn = true,
                Members = [.. g.Members.Distinct(StringComparer.Ordinal).Select(m => new CountryGroupMember { GroupCode = g.Code, Iso3 = m })],
            });
        }

        return groups;
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    private sealed record GroupsDocument(List<GroupEntry> Groups);

    private sealed record GroupEntry(string Code, string NameEn, string NameZh, DateOnly? AsOf, string Source, List<string> Members);
}

internal static class Roman
{
    public static int ToInt(string roman)
    {
        var total = 0;
        for (var i = 0; i < roman.Length; i++)
        {
            var value = Value(roman[i]);
            total += i + 1 < roman.Length && Value(roman[i + 1]) > value ? -value : value;
        }

        return total;
    }

    private static int Value(char c) => c switch { 'I' => 1, 'V' => 5, 'X' => 10, 'L' => 50, _ => 1000 };
}
