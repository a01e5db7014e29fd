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

    private Task InputOutputAsync(Core.Chains.ChainDefinition chain, Numbering.Chapter chapter, List<ReportBlock> blocks, CancellationToken ct) => Task.CompletedTask;
}

public sealed partial class ReportAssembler
{
    private Task ExpoActivitiesAsync(Core.Expo.Edition edition, Numbering.Chapter chapter, List<ReportBlock> blocks, SourceLine source, CancellationToken ct) => Task.CompletedTask;
}
