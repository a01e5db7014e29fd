using System.Globalization;
using System.Text;

namespace Lianbo.Web.Reports;

/// <summary>
/// Builds a report: the stores read into a document in the report's language (<see cref="ReportAssembler"/>), rendered to
/// one HTML file, and for a PDF printed by Chromium (<see cref="PdfPrinter"/>). Used by the job queue, the API and the CLI.
/// </summary>
public sealed class ReportBuilder(IServiceScopeFactory scopes, PdfPrinter printer) : IReportBuilder
{
    public static IReadOnlyList<string> Languages => Core.Reports.ReportStore.Languages;

    /// <summary>The years a report may be asked for.</summary>
    public const int FirstYear = Core.Reports.ReportStore.FirstYear, LastYear = Core.Reports.ReportStore.LastYear;

    public async Task<ReportOutput> BuildAsync(ReportRequest request, IProgress<ReportProgress> progress, CancellationToken cancellationToken)
    {
        if (!Languages.Contains(request.Lang))
        {
            throw new ArgumentException($"Unknown report language {request.Lang}", nameof(request));
        }

        var (culture, uiCulture) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo(request.Lang == "zh" ? "zh-CN" : "en");
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var model = await scope.ServiceProvider.GetRequiredService<ReportAssembler>().AssembleAsync(request, progress, cancellationToken);
            progress.Report(new ReportProgress(75, "Report.Step.Render"));
            var html = await ReportRenderer.RenderAsync(scope.ServiceProvider, model);
            byte[]? pdf = null;
            if (request.Format == ReportFormat.Pdf)
            {
                progress.Report(new ReportProgress(80, "Report.Step.Print"));
                pdf = await printer.PrintAsync(model, m => ReportRenderer.RenderAsync(scope.ServiceProvider, m), cancellationToken);
            }

            progress.Report(new ReportProgress(100, "Report.Step.Done"));
            return new ReportOutput(Encoding.UTF8.GetBytes(html), pdf);
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (culture, uiCulture);
        }
    }
}

public static class ReportServices
{
    /// <summary>The report builder and what it needs beyond the platform and trade stores the host registers.</summary>
    public static IServiceCollection AddLianboReports(this IServiceCollection services)
    {
        services.AddOptions<ReportOptions>().BindConfiguration(ReportOptions.Section);
        services.AddScoped<ReportAssembler>();
        services.AddSingleton<PdfPrinter>();
        services.AddSingleton<IReportBuilder, ReportBuilder>();
        return services;
    }
}
