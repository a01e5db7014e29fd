using System.ComponentModel.DataAnnotations;

namespace Lianbo.Core.Data;

/// <summary>The "Lianbo" configuration section.</summary>
public sealed class LianboOptions
{
    public const string Section = "Lianbo";

    /// <summary>
    /// The state directory: what this install writes (SQLite and DuckDB files, keys, mail), never what Lianbo
    /// ships; relative to the working directory. The name is kept from before the two were apart.
    /// </summary>
    [Required]
    public string DataDirectory { get; set; } = StateDirectory.Default;

    /// <summary>Where the shipped reference files are; by default the copy beside the program.</summary>
    public string? ReferenceDirectory { get; set; }

    /// <summary>Where the shipped chain files are; by default the copy beside the program.</summary>
    public string? ChainsDirectory { get; set; }

    /// <summary>Where the shipped scenario presets are; by default the copy beside the program.</summary>
    public string? ScenariosDirectory { get; set; }

    public DatabaseOptions Database { get; set; } = new();

    /// <summary>Load the demo editions when the web app starts on a fresh platform store (one it had to create).</summary>
    public bool LoadDemoOnFreshStore { get; set; } = true;

    /// <summary>
    /// Load the shipped open data (indicator series, the 1964–2016 trade panel) into the trade store when the web app
    /// starts and its files changed since the last load (by checksum), then build the indices, so that a fresh install
    /// shows them on real data; off, `lianbo data load open` does it.
    /// </summary>
    public bool LoadOpenData { get; set; } = true;

    public string ResolvedChainsDirectory =>
        ChainsDirectory is { Length: > 0 } dir ? Path.GetFullPath(dir) : Path.Combine(AppContext.BaseDirectory, "chains");

    public string ResolvedScenariosDirectory =>
        ScenariosDirectory is { Length: > 0 } dir ? Path.GetFullPath(dir) : Path.Combine(AppContext.BaseDirectory, "scenarios");

    public string ResolvedReferenceDirectory =>
        ReferenceDirectory is { Length: > 0 } dir ? Path.GetFullPath(dir) : Path.Combine(AppContext.BaseDirectory, "reference");
}

public sealed class DatabaseOptions
{
    /// <summary><c>sqlite</c> (embedded default) or <c>postgres</c>.</summary>
    public string Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>For SQLite, defaults to <c>Data Source={DataDirectory}/lianbo.db</c>; required for PostgreSQL.</summary>
    public string? ConnectionString { get; set; }
}
