namespace Lianbo.Web.Reports;

/// <summary>The report's style sheet and appendix texts, embedded in the assembly (Reports/Text/).</summary>
internal static class ReportResources
{
    public static string Text(string name)
    {
        using var stream = typeof(ReportResources).Assembly.GetManifestResourceStream("Lianbo.Web.Reports." + name)
            ?? throw new InvalidOperationException($"The report resource {name} is not embedded in Lianbo.Web.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
