using Lianbo.Core.Data;
using Lianbo.Core.Tests;
using Lianbo.Web.Platform;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Hosting;

namespace Lianbo.Web.Tests;

/// <summary>The whole web app over a real, fresh store (SQLite file or PostgreSQL database), prepared as at start-up.</summary>
public sealed class LianboApp(TestStore store, IReadOnlyDictionary<string, string>? settings = null) : WebApplicationFactory<Program>
{
    public static async Task<LianboApp> StartAsync(string provider = DatabaseProvider.Sqlite, IReadOnlyDictionary<string, string>? settings = null) =>
        new(await TestStore.CreateAsync(provider), settings);

    public TestStore Store { get; } = store;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // Tests make many requests from one address; the rate-limit test sets its own limits.
        foreach (var kind in new[] { "Login", "Register", "Token", "Search" })
        {
            builder.UseSetting($"Lianbo:RateLimits:{kind}PerMinute", "100000");
        }

        // The demo takes seconds to generate; the tests that want it ask for it.
        builder.UseSetting("Lianbo:LoadDemoOnFreshStore", "false");
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            builder.UseSetting(key, value);
        }

        builder.UseSetting("Lianbo:DataDirectory", Store.Options.DataDirectory);
        builder.UseSetting("Lianbo:Database:Provider", Store.Options.Database.Provider);
        builder.UseSetting("Lianbo:Database:ConnectionString", Store.Options.Database.ConnectionString);
    }

    protected override IHost CreateHost(IHostBuilder builder)
    {
        var host = base.CreateHost(builder);
        host.Services.InitialiseStoresAsync().GetAwaiter().GetResult();
        return host;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Store.DisposeAsync();
    }
}
