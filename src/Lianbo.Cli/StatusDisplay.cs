using Spectre.Console;

namespace Lianbo.Cli;

/// <summary>Shows what long work is doing: a spinner on a terminal, plain lines anywhere else (pipes, logs, tests).</summary>
internal static class StatusDisplay
{
    public static async Task<T> RunAsync<T>(TextWriter output, string initial, Func<IProgress<string>, Task<T>> work)
    {
        if (!IsTerminal(output))
        {
            return await work(new Reporter(output.WriteLine));
        }

        return await AnsiConsole.Status().StartAsync(Markup.Escape(initial), status => work(new Reporter(m => status.Status(Markup.Escape(m)))));
    }

    // Only the process's own console can draw a spinner; a writer handed in (a test's) gets the plain lines.
    private static bool IsTerminal(TextWriter output) =>
        ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;

    // Reports at once, in order; Progress<T> would post to the thread pool and could report after the work ends.
    private sealed class Reporter(Action<string> report) : IProgress<string>
    {
        public void Report(string value) => report(value);
    }
}
