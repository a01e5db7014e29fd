using System.Globalization;
using Lianbo.Core.Chains;
using Lianbo.Core.Data;
using Lianbo.Core.Expo;
using Lianbo.Core.Reference;
using Lianbo.Trade.Store;
using Lianbo.Web.Chains;
using Lianbo.Web.InputOutput;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Lianbo.Web.Reports;

/// <summary>
/// Reads the stores into a <see cref="ReportDocumentModel"/> in the report's language: the indices, the chains with
/// their trade, dependencies and input–output view, the scenarios marked for the year, the edition's figures and the
/// appendix; then the key findings written from those figures. Every list is sorted with an ordinal tiebreak, so the
/// same stores give the same document. A missing input becomes a <see cref="MissingNote"/> in its chapter.
/// Runs with the report's culture as the current culture (set by <see cref="ReportBuilder"/>).
/// </summary>
public sealed partial class ReportAssembler(
    LianboDbContext db, TradeStore trade, ChainStore chains, ChainPanoramaData panorama, IoService io, EditionStatistics statistics,
    Core.Reports.ReportStore reports, IStringLocalizer<SharedResource> localizer, TimeProvider clock)
{
    private static CultureInfo Culture => CultureInfo.CurrentCulture;
    private static bool Zh => CultureInfo.CurrentUICulture.IsChinese();

    /// <summary>A report text in the current language.</summary>
    private string T(string key, params object[] args) => localizer[key, args];

    /// <summary>Country names in the report's language and ISO numeric codes for maps, by ISO3.</summary>
    private Dictionary<string, (string Name, string Numeric)> _countries = [];

    public async Task<ReportDocumentModel> AssembleAsync(ReportRequest request, IProgress<ReportProgress> progress, CancellationToken ct)
    {
        _countries = await db.Countries.AsNoTracking()
            .Select(c => new { c.Iso3, c.Numeric, c.NameEn, c.NameZh }).ToDictionaryAsync(
                c => c.Iso3, c => (Zh ? c.NameZh : c.NameEn, c.Numeric.ToString("000", CultureInfo.InvariantCulture)), StringComparer.Ordinal, ct);
        var edition = await EditionAsync(request, ct);

        progress.Report(new ReportProgress(10, "Report.Step.Indices"));
        var indices = await IndicesAsync(request.Year, new Numbering(2), ct);
        progress.Report(new ReportProgress(30, "Report.Step.Chains"));
        var chainChapter = await ChainsAsync(request.Year, new Numbering(3), ct);
        progress.Report(new ReportProgress(45, "Report.Step.Scenarios"));
        var scenarios = await ScenariosAsync(request.Year, new Numbering(4), ct);
        progress.Report(new ReportProgress(55, "Report.Step.Expo"));
        var expo = await ExpoAsync(edition, new Numbering(5), ct);
        progress.Report(new ReportProgress(65, "Report.Step.Appendix"));
        var appendix = await AppendixAsync(request, ct);
        var findings = Findings(indices, chainChapter, expo);

        var title = T("Report.Title", request.Year);
        return new ReportDocumentModel(
            request.Lang, request.Year, title, T("Report.Subtitle"),
            edition is null ? null : T("Report.EditionLine", edition.Number, Display.Date(edition.StartsOn), Display.Date(edition.EndsOn)),
            edition is null ? null : Zh ? edition.ThemeZh : edition.ThemeEn,
            clock.GetUtcNow(), T("Report.Publisher"),
            [findings, indices.Chapter, chainChapter.Chapter, scenarios, expo.Chapter, appendix]);
    }

    private async Task<Edition?> EditionAsync(ReportRequest request, CancellationToken ct) =>
        request.Edition is { } number
            ? await db.Editions.AsNoTracking().FirstOrDefaultAsync(e => e.Number == number, ct)
            : (await db.Editions.AsNoTracking().Where(e => e.StartsOn.Year == request.Year).OrderBy(e => e.Number).ToListAsync(ct)).FirstOrDefault();

    private string CountryName(string iso3) => _countries.TryGetValue(iso3, out var c) ? c.Name : iso3;

    private Dictionary<string, double> ByNumeric(IEnumerable<(string Iso3, double Value)> values)
    {
        var map = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (iso3, value) in values)
        {
            if (_countries.TryGetValue(iso3, out var c))
            {
                map[c.Numeric] = value;
            }
        }

        return map;
    }

    private string List(IEnumerable<string> items) => string.Join(Zh ? "、" : ", ", items);

    private static string Percent(double share, int decimals = 1) => share.ToString("P" + decimals, Culture);

    private static string Number(double value, string format = "N0") => value.ToString(format, Culture);

    private string Missing(string what) => T("Report.Missing", what);

    /// <summary>A chapter's figures, tables and sections, numbered in the order they are made ("图3.2" / "Figure 3.2").</summary>
    private sealed class Numbering(int number)
    {
        private int _figures;
        private int _tables;
        private int _sections;

        public int Number => number;
        public string NextFigure() => $"{number}.{++_figures}";
        public string NextTable() => $"{number}.{++_tables}";
        public string NextSection() => $"{number}.{++_sections}";
    }

    private Figure Figure(Numbering chapter, string id, string caption, string svg, SourceLine source)
    {
        var number = chapter.NextFigure();
        return new Figure(id, T("Report.FigureLabel", number), caption, svg, source);
    }

    private Table Table(Numbering chapter, string id, string caption, IReadOnlyList<Column> columns, IReadOnlyList<IReadOnlyList<string>> rows, SourceLine source)
    {
        var number = chapter.NextTable();
        return new Table(id, T("Report.TableLabel", number), caption, columns, rows, source);
    }

    private Heading Section(Numbering chapter, string id, string text) => new(id, chapter.NextSection(), text);
}
