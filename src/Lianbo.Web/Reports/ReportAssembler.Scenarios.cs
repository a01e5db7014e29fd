namespace Lianbo.Web.Reports;

public sealed partial class ReportAssembler
{
    private Task<ReportChapter> ScenariosAsync(int year, Numbering.Chapter chapter, CancellationToken ct)
    {
        var blocks = new List<ReportBlock>
        {
            new Paragraph(T("Report.Scenarios.Intro")),
            new MissingNote("ch4-no-marks", T("Report.Scenarios.None", year), $"lianbo report mark RUN --year {year}"),
        };
        return Task.FromResult(new ReportChapter("ch4", chapter.Number, T("Report.Chapter.Scenarios"), blocks));
    }
}

