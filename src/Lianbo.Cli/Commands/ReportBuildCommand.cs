using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Lianbo.Core.Data;
using Lianbo.Trade.Store;
using Lianbo.Web.Chains;
using Lianbo.Web.InputOutput;
using Lianbo.Web.Platform;
using Lianbo.Web.Reports;
using Microsoft.Extensions.DependencyInjection;

namespace Lianbo.Cli.Commands;

/// <summary>
/// <c>lianbo report build --year Y [--edition N] --lang zh|en --format html|pdf --out FILE</c>: the annual report from
/// this install's stores, through the web app's own builder (<see cref="ReportBuilder"/>), written to a file.
/// </summary>
internal static class ReportBuildCommand
{
    public static Command Create(GlobalOptions global)
    {
        var year = new Option<int>("--year") { Description = CliText.Format("ReportYearOption"), HelpName = "YEAR", Required = true };
        var edition = new Option<int?>("--edition") { Description = CliText.Format("ReportEditionOption"), HelpName = "N" };
        var lang = new Option<string>("--lang") { Description = CliText.Format("ReportLangOption"), HelpName = "zh|en", DefaultValueFactory = _ => "zh" };
        var format = new Option<string>("--format") { Description = CliText.Format("ReportFormatOption"), HelpName = "html|pdf", DefaultValueFactory = _ => "pdf" };
        var output = new Option<string>("--out") { Description = CliText.Format("ReportOutOption"), HelpName = "FILE", Required = true };
        var command = new Command("build", CliText.Format("ReportBuildDescription")) { year, edition, lang, format, output };
        command.SetAction((result, ct) => TradeCommands.RunAsync(global, result, async trade =>
        {
            var error = result.InvocationConfiguration.Error;
            var (language, kind) = (result.GetValue(lang)!.Trim().ToLowerInvariant(), result.GetValue(format)!.Trim().ToLowerInvariant());
            if (!ReportBuilder.Languages.Contains(language))
            {
                await error.WriteLineAsync(CliText.Format("ReportBadLang", language));
                return CliApp.UserError;
            }

            if (kind is not ("html" or "pdf"))
            {
                await error.WriteLineAsync(CliText.Format("ReportBadFormat", kind));
                return CliApp.UserError;
            }

            if (result.GetValue(year) is < ReportBuilder.FirstYear or > ReportBuilder.LastYear)
            {
                await error.WriteLineAsync(CliText.Format("ReportBadYear", result.GetValue(year), ReportBuilder.FirstYear, ReportBuilder.LastYear));
                return CliApp.UserError;
            }

            // The platform store as `serve` leaves it (migrated, reference data and chains loaded), then the web app's services.
            await (await ScenarioCommands.OpenAsync(global, result, ct, error)).DisposeAsync();
            var configuration = global.Configuration(result);
            var services = new ServiceCollection().AddLogging().AddSingleton(configuration).AddSingleton(TimeProvider.System).AddSingleton(trade);
            services.AddLianboStore(configuration);
            services.AddLianboLocalization();
            services.AddScoped<Lianbo.Core.Accounts.AuditLog>();
            services.AddScoped<ChainPanoramaData>();
            services.AddLianboInputOutput();
            services.AddLianboReports();
            await using var provider = services.BuildServiceProvider();
            if (result.GetValue(edition) is { } number)
            {
                await using var scope = provider.CreateAsyncScope();
                if (!scope.ServiceProvider.GetRequiredService<LianboDbContext>().Editions.Any(e => e.Number == number))
                {
                    await error.WriteLineAsync(CliText.Format("ReportNoEdition", number));
                    return CliApp.UserError;
                }
            }

            var request = new ReportRequest(result.GetValue(year), result.GetValue(edition), language, kind == "pdf" ? ReportFormat.Pdf : ReportFormat.Html);
            var clock = Stopwatch.StartNew();
            // Written at once, in order: Progress<T> would post to the thread pool and could write after the command ended.
            var steps = new TradeCommands.Relay<ReportProgress>(p => error.WriteLine(CliText.Format("ReportProgress", p.Percent, Lianbo.Web.Display.Text(p.StepKey))));
            ReportOutput built;
            try
            {
                built = await provider.GetRequiredService<IReportBuilder>().BuildAsync(request, steps, ct);
            }
            catch (ReportPrintException e)
            {
                await error.WriteLineAsync(e.Message);
                return CliApp.UserError;
            }

            var path = Path.GetFullPath(result.GetValue(output)!);
            var bytes = built.Pdf ?? built.Html;
            await File.WriteAllBytesAsync(path, bytes, ct);
            await result.InvocationConfiguration.Output.WriteLineAsync(CliText.Format("ReportBuilt", path, (bytes.Length / 1024.0).ToString("N0", CultureInfo.CurrentCulture),
                clock.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.CurrentCulture)));
            return 0;
        }));
        return command;
    }
}
