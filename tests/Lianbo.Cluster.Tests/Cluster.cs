using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Lianbo.Core.Data;
using Lianbo.Core.Tests;
using Lianbo.Web;
using Microsoft.AspNetCore.Builder;
using Npgsql;

namespace Lianbo.Cluster.Tests;

/// <summary>
/// Three web nodes as deploy/ runs them: each a <c>dotnet Lianbo.Web.dll</c> process with its own state directory and
/// loopback port, all over one fresh PostgreSQL database with the key ring in it, and Debian's nginx in front with the
/// site deploy/nginx/render.sh writes. Node 1 starts first (it migrates the empty database and makes the first key, as
/// the operator guide says to start a cluster), then the other two. Every process and folder goes at the end, also
/// after a failure. <see cref="Services"/> are the product's own services over the same database, for making accounts
/// and fixtures the way the web tests make them.
/// </summary>
public sealed class Cluster : IAsyncLifetime
{
    public const int NodeCount = 3;
    public const string Nginx = "/usr/sbin/nginx";

    private TestStore? _store;
    private WebApplication? _services;
    private Process? _nginx;

    public IReadOnlyList<Node> Nodes { get; private set; } = [];

    /// <summary>Why the cluster tests cannot run here; null when they can.</summary>
    public string? SkipReason { get; private set; }

    public Uri Proxy { get; private set; } = null!;
    public string ProxyDirectory { get; private set; } = "";
    public TestStore Store => _store!;
    public IServiceProvider Services => _services!.Services;

    /// <summary>nginx's access log: each request with every node it was passed to.</summary>
    public string AccessLog => Path.Combine(ProxyDirectory, "logs", "lianbo.access.log");

    public async ValueTask InitializeAsync()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(TestStore.PostgresVariable)))
        {
            SkipReason = $"The cluster tests need PostgreSQL: set {TestStore.PostgresVariable} (the README's test command does).";
            return;
        }

        if (!File.Exists(Nginx))
        {
            // ./test.sh (and so CI) installs nginx: there, its absence is a failure, not a reason to skip.
            Assert.False(Environment.GetEnvironmentVariable("CI") == "true", $"{Nginx} is missing; ./test.sh installs Debian's nginx.");
            SkipReason = $"The cluster tests need Debian's nginx ({Nginx}): apt-get install nginx, or run ./test.sh, which installs it.";
            return;
        }

        _store = await TestStore.CreateAsync(DatabaseProvider.Postgres);
        var database = _store.Options.Database.ConnectionString!;
        // Room under the server's max_connections (200 in ./test.sh) for three nodes' pools and listening connections
        // beside the web tests, which run at the same time.
        var nodeDatabase = new NpgsqlConnectionStringBuilder(database) { MaxPoolSize = 20 }.ToString();
        var ports = FreePorts(NodeCount + 1);
        Nodes = [.. Enumerable.Range(1, NodeCount).Select(n => new Node(n, ports[n - 1], Path.Combine(_store.Directory, $"node{n}"), nodeDatabase))];
        Proxy = new Uri($"http://127.0.0.1:{ports[NodeCount]}");
        foreach (var node in Nodes)
        {
            node.PublicUrl = Proxy.ToString();
        }

        await Nodes[0].StartAsync();
        await Task.WhenAll(Nodes.Skip(1).Select(n => n.StartAsync()));
        await StartNginxAsync();
        _services = LianboWebApp.Build([$"--Lianbo:DataDirectory={Path.Combine(_store.Directory, "test")}",
            $"--{DatabaseProvider.ProviderSetting}={DatabaseProvider.Postgres}", $"--{DatabaseProvider.ConnectionSetting}={database}",
            "--Lianbo:Keys:Store=database", "--Logging:LogLevel:Default=Warning"]);
    }

    /// <summary>Starts again any node a test killed, so that each test finds all three up.</summary>
    public Task AllUpAsync() => Task.WhenAll(Nodes.Where(n => !n.Running).Select(n => n.StartAsync()));

    /// <summary>A client of one node or of the proxy, with at most <paramref name="connections"/> requests in flight (the rest wait in it).</summary>
    public HttpClient ClientFor(Uri address, int connections = 64) =>
        new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, MaxConnectionsPerServer = connections })
        {
            BaseAddress = address,
            Timeout = TimeSpan.FromSeconds(60),
        };

    public async ValueTask DisposeAsync()
    {
        if (_nginx is { HasExited: false })
        {
            _nginx.Kill(entireProcessTree: true);
            await _nginx.WaitForExitAsync();
        }

        _nginx?.Dispose();
        foreach (var node in Nodes)
        {
            await node.DisposeAsync();
        }

        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        if (_store is not null)
        {
            await _store.DisposeAsync();
        }
    }

    // The site as an operator renders it, in the main configuration render.sh writes for nginx run by any user: its
    // prefix, pid file, logs and temporary files in one folder, on loopback only, in the foreground as a child of this process.
    private async Task StartNginxAsync()
    {
        ProxyDirectory = Directory.CreateDirectory(Path.Combine(_store!.Directory, "nginx")).FullName;
        var logs = Path.Combine(ProxyDirectory, "logs");
        var render = Path.Combine(TestStore.RepositoryDirectory, "deploy", "nginx", "render.sh");
        var (code, configuration) = await RunAsync("bash", [render, "--listen", $"127.0.0.1:{Proxy.Port}", "--server-name", "localhost", "--standalone", ProxyDirectory,
            // The tests sign in several times a minute from one address.
            "--signin-rate", "600r/m", "--signin-burst", "50", .. Nodes.Select(n => $"127.0.0.1:{n.Port}")]);
        Assert.True(code == 0, configuration);
        await File.WriteAllTextAsync(Path.Combine(ProxyDirectory, "nginx.conf"), configuration);
        var start = new ProcessStartInfo(Nginx)
        {
            ArgumentList = { "-p", ProxyDirectory, "-c", Path.Combine(ProxyDirectory, "nginx.conf"), "-e", Path.Combine(logs, "error.log"), "-g", "daemon off;" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        _nginx = Process.Start(start)!;
        using var client = ClientFor(Proxy);
        await WaitAsync(async () => (await client.GetAsync("/healthz")).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(20),
            () => _nginx.HasExited ? "nginx stopped: " + File.ReadAllText(Path.Combine(logs, "error.log")) : null);
    }

    public static async Task<(int Code, string Output)> RunAsync(string file, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }

    /// <summary>
    /// Polls until <paramref name="ready"/>, at most <paramref name="limit"/>; <paramref name="gaveUp"/> says why it never
    /// will, <paramref name="describe"/> what there is to know when the time is up.
    /// </summary>
    public static async Task WaitAsync(Func<Task<bool>> ready, TimeSpan limit, Func<string?> gaveUp, Func<string>? describe = null)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                if (await ready())
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !TestContext.Current.CancellationToken.IsCancellationRequested)
            {
                // Not listening yet, or too busy starting to answer in time.
            }

            if (gaveUp() is { } reason)
            {
                Assert.Fail(reason);
            }

            if (clock.Elapsed >= limit)
            {
                Assert.Fail($"Not ready after {limit.TotalSeconds:0} s. {describe?.Invoke()}");
            }

            await Task.Delay(100);
        }
    }

    private static int[] FreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        listeners.ForEach(l => l.Start());
        var ports = listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        listeners.ForEach(l => l.Stop());
        return ports;
    }
}

/// <summary>
/// One web node: the built Lianbo.Web run by <c>dotnet</c> as <c>lianbo serve</c> runs it, configured through the
/// environment as deploy/systemd's units configure it, its output in node.log in its state directory.
/// </summary>
public sealed class Node(int number, int port, string directory, string database) : IAsyncDisposable
{
    private Process? _process;

    public int Number { get; } = number;
    public int Port { get; } = port;
    public Uri Address { get; } = new($"http://127.0.0.1:{port}");
    public string Directory { get; } = directory;
    public string PublicUrl { get; set; } = "";
    public bool Running => _process is { HasExited: false };
    public string Log => Path.Combine(Directory, "node.log");

    /// <summary>The web app the tests were built with (Debug or Release, as this assembly).</summary>
    public static string Program
    {
        get
        {
            var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
            return Path.Combine(TestStore.RepositoryDirectory, "src", "Lianbo.Web", "bin", configuration, "net10.0", "Lianbo.Web.dll");
        }
    }

    public async Task StartAsync()
    {
        System.IO.Directory.CreateDirectory(Directory);
        Assert.True(File.Exists(Program), $"{Program} is missing: build the solution first.");
        var start = new ProcessStartInfo("/bin/sh")
        {
            // exec: the node is this process itself, so that killing it kills the node.
            ArgumentList = { "-c", "exec dotnet \"$0\" >>\"$1\" 2>&1", Program, Log },
            WorkingDirectory = Directory,
        };
        foreach (var (key, value) in Settings())
        {
            start.Environment[key] = value;
        }

        _process = Process.Start(start)!;
        using var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(30) };
        // A first start on a busy machine (migrations, reference data, JIT) takes a while; a broken one ends sooner.
        await Cluster.WaitAsync(async () => await client.GetStringAsync("/healthz") == "Healthy", TimeSpan.FromSeconds(180),
            () => _process.HasExited ? $"Node {Number} stopped (exit code {_process.ExitCode}): {File.ReadAllText(Log)}" : null,
            () => $"Node {Number} logged: {string.Join(Environment.NewLine, File.ReadLines(Log).TakeLast(20))}");
    }

    /// <summary>The requests that failed on the node with an exception (its log's unhandled exceptions), the first lines of each, for a failure's message.</summary>
    public IEnumerable<string> Errors()
    {
        if (!File.Exists(Log))
        {
            yield break;
        }

        var lines = File.ReadAllLines(Log);
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].StartsWith("fail: Microsoft.AspNetCore.Diagnostics.ExceptionHandlerMiddleware", StringComparison.Ordinal)
                || lines[i].StartsWith("fail: Microsoft.AspNetCore.Server.Kestrel", StringComparison.Ordinal) || lines[i].StartsWith("crit:", StringComparison.Ordinal))
            {
                yield return $"node {Number}: " + string.Join(Environment.NewLine, lines.Skip(i).Take(25));
            }
        }
    }

    /// <summary>kill -9: the node gets no chance to finish anything.</summary>
    public void Kill()
    {
        _process!.Kill();
        _process.WaitForExit();
    }

    private Dictionary<string, string> Settings() => new()
    {
        ["Lianbo__Url"] = Address.ToString().TrimEnd('/'),
        ["Lianbo__PublicUrl"] = PublicUrl,
        ["Lianbo__DataDirectory"] = Directory,
        ["Lianbo__Database__Provider"] = DatabaseProvider.Postgres,
        ["Lianbo__Database__ConnectionString"] = database,
        ["Lianbo__Keys__Store"] = "database",
        ["Lianbo__Proxy__KnownProxies__0"] = "127.0.0.1",
        ["Lianbo__LoadDemoOnFreshStore"] = "false",
        ["Lianbo__LoadOpenData"] = "false",
        ["Logging__LogLevel__Default"] = "Warning",
        // The trade store as deploy/ sets it: node 1 writes, the others read its snapshots from node 1's folder.
        ["Lianbo__Trade__Role"] = Number == 1 ? "writer" : "reader",
        ["Lianbo__Trade__Directory"] = Path.Combine(Path.GetDirectoryName(Directory)!, "node1"),
        // Housekeeping and meeting e-mails every second on every node, so that a round left to run twice would.
        ["Lianbo__Meetings__HousekeepingInterval"] = "00:00:01",
        ["Lianbo__Meetings__MailInterval"] = "00:00:01",
        // The tests sign in a few times from one address.
        ["Lianbo__RateLimits__LoginPerMinute"] = "1000",
    };

    public async ValueTask DisposeAsync()
    {
        if (Running)
        {
            _process!.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
    }
}
