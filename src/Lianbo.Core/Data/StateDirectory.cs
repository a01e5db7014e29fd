namespace Lianbo.Core.Data;

/// <summary>
/// What an install writes (databases, keys, mail) lives in its state directory, never beside the files the
/// product ships. Installs made before the two were apart kept their state in <c>./data/</c>; their files move
/// once, on the first start that finds them there.
/// </summary>
public static class StateDirectory
{
    /// <summary>The state directory of an install that sets none: <c>var/</c> under the working directory.</summary>
    public const string Default = "var";

    /// <summary>Where installs kept their state before it moved apart from the shipped data.</summary>
    public const string Legacy = "data";

    // Everything an install of that time wrote into ./data/ (the rest of that folder is what the product ships).
    private static readonly string[] StateEntries =
    [
        "lianbo.db", "lianbo.db-wal", "lianbo.db-shm", "lianbo.db-journal", "trade.duckdb", "trade.duckdb.wal", "mail", "parquet", "keys",
    ];

    /// <summary>A size as people read it on a disk: 512 MB, 3.2 GB.</summary>
    public static string Describe(long bytes) => bytes switch
    {
        >= 1L << 30 => string.Create(System.Globalization.CultureInfo.CurrentCulture, $"{bytes / (double)(1L << 30):0.#} GB"),
        >= 1L << 20 => string.Create(System.Globalization.CultureInfo.CurrentCulture, $"{bytes / (double)(1L << 20):0.#} MB"),
        _ => string.Create(System.Globalization.CultureInfo.CurrentCulture, $"{bytes / 1024.0:0.#} KB"),
    };

    /// <summary>Creates the state directory, open to its owner only: it holds password hashes and personal data.</summary>
    public static DirectoryInfo Create(string path) =>
        OperatingSystem.IsWindows()
            ? Directory.CreateDirectory(path)
            : Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

    /// <summary>
    /// Moves a legacy install's state from <paramref name="legacyDirectory"/> into <paramref name="stateDirectory"/>
    /// when the state directory holds no store yet; returns the names moved (none when there was nothing to move).
    /// Key files of <paramref name="leakedKeys"/> stay behind: they were published and must not follow the install.
    /// </summary>
    public static IReadOnlyList<string> MoveLegacyState(string stateDirectory, string legacyDirectory, IReadOnlyCollection<Guid> leakedKeys)
    {
        var target = Path.GetFullPath(stateDirectory);
        var source = Path.GetFullPath(legacyDirectory);
        if (string.Equals(target, source, StringComparison.Ordinal)
            || !File.Exists(Path.Combine(source, "lianbo.db")) && !File.Exists(Path.Combine(source, "trade.duckdb"))
            || File.Exists(Path.Combine(target, "lianbo.db")) || File.Exists(Path.Combine(target, "trade.duckdb")))
        {
            return [];
        }

        Create(target);
        var moved = new List<string>();
        foreach (var name in StateEntries)
        {
            var from = Path.Combine(source, name);
            var to = Path.Combine(target, name);
            if (File.Exists(from) && !File.Exists(to))
            {
                File.Move(from, to);
                moved.Add(name);
            }
            else if (Directory.Exists(from))
            {
                MoveDirectory(from, to, name == "keys" ? leakedKeys.Select(id => $"key-{id:D}.xml").ToHashSet(StringComparer.OrdinalIgnoreCase) : []);
                moved.Add(name + "/");
            }
        }

        return moved;
    }

    // File by file, so that a folder already present in the state directory is merged into, never replaced.
    private static void MoveDirectory(string from, string to, HashSet<string> leave)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            if (leave.Contains(Path.GetFileName(file)))
            {
                continue;
            }

            var destination = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            if (!File.Exists(destination))
            {
                File.Move(file, destination);
            }
        }
    }
}
