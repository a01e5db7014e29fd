using Lianbo.Core.Data;
using Lianbo.Core.Tests;

namespace Lianbo.Cli.Tests;

/// <summary>A fresh store (see <see cref="TestStore"/>) and a way to run <c>lianbo</c> commands on it.</summary>
public sealed class CliStore(TestStore store) : IAsyncDisposable
{
    public static async Task<CliStore> CreateAsync(string provider = DatabaseProvider.Sqlite) => new(await TestStore.CreateAsync(provider));

    public LianboOptions Options => store.Options;

    public string DataDirectory => store.Directory;

    /// <summary>Runs a command on this store; every setting is given, so the environment cannot change which store.</summary>
    public Task<CliResult> RunAsync(params string[] args) => RunWithInputAsync("", args);

    public Task<CliResult> RunInCultureAsync(string culture, params string[] args) => RunWithInputAsync(culture, "", args);

    public Task<CliResult> RunWithInputAsync(string input, params string[] args) => RunWithInputAsync("en", input, args);

    private Task<CliResult> RunWithInputAsync(string culture, string input, string[] args) =>
        Cli.RunWithInputAsync(culture, input, [.. args, "--data-dir", DataDirectory, "--db-provider", Options.Database.Provider, "--db-connection", Options.Database.ConnectionString ?? ""]);

    public LianboDbContext Open() => store.CreateContext();

    public string CopyReference() => store.CopyReference();

    public ValueTask DisposeAsync() => store.DisposeAsync();
}
