namespace Lianbo.Web.Reports;

public enum ReportFormat
{
    Html,
    Pdf,
}

/// Lang is "zh" or "en". Edition null = the edition whose StartsOn.Year == Year, if any.
public sealed record ReportRequest(int Year, int? Edition, string Lang, ReportFormat Format);

/// Html is always produced (it is the preview); Pdf only for ReportFormat.Pdf.
public sealed record ReportOutput(byte[] Html, byte[]? Pdf);

/// StepKey is a SharedResource key naming the step (you add the keys: Report.Step.Indices, .Chains, .Scenarios,
/// .Expo, .Appendix, .Render, .Print, .Done, .Queued — en and zh).
public sealed record ReportProgress(int Percent, string StepKey);

public interface IReportBuilder
{
    Task<ReportOutput> BuildAsync(ReportRequest request, IProgress<ReportProgress> progress, CancellationToken cancellationToken);
}
