using System.Diagnostics;
using System.Text.Json;

namespace Lianbo.Trade.Tests.Reference;

/// <summary>
/// Runs Reference/trade_reference.py with Debian's Python (/usr/bin/python3, where python3-networkx, python3-igraph
/// and python3-pandas install; the python3 first on PATH may be another interpreter). Skips the test, saying why,
/// when that Python lacks them; the README's test command installs them.
/// </summary>
public static class PythonReference
{
    public const string Python = "/usr/bin/python3";

    private static readonly Lazy<string?> Missing = new(() =>
    {
        if (!File.Exists(Python))
        {
            return $"{Python} is not installed";
        }

        var (code, _, error) = Run("-c", "import networkx, igraph, pandas");
        return code == 0 ? null : $"{Python} cannot import networkx, igraph and pandas ({error.Trim().Split('\n')[^1]})";
    });

    public static JsonElement Metrics(params string[] args)
    {
        Assert.SkipWhen(Missing.Value is not null,
            $"The networkx/igraph reference needs Debian's python3-networkx, python3-igraph and python3-pandas: {Missing.Value}. ./test.sh installs them.");
        var (code, output, error) = Run([Path.Combine(AppContext.BaseDirectory, "Reference", "trade_reference.py"), .. args]);
        Assert.True(code == 0, $"trade_reference.py failed ({code}): {error}");
        return JsonDocument.Parse(output).RootElement;
    }

    private static readonly Lazy<string?> MissingNumpy = new(() =>
    {
        if (!File.Exists(Python))
        {
            return $"{Python} is not installed";
        }

        var (code, _, error) = Run("-c", "import numpy, pandas");
        return code == 0 ? null : $"{Python} cannot import numpy and pandas ({error.Trim().Split('\n')[^1]})";
    });

    /// <summary>Runs Reference/complexity_reference.py (numpy and pandas): economic complexity and dependencies.</summary>
    public static JsonElement Complexity(params string[] args)
    {
        Assert.SkipWhen(MissingNumpy.Value is not null,
            $"The numpy/pandas reference needs Debian's python3-numpy and python3-pandas: {MissingNumpy.Value}. ./test.sh installs them.");
        var (code, output, error) = Run([Path.Combine(AppContext.BaseDirectory, "Reference", "complexity_reference.py"), .. args]);
        Assert.True(code == 0, $"complexity_reference.py failed ({code}): {error}");
        return JsonDocument.Parse(output).RootElement;
    }

    internal static (int Code, string Output, string Error) Run(params string[] args)
    {
        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output, error.Result);
    }
}
