using Lianbo.Core.Accounts;
using Lianbo.Core.Files;

namespace Lianbo.Core.Expo;

/// <summary>The two file formats of the exports (and of the exhibitor import).</summary>
public enum ExhibitorFileFormat
{
    Csv,
    Xlsx,
}

/// <summary>A file to download: its name, media type and bytes (the exhibitor template, and other exports written the same way).</summary>
public sealed record ExhibitorFile(string FileName, string ContentType, byte[] Content);

/// <summary>A column of the template, with its meaning in the current UI language.</summary>
public sealed record TemplateColumn(string Name, bool Required, string Description);

/// <summary>
/// The exhibitor and organisation template: one row per organisation, the same columns in CSV and XLSX, used for
/// imports and exports alike so that an export can be edited and imported again.
/// </summary>
public static class ExhibitorTemplate
{
    public const string Key = "key";
    public const string NameEn = "name_en";
    public const string NameZh = "name_zh";
    public const string Country = "country";
    public const string Type = "type";
    public const string Size = "size";
    public const string FortuneGlobal500 = "fortune_global_500";
    public const string IndustryLeader = "industry_leader";
    public const string Website = "website";
    public const string Products = "products";
    public const string Stages = "stages";
    public const string Zone = "zone";
    public const string Booths = "booths";
    public const string Partners = "partners";

    public static readonly IReadOnlyList<string> Columns =
        [Key, NameEn, NameZh, Country, Type, Size, FortuneGlobal500, IndustryLeader, Website, Products, Stages, Zone, Booths, Partners];

    public static readonly IReadOnlySet<string> Required = new HashSet<string>([Key, NameEn, NameZh, Type, Size], StringComparer.Ordinal);

    /// <summary>The words of the type column, as the template spells them.</summary>
    public static readonly IReadOnlyDictionary<string, OrganisationType> Types = new Dictionary<string, OrganisationType>(StringComparer.OrdinalIgnoreCase)
    {
        ["enterprise"] = OrganisationType.Enterprise,
        ["institution"] = OrganisationType.Institution,
        ["university-research"] = OrganisationType.UniversityOrResearch,
        ["international-organisation"] = OrganisationType.InternationalOrganisation,
        ["government-body"] = OrganisationType.GovernmentBody,
    };

    public static readonly IReadOnlyDictionary<string, SizeClass> Sizes = new Dictionary<string, SizeClass>(StringComparer.OrdinalIgnoreCase)
    {
        ["sme"] = SizeClass.Sme,
        ["large"] = SizeClass.Large,
    };

    public static string TypeWord(OrganisationType type) => Types.First(t => t.Value == type).Key;

    public static string SizeWord(SizeClass size) => Sizes.First(s => s.Value == size).Key;

    /// <summary>The columns with their meaning, for the import page and the template's second sheet.</summary>
    public static IReadOnlyList<TemplateColumn> Describe() =>
        [.. Columns.Select(c => new TemplateColumn(c, Required.Contains(c), Messages.Format("ImportColumn_" + c)))];

    /// <summary>The empty template: the header, and in XLSX a second sheet that documents the columns.</summary>
    public static ExhibitorFile Empty(ExhibitorFileFormat format) => Write("lianbo-exhibitors-template", format, [], withColumnSheet: true);

    internal static ExhibitorFile Write(string baseName, ExhibitorFileFormat format, IEnumerable<IReadOnlyList<string>> rows, bool withColumnSheet)
    {
        List<XlsxSheet> sheets = [new("exhibitors", [Columns, .. rows])];
        if (withColumnSheet && format == ExhibitorFileFormat.Xlsx)
        {
            List<IReadOnlyList<string>> docs =
            [
                [Messages.Format("ImportDocColumn"), Messages.Format("ImportDocRequired"), Messages.Format("ImportDocMeaning")],
                .. Describe().Select(c => (IReadOnlyList<string>)[c.Name, c.Required ? Messages.Format("ImportYes") : "", c.Description]),
            ];
            sheets.Add(new XlsxSheet("columns", docs));
        }

        return Tables(baseName, format, sheets);
    }

    /// <summary>
    /// Tables as a download: a CSV of the first (UTF-8 with a BOM, for Excel), or one XLSX workbook with a sheet for each.
    /// Every value below a header row goes through <see cref="FormulaText.Neutralise"/>, so no export can carry a formula.
    /// </summary>
    public static ExhibitorFile Tables(string baseName, ExhibitorFileFormat format, IReadOnlyList<XlsxSheet> sheets)
    {
        var safe = sheets.Select(s => s with { Rows = [s.Rows[0], .. s.Rows.Skip(1).Select(r => (IReadOnlyList<string>)[.. r.Select(FormulaText.Neutralise)])] }).ToList();
        return format == ExhibitorFileFormat.Csv
            ? new ExhibitorFile(baseName + ".csv", "text/csv; charset=utf-8", UploadedCsv.Write(safe[0].Rows))
            : new ExhibitorFile(baseName + ".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", XlsxTable.Write(safe));
    }
}
