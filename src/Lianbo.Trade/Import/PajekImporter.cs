using System.Globalization;
using System.Text.RegularExpressions;
using Lianbo.Trade.Store;

namespace Lianbo.Trade.Import;

/// <summary>Options for a Pajek import.</summary>
/// <param name="Year">The year of the network; else a year in the file name (comtrade-1985-countries.net).</param>
/// <param name="Source">The dataset's source name.</param>
/// <param name="Unit">What the arc weights count.</param>
public sealed record PajekImportOptions(int? Year = null, string Source = "Pajek", string Unit = "as in the file");

/// <summary>
/// Imports a country-level network in Pajek format: <c>*vertices N</c>, lines <c>id "label"</c>, then <c>*arcs</c>
/// (directed, exporter → importer) or <c>*edges</c> (both directions) with lines <c>from to [weight]</c>; lines
/// starting with % are comments. Vertex labels are ISO 3166-1 alpha-3 codes or historical ones (the shipped 1985
/// network has YUG, CSK, DDR, SVU, ROM, ZAR, …): see <see cref="CountryLabels"/>; any other label is refused with its line.
/// Repeated arcs are summed. A self-loop (a country's trade with itself, as in the NBER-UN 1999 network) is dropped
/// and reported, as network tools do when they build a simple graph (networkx's remove_edges_from(selfloop_edges),
/// igraph's simplify): it is not trade between countries, which is all the store holds. Historical codes kept and codes
/// renamed are reported too (<see cref="DatasetInfo.Notes"/>). Such a network has no products.
/// </summary>
public static partial class PajekImporter
{
    public const string Revision = "none";

    [GeneratedRegex(@"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)")]
    private static partial Regex YearInName();

    [GeneratedRegex("""^\s*(?<id>\d+)\s+(?:"(?<label>[^"]*)"|(?<label>\S+))""")]
    private static partial Regex VertexLine();

    public static Task<IReadOnlyList<DatasetInfo>> ImportAsync(
        TradeStore store, string path, PajekImportOptions? options = null, IProgress<ImportProgress>? progress = null, CancellationToken ct = default)
    {
        options ??= new PajekImportOptions();
        if (!File.Exists(path))
        {
            throw new TradeDataException(path, null, TradeText.Format("FileNotFound"));
        }

        var year = options.Year ?? (YearInName().Match(Path.GetFileName(path)) is { Success: true } m ? int.Parse(m.Value, CultureInfo.InvariantCulture) : (int?)null)
            ?? throw new TradeDataException(path, null, TradeText.Format("YearUnknown"));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var (codes, arcs, notes) = Parse(path, ct);
        var source = new DatasetSource(options.Source, Revision, Path.GetFileName(path), null, options.Unit, Generated: false, HasProducts: false);
        var rules = new RowRules(HasProducts: false, null, new StagedColumns("year", "from", "to", null, "weight", null));
        return WithNotesAsync(store.ImportAsync(async session =>
        {
            var stage = await session.CreateStageAsync(ct);
            using (var appender = session.Connection.CreateAppender(stage))
            {
                foreach (var ((from, to), weight) in arcs)
                {
                    appender.CreateRow().AppendValue(year).AppendValue(from).AppendValue(to).AppendNullValue().AppendValue(weight).AppendNullValue().EndRow();
                }
            }

            progress?.Report(new ImportProgress(path, arcs.Count, arcs.Count / Math.Max(clock.Elapsed.TotalSeconds, 1e-9), 1, Finished: true));
            await session.ValidateAsync(stage, path, codes, rules, numberedSelect: null, ct);
            await session.CommitAsync(stage, source, codes, ct);
        }, ct), notes);
    }

    private static async Task<IReadOnlyList<DatasetInfo>> WithNotesAsync(Task<IReadOnlyList<DatasetInfo>> import, List<ImportNote> notes) =>
        [.. (await import).Select(d => d with { Notes = notes })];

    // Checked here line by line, so every problem names its line; the store's own check then finds nothing.
    private static (List<CountryCode> Codes, Dictionary<(int, int), double> Arcs, List<ImportNote> Notes) Parse(string path, CancellationToken ct)
    {
        var codes = new List<CountryCode>();
        var labels = new HashSet<string>(StringComparer.Ordinal);
        var arcs = new Dictionary<(int, int), double>();
        var notes = new List<ImportNote>();
        var loops = new List<ImportNote>();
        string? section = null;
        var vertices = 0;
        var number = 0;
        foreach (var raw in TextLines.ReadUtf8(path, path, ct))
        {
            number++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('%'))
            {
                continue;
            }

            TradeDataException Bad(string key, params object?[] args) => new(path, number, TradeText.Format(key, args));
            if (line.StartsWith('*'))
            {
                var parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
                section = parts[0].ToLowerInvariant();
                if (section == "*vertices")
                {
                    if (parts.Length < 2 || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out vertices) || vertices == 0)
                    {
                        throw Bad("PajekVertexCount");
                    }
                }
                else if (section is not ("*arcs" or "*edges"))
                {
                    throw Bad("PajekSection", parts[0]);
                }

                continue;
            }

            switch (section)
            {
                case "*vertices":
                    var vertex = VertexLine().Match(line);
                    if (!vertex.Success || !int.TryParse(vertex.Groups["id"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id != codes.Count + 1 || id > vertices)
                    {
                        throw Bad("PajekVertex", codes.Count + 1);
                    }

                    var label = vertex.Groups["label"].Value.Trim();
                    if (label.Length == 0 || !labels.Add(label))
                    {
                        throw Bad("PajekLabel", label);
                    }

                    var country = CountryLabels.Resolve(label, "Pajek vertex label") ?? throw Bad("CountryUnknown", label);
                    if (country.Historical)
                    {
                        notes.Add(new ImportNote("historical-code", number, $"{label}: {country.Mapping}"));
                    }

                    codes.Add(new CountryCode(id, country.Country, null, country.Mapping));
                    break;
                case "*arcs" or "*edges":
                    var fields = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
                    if (fields.Length < 2
                        || !int.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var from) || from < 1 || from > codes.Count
                        || !int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var to) || to < 1 || to > codes.Count)
                    {
                        throw Bad("PajekArc", codes.Count);
                    }

                    var weight = 1.0;
                    if (fields.Length > 2 && (!double.TryParse(fields[2], NumberStyles.Float, CultureInfo.InvariantCulture, out weight) || !double.IsFinite(weight) || weight < 0))
                    {
                        throw Bad("ValueInvalid", fields[2]);
                    }

                    if (from == to)
                    {
                        loops.Add(new ImportNote("self-loop", number, TradeText.Format("PajekSelfLoop", codes[from - 1].Country, weight.ToString(CultureInfo.InvariantCulture))));
                        break;
                    }

                    arcs[(from, to)] = arcs.GetValueOrDefault((from, to)) + weight;
                    if (section == "*edges")
                    {
                        arcs[(to, from)] = arcs.GetValueOrDefault((to, from)) + weight;
                    }

                    break;
                default:
                    throw Bad("PajekSection", line);
            }
        }

        if (codes.Count != vertices || codes.Count == 0)
        {
            throw new TradeDataException(path, null, TradeText.Format("PajekVertexCount"));
        }

        if (arcs.Count == 0)
        {
            throw new TradeDataException(path, null, TradeText.Format("NoRows"));
        }

        if (loops.Count > 0)
        {
            notes.Insert(0, new ImportNote("self-loops", null, TradeText.Format("PajekSelfLoops", loops.Count)));
            notes.InsertRange(1, loops);
        }

        return (codes, arcs, notes);
    }
}
