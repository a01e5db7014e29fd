using System.Diagnostics;
using System.Text.Json;

namespace Lianbo.Trade.Tests.Reference;

/// <summary>
/// Runs the reference scripts in Reference/ (trade_reference.py, complexity_reference.py, index_reference.py) with
/// Debian's Python (/usr/bin/python3, where python3-networkx, python3-igraph, python3-numpy and python3-pandas install;
/// the python3 first on PATH may be another interpreter). Skips the test, saying why, when that Python lacks them; the
/// README's test command installs them.
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

    public static JsonElement Metrics(params string[] args) =>
        Script("trade_reference.py", Missing, "The networkx/igraph reference needs Debian's python3-networkx, python3-igraph and python3-pandas", args);

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
    public static JsonElement Complexity(params string[] args) => Script("complexity_reference.py", MissingNumpy, NeedsNumpy, args);

    /// <summary>Runs Reference/index_reference.py (numpy and pandas): the connectivity indicators and index, and DHL breadth.</summary>
    public static JsonElement Index(params string[] args) => Script("index_reference.py", MissingNumpy, NeedsNumpy, args);

    private static readonly Lazy<string?> MissingScipy = new(() =>
    {
        if (!File.Exists(Python))
        {
            return $"{Python} is not installed";
        }

        var (code, _, error) = Run("-c", "import numpy, scipy, pandas");
        return code == 0 ? null : $"{Python} cannot import numpy, scipy and pandas ({error.Trim().Split('\n')[^1]})";
    });

    /// <summary>Runs Gravity/reference/gravity_reference.py (numpy, scipy, pandas): the structural-gravity reference.</summary>
    public static JsonElement Gravity(params string[] args)
    {
        Assert.SkipWhen(MissingScipy.Value is not null, $"The gravity reference needs Debian's python3-numpy, python3-scipy and python3-pandas: {MissingScipy.Value}. ./test.sh installs them.");
        var (code, output, error) = Run([Path.Combine(AppContext.BaseDirectory, "Gravity", "reference", "gravity_reference.py"), .. args]);
        Assert.True(code == 0, $"gravity_reference.py failed ({code}): {error}");
        return JsonDocument.Parse(output).RootElement;
    }

    /// <summary>Runs Scenarios/reference/exposure.py (numpy and pandas): scenario engine 1, product and chain exposure.</summary>
    public static JsonElement Exposure(params string[] args)
    {
        Assert.SkipWhen(MissingNumpy.Value is not null, $"{NeedsNumpy}: {MissingNumpy.Value}. ./test.sh installs them.");
        var (code, output, error) = Run([Path.Combine(AppContext.BaseDirectory, "Scenarios", "reference", "exposure.py"), .. args]);
        Assert.True(code == 0, $"exposure.py failed ({code}): {error}");
        return JsonDocument.Parse(output).RootElement;
    }

    private const string NeedsNumpy = "The numpy/pandas reference needs Debian's python3-numpy and python3-pandas";

    // Runs Reference/SCRIPT and parses its JSON; skipped, saying why, when Debian's Python lacks what the script imports.
    private static JsonElement Script(string script, Lazy<string?> missing, string needs, string[] args)
    {
        Assert.SkipWhen(missing.Value is not null, $"{needs}: {missing.Value}. ./test.sh installs them.");
        var (code, output, error) = Run([Path.Combine(AppContext.BaseDirectory, "Reference", script), .. args]);
        Assert.True(code == 0, $"{script} failed ({code}): {error}");
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
