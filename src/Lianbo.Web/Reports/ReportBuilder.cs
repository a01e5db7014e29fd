using System.Net;
using System.Text;

namespace Lianbo.Web.Reports;

/// <summary>
/// PLACEHOLDER until the report builder lands (issue 24): a small HTML page naming the year, and no PDF. Replaced by
/// the real builder, which ReportsApi.AddLianboReports registers in one line.
/// </summary>
internal sealed class PlaceholderReportBuilder : IReportBuilder
{
    public Task<ReportOutput> BuildAsync(ReportRequest request, IProgress<ReportProgress> progress, CancellationToken cancellationToken)
    {
        if (request.Format == ReportFormat.Pdf)
        {
            throw new NotSupportedException("The placeholder report builder makes no PDF.");
        }

        progress.Report(new ReportProgress(10, "Report.Step.Indices"));
        progress.Report(new ReportProgress(90, "Report.Step.Render"));
        var zh = request.Lang == "zh";
        var title = WebUtility.HtmlEncode(zh ? $"全球供应链促进报告 {request.Year}" : $"Global Supply Chain Promotion Report {request.Year}");
        var html = $"<!doctype html><html lang=\"{(zh ? "zh-Hans" : "en")}\"><head><meta charset=\"utf-8\"><title>{title}</title></head><body><h1>{title}</h1></body></html>";
        return Task.FromResult(new ReportOutput(Encoding.UTF8.GetBytes(html), null));
    }
}
