using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Lianbo.Core.Data;
using Lianbo.Core.Tests;
using Lianbo.Web.Platform;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Lianbo.Web.Tests;

/// <summary>
/// The whole web app over a real store of its own (SQLite file or PostgreSQL database), prepared as a first start
/// leaves it (<see cref="TestStore.CreatePreparedAsync"/>; a test that needs an empty store passes one). A test may
/// give the app a clock of its own (to let minutes pass), and may say which client address a request comes from
/// with the <see cref="ClientAddressHeader"/> header.
/// </summary>
public sealed class LianboApp(TestStore store, IReadOnlyDictionary<string, string>? settings = null, TimeProvider? clock = null) : WebApplicationFactory<Program>
{
    /// <summary>The test server has no network peer; this header stands for the address a request comes from.</summary>
    public const string ClientAddressHeader = "X-Test-Client-Address";

    public static async Task<LianboApp> StartAsync(string provider = DatabaseProvider.Sqlite, IReadOnlyDictionary<string, string>? settings = null, TimeProvider? clock = null) =>
        new(await TestStore.CreatePreparedAsync(provider), settings, clock);

    public TestStore Store { get; } = store;

    /// <summary>
    /// Another instance of the app on this one's store, as after a restart or a second node (with settings of its own);
    /// disposing it leaves the store to this one.
    /// </summary>
    public LianboApp Restarted(IReadOnlyDictionary<string, string>? nodeSettings = null) => new(Store, nodeSettings ?? settings, clock) { OwnsStore = false };

    private bool OwnsStore { get; init; } = true;

    /// <summary>
    /// The exceptions the app logged as errors, by the trace id of the request (the <c>traceId</c> of its ProblemDetails
    /// body), so that a test that finds a 500 can say what threw.
    /// </summary>
    public ConcurrentDictionary<string, Exception> ServerErrors { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // Tests make many requests from one address; the rate-limit test sets its own limits.
        foreach (var kind in new[] { "Login", "Register", "Token", "Search", "ScenarioRuns" })
        {
            builder.UseSetting($"Lianbo:RateLimits:{kind}PerMinute", "100000");
        }

        // The demo takes seconds to generate; the tests that want it ask for it.
        builder.UseSetting("Lianbo:LoadDemoOnFreshStore", "false");
        // So does the open data (seconds: the trade panel and both indices); the tests of it share one loaded store.
        builder.UseSetting("Lianbo:LoadOpenData", "false");
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services => services.AddTransient<IStartupFilter, ClientAddressFromHeader>());
        builder.ConfigureLogging(logging => logging.AddProvider(new ErrorCollector(ServerErrors)));
        if (clock is not null)
        {
            builder.ConfigureTestServices(services => services.AddSingleton(clock));
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
        if (OwnsStore)
        {
            await Store.DisposeAsync();
        }
    }

    private sealed class ErrorCollector(ConcurrentDictionary<string, Exception> errors) : ILoggerProvider, ILogger
    {
        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel >= LogLevel.Error && exception is not null && Activity.Current is { } request)
            {
                errors.TryAdd(request.TraceId.ToString(), exception);
            }
        }

        public void Dispose()
        {
        }
    }

    // First in the pipeline, before anything reads the client address (only in tests: the header is the test's own).
    private sealed class ClientAddressFromHeader : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (http, nextMiddleware) =>
            {
                if (IPAddress.TryParse(http.Request.Headers[ClientAddressHeader].ToString(), out var address))
                {
                    http.Connection.RemoteIpAddress = address;
                }

                await nextMiddleware(http);
            });
            next(app);
        };
    }
}
