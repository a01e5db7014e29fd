using Lianbo.Trade.Indices;
using Lianbo.Trade.Queries;
using Markdig;

namespace Lianbo.Web.Reports;

public sealed partial class ReportAssembler
{
    private static readonly MarkdownPipeline Markdown = new MarkdownPipelineBuilder().UsePipeTables().Build();

    /// <summary>
    /// Chapter 6: the methods and licences (a curated text in each language, shipped inside the program), then what this
    /// build read: every trade dataset, input–output table and index, with its import or build time.
    /// </summary>
    private async Task<ReportChapter> AppendixAsync(ReportRequest request, CancellationToken ct)
    {
        var blocks = new List<ReportBlock> { new Prose(Markdig.Markdown.ToHtml(ReportResources.Text($"appendix-{request.Lang}.md"), Markdown)) };
        var chapter = new Numbering(6);
        var datasets = (await new TradeQueries(trade).YearsAsync(ct))
            .OrderBy(d => d.Source, StringComparer.Ordinal).ThenBy(d => d.Revision, StringComparer.Ordinal).ThenBy(d => d.Year).ToList();
        var rows = new List<IReadOnlyList<string>>();
        foreach (var group in datasets.GroupBy(d => (d.Source, d.Revision, d.Generated, d.HasProducts)))
        {
            var years = group.Select(d => d.Year).Order().ToList();
            rows.Add([group.Key.Source, group.Key.Revision, YearRange(years), Number(group.Sum(d => (double)d.Rows)),
                group.Key.HasProducts ? T("Report.Appendix.Products") : T("Report.Appendix.Countries"),
                group.Key.Generated ? T("Report.Generated") : T("Report.Real")]);
        }

        foreach (var table in (await io.ListAsync(ct)).OrderBy(t => t.Key.Source, StringComparer.Ordinal).ThenBy(t => t.Key.Year))
        {
            rows.Add([table.Key.Source, table.Key.Release, table.Key.Year.ToString(Culture), Number(table.Cells),
                T("Report.Appendix.InputOutput", table.Countries, table.Sectors), T("Report.Real")]);
        }

        foreach (var index in (await new IndexStore(trade).ListAsync(ct)).OrderBy(i => i.Definition.Id, StringComparer.Ordinal))
        {
            var built = index.Years.Where(y => y.Countries > 0).Select(y => y.Year).Order().ToList();
            rows.Add([Zh ? index.Definition.NameZh : index.Definition.NameEn, T("Report.Appendix.IndexBuild", index.Draws, index.Seed), YearRange(built),
                Number(index.Years.Sum(y => (double)y.Countries)), T("Report.Appendix.Index"),
                index.Years.Any(y => y.Generated) ? T("Report.Generated") : T("Report.Real")]);
        }

        blocks.Add(new Heading("ch6-data", "A.8", T("Report.Appendix.DataSection")));
        blocks.Add(rows.Count == 0
            ? new MissingNote("ch6-no-data", Missing(T("Report.Appendix.DataWhat")), "lianbo data load open")
            : Table(chapter, "ch6-data-table", T("Report.Appendix.DataCaption"),
                [new(T("Report.Source")), new(T("Report.Appendix.Revision")), new(T("Report.Appendix.Years")), new(T("Report.Appendix.Rows"), true),
                 new(T("Report.Appendix.Kind")), new(T("Report.Appendix.Nature"))], rows,
                new SourceLine(T("Report.Appendix.DataSource"), datasets.Any(d => d.Generated))));
        blocks.Add(new Paragraph(T("Report.Appendix.Options", request.Year, request.Edition?.ToString(Culture) ?? T("Report.Appendix.EditionOfYear"), request.Lang)));
        return new ReportChapter("ch6", 6, T("Report.Chapter.Appendix"), blocks);
    }

    private static string YearRange(IReadOnlyList<int> years) => years.Count switch
    {
        0 => "–",
        1 => years[0].ToString(Culture),
        _ => $"{years[0].ToString(Culture)}–{years[^1].ToString(Culture)}",
    };
}
