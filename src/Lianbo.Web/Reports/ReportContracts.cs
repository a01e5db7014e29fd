namespace Lianbo.Web.Reports;

public enum ReportFormat { Html, Pdf }

/// <summary>Lang is "zh" or "en". Edition null = the edition whose StartsOn.Year == Year, if any.</summary>
public sealed record ReportRequest(int Year, int? Edition, string Lang, ReportFormat Format);

/// <summary>Html is always produced (it is the preview); Pdf only for <see cref="ReportFormat.Pdf"/>.</summary>
public sealed record ReportOutput(byte[] Html, byte[]? Pdf);

/// <summary>
/// StepKey is a SharedResource key naming the step (Report.Step.Indices, .Chains, .Scenarios, .Expo, .Appendix, .Render,
/// .Print, .Done, .Queued).
/// </summary>
public sealed record ReportProgress(int Percent, string StepKey);

public interface IReportBuilder
{
    Task<ReportOutput> BuildAsync(ReportRequest request, IProgress<ReportProgress> progress, CancellationToken cancellationToken);
}
