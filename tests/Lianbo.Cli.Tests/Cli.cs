using System.Globalization;

namespace Lianbo.Cli.Tests;

public sealed record CliResult(int ExitCode, string Out, string Error);

/// <summary>Runs <c>lianbo</c> in-process, in a given UI culture (English unless said), capturing both outputs.</summary>
public static class Cli
{
    public static Task<CliResult> RunAsync(params string[] args) => RunInCultureAsync("en", args);

    public static Task<CliResult> RunInCultureAsync(string culture, params string[] args) => RunWithInputAsync(culture, "", args);

    public static async Task<CliResult> RunWithInputAsync(string culture, string input, params string[] args)
    {
        // Set here, the culture flows into the run and ends with this method, so parallel tests do not see it.
        CultureInfo.CurrentUICulture = new CultureInfo(culture);
        using var stdout = new StringWriter(CultureInfo.InvariantCulture);
        using var stderr = new StringWriter(CultureInfo.InvariantCulture);
        using var stdin = new StringReader(input);
        var exitCode = await CliApp.RunAsync(args, stdin, stdout, stderr, TestContext.Current.CancellationToken);
        return new CliResult(exitCode, stdout.ToString(), stderr.ToString());
    }
}
