using System.CommandLine;
using System.CommandLine.Invocation;
using System.Reflection;
using System.Text.RegularExpressions;
using Lianbo.Cli.Commands;
using Lianbo.Core.Data;
using Lianbo.Core.Files;

namespace Lianbo.Cli;

/// <summary>The <c>lianbo</c> command, callable in-process with any output writers (tests capture them).</summary>
public static partial class CliApp
{
    public const int UserError = 2;

    // What a shell expects of a program stopped by Ctrl+C (128 + SIGINT), and what System.CommandLine returns then.
    public const int Interrupted = 130;

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken ct = default) =>
        await RunAsync(args, Console.In, stdout, stderr, ct);

    /// <summary>With the standard input given too (for commands that read a password from it).</summary>
    public static async Task<int> RunAsync(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr, CancellationToken ct = default)
    {
        // Exceptions reach us instead of System.CommandLine's handler, which prints a stack trace.
        var invocation = new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false };
        try
        {
            Input.Value = stdin;
            return await CreateRootCommand().Parse(args).InvokeAsync(invocation, ct);
        }
        catch (Exception e) when (e is ConfigurationException or DataFileException)
        {
            // Their messages already name the setting, or the file and line, to fix.
            await stderr.WriteLineAsync(e.Message);
            return UserError;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException)
        {
            // A file or folder named on the command line that is not there, or may not be opened: the user's to fix, in one line.
            await stderr.WriteLineAsync(CliText.Format(e is UnauthorizedAccessException ? "PathDenied" : "PathNotFound", PathOf(e)));
            return UserError;
        }
        catch (OperationCanceledException e) when (e.CancellationToken.IsCancellationRequested)
        {
            // Ctrl+C: the work stopped where it was told to (the reference load's transaction rolls back).
            return Interrupted;
        }
    }

    // .NET names the path in its message ("Could not find a part of the path '/x/y'."), and a missing file as FileName too.
    private static string PathOf(Exception e) =>
        (e as FileNotFoundException)?.FileName ?? (QuotedPath().Match(e.Message) is { Success: true } m ? m.Groups[1].Value : e.Message);

    [GeneratedRegex("'([^']+)'")]
    private static partial Regex QuotedPath();

    // The standard input of the current run; flows with the run, so parallel in-process runs keep their own.
    internal static readonly AsyncLocal<TextReader> Input = new();

    // Built per run: descriptions follow the current UI culture, and parallel runs share no symbols.
    private static RootCommand CreateRootCommand()
    {
        var global = new GlobalOptions();
        var root = new RootCommand(CliText.Format("RootDescription"))
        {
            DbCommands.Create(global),
            ReferenceCommands.Create(global),
            GroupsCommands.Create(global),
            ChainsCommands.Create(global),
            ScenarioCommands.Create(global),
            ReportCommands.Create(global),
            DemoCommands.Create(global),
            UsersCommands.Create(global),
            KeysCommands.Create(global),
            AuditCommands.Create(global),
            ServeCommand.Create(global),
            TradeCommands.Create(global),
            IoCommands.Create(global),
            IndexCommands.Create(global),
            DataCommands.Create(global),
            MatchCommands.Create(global),
            ScheduleCommands.Create(global),
        };
        foreach (var option in global.All)
        {
            root.Options.Add(option);
        }

        root.Options.OfType<VersionOption>().Single().Action = new PrintVersion();
        return root;
    }

    // The default prints the entry assembly's version, which in-process callers (tests) do not share.
    private sealed class PrintVersion : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            var assembly = typeof(CliApp).Assembly;
            parseResult.InvocationConfiguration.Output.WriteLine(
                assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? assembly.GetName().Version?.ToString());
            return 0;
        }
    }
}
