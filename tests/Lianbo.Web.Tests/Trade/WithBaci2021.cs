namespace Lianbo.Web.Tests.Trade;

/// <summary>
/// One app with the BACI 2021 sample imported, as a class fixture for the tests that only read it: each would otherwise
/// start an app and import the sample of its own. Disposed, with its store, after the class.
/// </summary>
public sealed class WithBaci2021 : IAsyncDisposable
{
    private readonly Lazy<Task<LianboApp>> _app = new(async () =>
    {
        var app = await LianboApp.StartAsync();
        await TradeSamples.ImportBaci2021Async(app, CancellationToken.None);
        return app;
    });

    public Task<LianboApp> GetAsync() => _app.Value;

    public async ValueTask DisposeAsync()
    {
        if (_app.IsValueCreated)
        {
            await (await _app.Value).DisposeAsync();
        }
    }
}
