using Lianbo.Trade.Import;

namespace Lianbo.Trade.InputOutput;

/// <summary>An industry of an input–output table with its names in English and Chinese.</summary>
public sealed record IoSector(string Code, string Name, string NameZh)
{
    public string Label(bool chinese) => chinese ? NameZh : Name;
}

/// <summary>One industry's place in a chain: the industry feeds (or is) the stage.</summary>
public sealed record IoStageLink(string Sector, string Chain, string Stage, string Note);

/// <summary>
/// The industry names of each table family the product reads, from the shipped <c>sectors*.csv</c> files
/// (code, …, name, name_zh), and the mapping from a family's industries to the chains' stages
/// (<c>data/chains/io/FAMILY.csv</c>: sector, chain, stage, note; one line per link, an industry may feed several stages
/// of several chains). Both are plain CSV files a user may edit; a bad line is refused with its number.
/// </summary>
public static class IoSectors
{
    // The shipped names files, read once per process (every page names industries).
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Dictionary<string, IoSector>> Names = new(StringComparer.Ordinal);

    /// <summary>The file family of a table: <c>wiod2013</c>, <c>wiod2016</c>, <c>icio</c>.</summary>
    public static string Family(string source, string release) => source.ToUpperInvariant() switch
    {
        "WIOD" => "wiod" + release,
        _ => "icio",
    };

    /// <summary>The shipped names file of a family, under the build's <c>open/input-output/</c>.</summary>
    public static string NamesFile(string family) => family == "wiod2013"
        ? Path.Combine(AppContext.BaseDirectory, "open", "input-output", "wiod2013", "sectors.csv")
        : Path.Combine(AppContext.BaseDirectory, "open", "input-output", $"sectors-{family}.csv");

    /// <summary>Reads a names file: a header with <c>code</c>, <c>name</c> and <c>name_zh</c> among its columns.</summary>
    public static IReadOnlyList<IoSector> ReadNames(string path)
    {
        var rows = Read(path, ["code", "name", "name_zh"]);
        return [.. rows.Select(r => new IoSector(r.Fields[0], r.Fields[1], r.Fields[2]))];
    }

    /// <summary>Names for a table's sectors; a code the names file lacks is named by its code.</summary>
    public static IReadOnlyList<IoSector> NamesFor(IoTable table) => NamesFor(table.Source, table.Release, table.Sectors);

    /// <summary>Names for industry codes of a table family; a code the names file lacks is named by its code.</summary>
    public static IReadOnlyList<IoSector> NamesFor(string source, string release, IEnumerable<string> codes)
    {
        var names = Names.GetOrAdd(NamesFile(Family(source, release)),
            file => File.Exists(file) ? ReadNames(file).ToDictionary(s => s.Code, StringComparer.Ordinal) : []);
        return [.. codes.Select(s => names.GetValueOrDefault(s) ?? new IoSector(s, s, s))];
    }

    /// <summary>
    /// Reads a stage mapping, refusing (with the line number) a sector the table family does not have, or a chain and
    /// stage that <paramref name="stageExists"/> does not know; null skips the stage check.
    /// </summary>
    public static IReadOnlyList<IoStageLink> ReadStageMap(string path, IReadOnlySet<string> sectors, Func<string, string, bool>? stageExists = null)
    {
        var links = new List<IoStageLink>();
        var seen = new HashSet<(string, string, string)>();
        foreach (var (line, f) in Read(path, ["sector", "chain", "stage", "note"]))
        {
            if (!sectors.Contains(f[0]))
            {
                throw new TradeDataException(path, line, $"unknown industry '{f[0]}'", "sector");
            }

            if (stageExists is not null && !stageExists(f[1], f[2]))
            {
                throw new TradeDataException(path, line, $"no stage '{f[2]}' in chain '{f[1]}'", "stage");
            }

            if (!seen.Add((f[0], f[1], f[2])))
            {
                throw new TradeDataException(path, line, "this link was given on an earlier line");
            }

            links.Add(new IoStageLink(f[0], f[1], f[2], f[3]));
        }

        return links;
    }

    // The named columns of every line, in the order asked; line numbers count the header as 1.
    private static List<(long Line, string[] Fields)> Read(string path, string[] columns)
    {
        if (!File.Exists(path))
        {
            throw new TradeDataException(path, null, "the file is missing");
        }

        var lines = File.ReadAllLines(path);
        var header = lines.Length > 0 ? CsvLine.Split(lines[0]) : throw new TradeDataException(path, null, "empty file");
        var at = columns.Select(c => header.IndexOf(c)).ToArray();
        if (Array.IndexOf(at, -1) is var missing and >= 0)
        {
            throw new TradeDataException(path, 1, $"the header has no column '{columns[missing]}'", columns[missing]);
        }

        var rows = new List<(long, string[])>();
        for (var k = 1; k < lines.Length; k++)
        {
            if (lines[k].Length == 0)
            {
                continue;
            }

            var f = CsvLine.Split(lines[k]);
            if (f.Count != header.Count)
            {
                throw new TradeDataException(path, k + 1, $"{f.Count} fields, the header has {header.Count}");
            }

            rows.Add((k + 1, [.. at.Select(i => f[i].Trim())]));
        }

        return rows;
    }
}
