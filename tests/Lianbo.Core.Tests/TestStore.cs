using Lianbo.Core.Data;
using Microsoft.EntityFrameworkCore;
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
    public static Task<TestStore> CreateAsync(string provider, string parent) => CreateAsync(provider, parent, template: null);

    private static async Task<TestStore> CreateAsync(string provider, string parent, string? template)
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
            await using var create = new NpgsqlCommand($"CREATE DATABASE {database}" + (template is null ? "" : $" TEMPLATE {template}"), admin);
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
    /// A store as a first start leaves it (migrated, the shipped reference data and chains loaded), copied from one
    /// prepared once per test run: a copy of a SQLite file, or a PostgreSQL database created from a template. Loading
    /// the reference data costs seconds, and a web test run starts a few hundred apps; a start on such a store finds
    /// everything loaded and unchanged, as a restart does.
    /// </summary>
    public static async Task<TestStore> CreatePreparedAsync(string provider)
    {
        var template = provider == DatabaseProvider.Postgres && string.IsNullOrEmpty(Environment.GetEnvironmentVariable(PostgresVariable))
            ? null // skipped below, with the reason
            : await Templates.GetOrAdd(provider, PrepareTemplateAsync).Value;
        var store = await CreateAsync(provider, Path.GetTempPath(), provider == DatabaseProvider.Postgres ? template : null);
        if (store._postgresDatabase is null)
        {
            File.Copy(template!, Path.Combine(store.Directory, "lianbo.db"));
        }

        return store;
    }

    // One template per provider and test process: a SQLite file's path, or a PostgreSQL database's name.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<Task<string>>> Templates = new();

    private static Lazy<Task<string>> PrepareTemplateAsync(string provider) => new(async () =>
    {
        var store = await CreateAsync(provider);
        var file = Path.Combine(Path.GetTempPath(), $"lianbo-template-{Guid.NewGuid():N}.db");
        await using (var db = await store.PreparedContextAsync())
        {
            if (store._postgresDatabase is null)
            {
                // One self-contained file (no journal beside it) outside the store, deleted when the run ends.
                var vacuum = "VACUUM INTO '" + file + "'";
                await db.Database.ExecuteSqlRawAsync(vacuum);
            }
        }

        if (store._postgresDatabase is null)
        {
            AppDomain.CurrentDomain.ProcessExit += (_, _) => File.Delete(file);
            await store.DisposeAsync();
            return file;
        }

        // A database is created from a template only while nobody is connected to it; the template stays for the run.
        // (The pool is the product's: its connection string, with the defaults the product adds.)
        await using (var product = DatabaseProvider.CreateContext(store.Options))
        {
            NpgsqlConnection.ClearPool(new NpgsqlConnection(product.Database.GetConnectionString()));
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) => store.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return store._postgresDatabase;
    });

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
