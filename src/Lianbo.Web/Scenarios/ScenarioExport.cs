using System.Globalization;
using Lianbo.Core.Expo;
using Lianbo.Core.Files;

namespace Lianbo.Web.Scenarios;

/// <summary>The tables of a run as files: one table as CSV, or every table as sheets of one XLSX workbook.</summary>
public static class ScenarioExport
{
    public const string Csv = "text/csv; charset=utf-8", Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>The tables a run can export, by the name the API takes.</summary>
    public static readonly IReadOnlyList<string> TableNames = ["importers", "products", "stages", "flows", "gravity", "io-chains", "io-countries", "io-grid", "about"];

    /// <summary>Every table of the run (those the run has), "about" last: what ran, on which data, with its notes.</summary>
    public static IReadOnlyList<XlsxSheet> Tables(ScenarioResult run)
    {
        var sheets = new List<XlsxSheet>();
        if (run.Exposure is { } e)
        {
            var unit = e.Dataset.Unit;
            sheets.Add(Sheet("importers", ["importer", $"imports ({unit})", $"lost ({unit})", $"replaced ({unit})", $"unmet ({unit})", "lost share", "unmet share"],
                e.Importers.Select(r => Row(r.Importer, r.Imports, r.Lost, r.Replaced, r.Unmet, r.LostShare, r.UnmetShare))));
            sheets.Add(Sheet("products", ["importer", $"HS{e.Digits}", $"imports ({unit})", $"lost ({unit})", $"replaced ({unit})", $"unmet ({unit})", "lost share", "unmet share"],
                e.Products.Select(r => Row(r.Importer, r.Product, r.Imports, r.Lost, r.Replaced, r.Unmet, r.LostShare, r.UnmetShare)), texts: 2));
            sheets.Add(Sheet("stages", ["chain", "stage", "country", $"imports ({unit})", "direct share", "cascaded share"],
                e.Stages.Select(r => Row(r.Chain, r.Stage, r.Country, r.Imports, r.DirectShare, r.CascadedShare)), texts: 3));
            sheets.Add(Sheet("flows", [$"HS{e.Digits}", "exporter", "importer", $"before ({unit})", $"lost ({unit})", $"added ({unit})"],
                e.Flows.Select(r => Row(r.Product, r.Exporter, r.Importer, r.Before, r.Lost, r.Added)), texts: 3));
        }

        if (run.Gravity is { } g)
        {
            sheets.Add(Sheet("gravity", ["country", "real GDP %", "exports %", "exports, conditional %", "factory-gate price %", "inward MR %", "outward MR %", "real GDP % low", "real GDP % high"],
                g.Countries.Select(c => Row(c.Country, c.RealGdp, c.Exports, c.ExportsConditional, c.Price, c.Imr, c.Omr, c.RealGdpBand?.Low, c.RealGdpBand?.High))));
        }

        if (run.InputOutput is { } io)
        {
            sheets.Add(Sheet("io-chains", ["chain", "stage", "industries", "output lost (USD m)", "output (USD m)"],
                io.ByChain.Select(c => Row(c.Chain, c.Stage ?? "", string.Join(" ", c.Sectors), c.Loss, c.Baseline)), texts: 3));
            sheets.Add(Sheet("io-countries", ["country", "output lost (USD m)", "share"], io.ByCountry.Select(c => Row(c.Country, c.Value, c.Share))));
            sheets.Add(Sheet("io-grid", ["country", .. io.BySector.Keys], io.Grid.Select(g => Row([g.Key, .. g.Value.Cast<object?>()]))));
        }

        var d = run.Definition;
        List<IReadOnlyList<string>> about =
        [
            ["field", "value"],
            ["scenario", $"{d.Id} {d.Version}"], ["name", $"{d.NameEn} / {d.NameZh}"],
            ["illustrative", d.Illustrative ? "yes: the sizes are assumptions" : "no"],
            ["ran at (UTC)", run.RanAt.ToString("u", CultureInfo.InvariantCulture)],
        ];
        if (run.Exposure is { } x)
        {
            about.Add(["engine 1 data", $"{x.Dataset.Key}{(x.Dataset.Generated ? " (GENERATED, not real trade)" : "")}, {x.Dataset.Unit}"]);
            about.Add(["engine 1 headroom", x.Headroom.ToString(CultureInfo.InvariantCulture)]);
        }

        if (run.InputOutput is { } z)
        {
            about.Add(["engine 3 data", $"{z.Table} (real data), output lost in USD millions"]);
        }

        if (run.Gravity is { } y)
        {
            about.Add(["engine 2 data", $"{y.Data}, {y.Year}"]);
            about.Add(["engine 2 method", y.Method]);
        }

        about.AddRange(d.Sources.Select(s => (IReadOnlyList<string>)["source", s.Url is null ? s.Title : $"{s.Title} <{s.Url}>"]));
        about.AddRange(run.Notes.Select(n => (IReadOnlyList<string>)["note", n.En]));
        sheets.Add(new XlsxSheet("about", [about[0], .. about.Skip(1).Select(r => (IReadOnlyList<string>)[.. r.Select(FormulaText.Neutralise)])]));
        return sheets;
    }

    public static (string FileName, string ContentType, byte[] Bytes) Write(ScenarioResult run, string runId, string format, string? table)
    {
        var tables = Tables(run);
        var name = $"lianbo-scenario-{run.Definition.Id}-{runId}";
        if (format == "xlsx")
        {
            return (name + ".xlsx", Xlsx, XlsxTable.Write(tables));
        }

        var sheet = tables.First(t => t.Name == (table ?? tables[0].Name));
        return ($"{name}-{sheet.Name}.csv", Csv, UploadedCsv.Write(sheet.Rows));
    }

    // Text columns come first and are neutralised (a country or code never starts like a formula, but a name might);
    // numbers are written invariant, so that the workbook holds numbers, not text.
    private static XlsxSheet Sheet(string name, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows, int texts = 1) =>
        new(name, [header, .. rows.Select(r => (IReadOnlyList<string>)[.. r.Select((v, i) => i < texts ? FormulaText.Neutralise(v) : v)])],
            new HashSet<int>(Enumerable.Range(texts, header.Count - texts)));

    private static IReadOnlyList<string> Row(params object?[] values) =>
        [.. values.Select(v => v switch { null => "", double x => x.ToString("R", CultureInfo.InvariantCulture), _ => Convert.ToString(v, CultureInfo.InvariantCulture) ?? "" })];
}
