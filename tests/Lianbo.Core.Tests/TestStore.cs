using Lianbo.Core.Data;
using Npgsql;

namespace Lianbo.Core.Tests;

/// <summary>
/// A fresh, empty platform store for one test: a temporary SQLite file, or a new database on the PostgreSQL
/// server named by LIANBO_TEST_POSTGRES (the README's test command starts one). Without that variable the
/// PostgreSQL cases are skipped, with the reason.
/// </summary>
public sealed class TestStore : IAsyncDisposable
{
    public const string PostgresVariable = "LIANBO_TEST_POSTGRES";

    private readonly string? _postgresDatabase;

    private TestStore(LianboOptions options, string directory, string? postgresDatabase)
    {
        Options = options;
        Directory = directory;
        _postgresDatabase = postgresDatabase;
    }

    public LianboOptions Options { get; }
    public string Directory { get; }

    public static string ReferenceDirectory => Path.Combine(AppContext.BaseDirectory, "reference");

    /// <summary>The checkout the tests were built from (the folder of Lianbo.slnx), for tests that read its files.</summary>
    public static string RepositoryDirectory
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Lianbo.slnx")))
            {
                directory = directory.Parent;
            }

            return directory?.FullName ?? throw new InvalidOperationException("The tests run outside the repository.");
        }
    }

    public static Task<TestStore> CreateAsync(string provider) => CreateAsync(provider, Path.GetTempPath());

    /// <summary>The same, with the state directory inside <paramref name="parent"/> (a <see cref="SmallDisk"/>, say).</summary>
    public static async Task<TestStore> CreateAsync(string provider, string parent)
    {
        var directory = Path.Combine(parent, "lianbo-test-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        var options = new LianboOptions { DataDirectory = directory };
        if (provider != DatabaseProvider.Postgres)
        {
            return new TestStore(options, directory, null);
        }

        var server = Environment.GetEnvironmentVariable(PostgresVariable);
        Assert.SkipWhen(string.IsNullOrEmpty(server), $"PostgreSQL tests need {PostgresVariable} (a connection string to a server); the README's test command sets it.");
        var database = "lianbo_test_" + Guid.NewGuid().ToString("N");
        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {database}", admin);
            await create.ExecuteNonQueryAsync();
        }

        options.Database = new DatabaseOptions
        {
            Provider = DatabaseProvider.Postgres,
            ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = database }.ToString(),
        };
        return new TestStore(options, directory, database);
    }

    /// <summary>
    /// A second web node's store: its own state directory over the same platform store (the same SQLite file or
    /// PostgreSQL database), which stays the first store's to remove.
    /// </summary>
    public static TestStore Sharing(TestStore first)
    {
        var directory = Path.Combine(Path.GetTempPath(), "lianbo-test-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        var connection = first.Options.Database.ConnectionString
            ?? new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder { DataSource = Path.Combine(first.Directory, "lianbo.db") }.ToString();
        var options = new LianboOptions
        {
            DataDirectory = directory,
            Database = new DatabaseOptions { Provider = first.Options.Database.Provider, ConnectionString = connection },
        };
        return new TestStore(options, directory, null);
    }

    /// <summary>A copy of the shipped reference files inside this store's directory, for a test to change.</summary>
    public string CopyReference()
    {
        var directory = System.IO.Directory.CreateDirectory(Path.Combine(Directory, "reference")).FullName;
        // With the folders in it (hs-correlations holds UNSD's tables).
        foreach (var file in System.IO.Directory.GetFiles(ReferenceDirectory, "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(directory, Path.GetRelativePath(ReferenceDirectory, file));
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy, overwrite: true);
        }

        return directory;
    }

    public LianboDbContext CreateContext() => DatabaseProvider.CreateContext(Options);

    public async Task<LianboDbContext> MigratedContextAsync()
    {
        var db = CreateContext();
        await DatabaseProvider.MigrateAsync(db);
        return db;
    }

    public static string ChainsDirectory => Path.Combine(AppContext.BaseDirectory, "chains");

    /// <summary>A migrated store with the shipped reference data and chains loaded, as the first start leaves it.</summary>
    public async Task<LianboDbContext> PreparedContextAsync()
    {
        var db = await MigratedContextAsync();
        await new Lianbo.Core.Reference.ReferenceLoader(db).LoadAsync(ReferenceDirectory);
        await new Lianbo.Core.Chains.ChainStore(db).LoadShippedAsync(ChainsDirectory);
        return db;
    }

    public async ValueTask DisposeAsync()
    {
        if (_postgresDatabase is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(Environment.GetEnvironmentVariable(PostgresVariable));
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_postgresDatabase} WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }
}
