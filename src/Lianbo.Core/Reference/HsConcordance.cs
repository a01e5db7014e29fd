using Lianbo.Core.Files;

namespace Lianbo.Core.Reference;

/// <summary>
/// One row of UNSD's conversion between two HS revisions (data/reference/hs-correlations): a six-digit code of the
/// newer revision and the one code of the older that its trade is converted to. This is how CEPII builds BACI's
/// HS 1992 series for recent years from reports in HS 2017 and HS 2022.
/// </summary>
public sealed class HsConversion
{
    public required string FromRevision { get; set; }
    public required string ToRevision { get; set; }
    public required string FromCode { get; set; }
    public required string ToCode { get; set; }
}

/// <summary>
/// UNSD's conversions in memory, for the checks and mappings that ask many questions at once (the chain warnings, a
/// panorama over BACI's HS 2017 series). Codes are six digits; a four-digit code asked about stands for its subheadings.
/// </summary>
public sealed class HsConcordance
{
    private readonly Dictionary<(string From, string To), SortedDictionary<string, string>> _conversions = [];
    private readonly Dictionary<(string From, string To), Dictionary<string, List<string>>> _convertedFrom = [];

    public HsConcordance(IEnumerable<HsConversion> rows)
    {
        foreach (var row in rows)
        {
            var pair = (row.FromRevision, row.ToRevision);
            Get(_conversions, pair, () => new SortedDictionary<string, string>(StringComparer.Ordinal))[row.FromCode] = row.ToCode;
            var from = Get(_convertedFrom, pair, () => new Dictionary<string, List<string>>(StringComparer.Ordinal));
            (from.TryGetValue(row.ToCode, out var list) ? list : from[row.ToCode] = []).Add(row.FromCode);
        }
    }

    /// <summary>Whether UNSD's conversion from one revision to the other is loaded at all.</summary>
    public bool HasConversion(string from, string to) => _conversions.ContainsKey((from, to));

    /// <summary>The code UNSD converts a six-digit code of <paramref name="from"/> to, or null when the table has no such code.</summary>
    public string? Convert(string from, string to, string code) =>
        _conversions.TryGetValue((from, to), out var table) && table.TryGetValue(code, out var converted) ? converted : null;

    /// <summary>
    /// The six-digit codes of <paramref name="revision"/> that a heading or subheading covers, as the revision's conversion
    /// to HS 1992 lists them (it lists every subheading of the revision once).
    /// </summary>
    public IReadOnlyList<string> Subheadings(string revision, string code) =>
        _conversions.TryGetValue((revision, HsRevision.Hs1992), out var table)
            ? [.. table.Keys.SkipWhile(k => string.CompareOrdinal(k, code) < 0).TakeWhile(k => k.StartsWith(code, StringComparison.Ordinal))]
            : [];

    /// <summary>The codes of <paramref name="from"/> that UNSD converts into <paramref name="code"/> or, for a heading, into one of its subheadings.</summary>
    public IReadOnlyList<string> ConvertedInto(string from, string to, string code)
    {
        if (!_convertedFrom.TryGetValue((from, to), out var table))
        {
            return [];
        }

        return code.Length == 6
            ? table.GetValueOrDefault(code) ?? []
            : [.. table.Where(t => t.Key.StartsWith(code, StringComparison.Ordinal)).SelectMany(t => t.Value).Order(StringComparer.Ordinal)];
    }

    private static TValue Get<TValue>(Dictionary<(string, string), TValue> tables, (string, string) key, Func<TValue> create) =>
        tables.TryGetValue(key, out var table) ? table : tables[key] = create();
}

/// <summary>
/// UNSD's tables as shipped: for each of three pairs of revisions a one-to-one conversion and a many-to-many correlation,
/// converted once from UNSD's workbooks (see data/reference/hs-correlations/PROVENANCE.md).
/// </summary>
public static class HsConcordanceFiles
{
    public const string Folder = "hs-correlations";

    private static readonly (string From, string To)[] Pairs =
        [(HsRevision.Hs2022, HsRevision.Hs1992), (HsRevision.Hs2017, HsRevision.Hs1992), (HsRevision.Hs2022, HsRevision.Hs2017)];

    /// <summary>Each table: its file, the two revisions, and whether it is the conversion (else the correlation).</summary>
    public static readonly IReadOnlyList<(string File, string From, string To, bool Conversion)> Tables =
    [
        .. Pairs.SelectMany(p => new[] { true, false }.Select(conversion =>
            ($"{Folder}/{p.From.ToLowerInvariant()}-{p.To.ToLowerInvariant()}-{(conversion ? "conversion" : "correlation")}.csv", p.From, p.To, conversion))),
    ];

    /// <summary>
    /// Reads every table and returns the conversions. A code that is not six digits, an HS 2022 code the nomenclature
    /// does not know, a code converted twice or a relationship UNSD does not use stops the read with the file and line.
    /// The correlations are checked the same way but not kept: nothing in the product asks them yet. HS 1992 codes are
    /// not checked against hs92.csv, which lacks two that UNSD converts to (710820 monetary gold, 711890 coin).
    /// </summary>
    public static List<HsConversion> Read(string directory, IReadOnlySet<string> hs2022)
    {
        var conversions = new List<HsConversion>();
        foreach (var (file, from, to, conversion) in Tables)
        {
            var fromColumn = from.ToLowerInvariant();
            var toColumn = to.ToLowerInvariant();
            var converted = new HashSet<string>(StringComparer.Ordinal);
            var rows = CsvTable.Read(Path.Combine(directory, file), r =>
            {
                var fromCode = r.Text(fromColumn);
                var toCode = r.Text(toColumn);
                foreach (var code in new[] { fromCode, toCode }.Where(c => c.Length != 6 || !c.All(char.IsAsciiDigit)))
                {
                    throw r.Error(Messages.Format("BadHsCode", code, 6));
                }

                if (from == HsRevision.Hs2022 && !hs2022.Contains(fromCode))
                {
                    throw r.Error(Messages.Format("UnknownHs2022Code", fromCode));
                }

                if (conversion && !converted.Add(fromCode))
                {
                    throw r.Error(Messages.Format("DuplicateCode", fromCode));
                }

                if (!conversion && r.Text("relationship") is not ("1:1" or "1:n" or "n:1" or "n:n") and var relationship)
                {
                    throw r.Error(Messages.Format("UnknownValue", "relationship", relationship));
                }

                return new HsConversion { FromRevision = from, ToRevision = to, FromCode = fromCode, ToCode = toCode };
            }, file);
            if (conversion)
            {
                conversions.AddRange(rows);
            }
        }

        return conversions;
    }
}
