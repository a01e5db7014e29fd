namespace Lianbo.Web.Reports;

/// <summary>Settings of the annual report (section <c>Lianbo:Reports</c>).</summary>
public sealed class ReportOptions
{
    public const string Section = "Lianbo:Reports";

    /// <summary>The Chromium that prints PDF reports: Debian's by default (with fonts-noto-cjk for Chinese).</summary>
    public string Browser { get; set; } = "/usr/bin/chromium";
}
