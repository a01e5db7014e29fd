using System.Collections.Concurrent;

namespace Lianbo.Web.Tests;

/// <summary>
/// One app per database provider for the tests of a class that only read what a first start leaves (reference data,
/// chains, presets) and write nothing another test of the class reads: they may share it instead of starting one each
/// (an app start is a store copy, a host and its stores' checks, most of a short test's time). Use it as a class fixture;
/// the tests of one class never run at once, and each app is disposed, with its store, after the class.
/// </summary>
public sealed class SharedApps : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<Task<LianboApp>>> _apps = new();

    public Task<LianboApp> GetAsync(string provider = Lianbo.Core.Data.DatabaseProvider.Sqlite) =>
        _apps.GetOrAdd(provider, p => new Lazy<Task<LianboApp>>(() => LianboApp.StartAsync(p))).Value;

    public async ValueTask DisposeAsync()
    {
        foreach (var app in _apps.Values.Where(a => a.IsValueCreated))
        {
            await (await app.Value).DisposeAsync();
        }
    }
}
