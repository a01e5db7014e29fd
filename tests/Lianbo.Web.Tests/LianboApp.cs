using Lianbo.Core.Data;
using Lianbo.Core.Tests;
using Lianbo.Web.Platform;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Hosting;

namespace Lianbo.Web.Tests;

/// <summary>The whole web app over a real, fresh store (SQLite file or PostgreSQL database), prepared as at start-up.</summary>
public sealed class LianboApp(TestStore store) : WebApplicationFactory<Program>
{
    public static async Task<LianboApp> StartAsync(string provider = DatabaseProvider.Sqlite) =>
        new(await TestStore.CreateAsync(provider));

    public TestStore Store { get; } = store;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
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
