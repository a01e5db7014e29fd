using Lianbo.Core.Chains;
using Lianbo.Trade.InputOutput;

namespace Lianbo.Web.Reports;

public sealed partial class ReportAssembler
{
    /// <summary>The analysis of the newest world input–output table, read once per report (null when none is loaded).</summary>
    private IoAnalysis? _io;
    private bool _ioRead;

    /// <summary>
    /// A chain through the world input–output table: the industries linked to its stages (the editable map), their world
    /// output and value added, China's share, the five countries adding most value, and the output-weighted upstreamness.
    /// </summary>
    private async Task InputOutputAsync(ChainDefinition chain, Numbering chapter, List<ReportBlock> blocks, CancellationToken ct)
    {
        if (!_ioRead)
        {
            _ioRead = true;
            _io = await io.DefaultAsync(ct) is { } key ? await io.AnalysisAsync(key) : null;
        }

        var id = $"ch3-{chain.Id}-io";
        if (_io is null)
        {
            blocks.Add(new MissingNote(id, Missing(T("Report.Io.What")), "lianbo io import --year 2011"));
            return;
        }

        if (IoChainView.Of(_io, chain.Id) is not { } view)
        {
            return;
        }

        var names = IoSectors.NamesFor(_io.Table).ToDictionary(s => s.Code, s => s.Label(Zh), StringComparer.Ordinal);
        var source = new SourceLine(T("Report.Io.Source", view.Source, view.Release, view.Year), Generated: false);
        var usd = (double millions) => Display.Usd(millions * 1e6);
        List<IReadOnlyList<string>> rows =
        [
            [T("Report.Io.Industries"), List(view.Sectors.Select(s => names.GetValueOrDefault(s, s)))],
            [T("Report.Io.Output"), usd(view.GrossOutput)],
            [T("Report.Io.ValueAdded"), usd(view.ValueAdded)],
            [T("Report.Io.ChinaShare"), view.ChinaValueAddedShare is { } china ? Percent(china) : "–"],
            [T("Report.Io.TopCountries"), List(view.TopCountries.Select(c => $"{CountryName(c.Country)} {Percent(c.Share)}"))],
            [T("Report.Io.Upstreamness"), view.Upstreamness?.ToString("0.00", Culture) ?? "–"],
        ];
        blocks.Add(Table(chapter, id, T("Report.Io.Caption", Zh ? chain.NameZh : chain.NameEn, view.Year),
            [new(T("Report.Io.Measure")), new(T("Report.Io.Value"))], rows, source));
    }
}
