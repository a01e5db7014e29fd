using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Lianbo.Core.Data;

namespace Lianbo.Bench;

/// <summary>
/// <c>--nodes 1,2,3</c> (PostgreSQL): the mixed participant load again, through Debian's nginx with the site of
/// <c>deploy/nginx/render.sh</c>, in front of 1, 2 and 3 web nodes on the one database: this process's app (node 1, the
/// trade store's writer) and more processes of the web app built beside the bench (readers of node 1's trade folder),
/// as <c>deploy/</c> runs a cluster. Every count goes through the proxy, so the rows differ only in the nodes behind it;
/// the other nodes are started and warmed up once (the same 5 s of the load on each), then idle in the rounds without them.
/// The server CPU is every node's (this process's and the other nodes'), not nginx's, which is printed apart.
/// </summary>
internal static partial class LoadBenchmark
{
    private const string Nginx = "/usr/sbin/nginx";

    private static async Task<List<(Target, Result)>> NodesAsync(string wrk, string address, string directory, string database, IReadOnlyList<int> counts,
        Target mixed, string script, int seconds, int connections, int runs)
    {
        if (!File.Exists(Nginx))
        {
            throw new InvalidOperationException($"{Nginx} is missing: install Debian's nginx (sudo apt-get install nginx) for --nodes.");
        }

        // Nodes 2…N start once and stay up (a node's first seconds are its JIT and its first recommender build, which
        // a fresh node per round would measure); each round puts the first `count` of them behind a new nginx.
        var first = new Uri(address);
        await using var others = new NodeProcesses();
        for (var n = 2; n <= counts.Max(); n++)
        {
            others.Start(n, Path.Combine(directory, $"node{n}"), directory, database);
        }

        await others.WaitHealthyAsync();
        foreach (var node in others.Addresses)
        {
            await WrkAsync(wrk, "http://" + node, mixed, 5, connections, script);
        }

        var results = counts.ToDictionary(n => n, _ => new List<Result>());
        for (var run = 0; run < runs; run++)
        {
            foreach (var count in counts)
            {
                await using var proxy = await Proxy.StartAsync(Path.Combine(directory, "nginx"), [$"{first.Host}:{first.Port}", .. others.Addresses.Take(count - 1)]);
                var target = Behind(mixed, count);
                Func<double> cpu = () => Measurement.ProcessCpuSeconds() + others.CpuSeconds();
                await WrkAsync(wrk, proxy.Address, target, 1, connections, script, cpu);
                var nginxBefore = proxy.CpuSeconds();
                results[count].Add(await WrkAsync(wrk, proxy.Address, target, seconds, connections, script, cpu));
                Console.WriteLine($"{target.Name}, round {run + 1}: {results[count][^1].RequestsPerSecond:N0} req/s; nginx {(proxy.CpuSeconds() - nginxBefore) * 1000 / Math.Max(1, results[count][^1].Requests):0.000} CPU ms/req");
            }
        }

        return [.. results.Select(r => (Behind(mixed, r.Key), Summary(r.Value)))];
    }

    private static Target Behind(Target mixed, int nodes) => mixed with { Name = $"mixed load, {nodes} node{(nodes == 1 ? "" : "s")} behind nginx" };

    /// <summary>A process's user and system CPU seconds so far, from /proc (Linux's clock ticks are hundredths of a second).</summary>
    private static double CpuSeconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Web nodes 2…N: the web app built beside the bench, each with a folder of its own, on node 1's database.</summary>
    private sealed class NodeProcesses : IAsyncDisposable
    {
        private readonly List<(Process Process, string Address)> _nodes = [];

        public IEnumerable<string> Addresses => _nodes.Select(n => n.Address);

        public void Start(int number, string directory, string writerDirectory, string database)
        {
            Directory.CreateDirectory(directory);
            var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
            var program = Path.Combine(RepositoryDirectory(), "src", "Lianbo.Web", "bin", configuration, "net10.0", "Lianbo.Web.dll");
            var address = $"127.0.0.1:{FreePort()}";
            var start = new ProcessStartInfo("dotnet", [program]) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var (key, value) in new Dictionary<string, string>
            {
                ["Lianbo__Url"] = "http://" + address,
                ["Lianbo__DataDirectory"] = directory,
                [DatabaseProvider.ProviderSetting.Replace(":", "__", StringComparison.Ordinal)] = DatabaseProvider.Postgres,
                [DatabaseProvider.ConnectionSetting.Replace(":", "__", StringComparison.Ordinal)] = database,
                ["Lianbo__Keys__Store"] = "database",
                ["Lianbo__Trade__Role"] = "reader",
                ["Lianbo__Trade__Directory"] = writerDirectory,
                ["Lianbo__LoadDemoOnFreshStore"] = "false",
                ["Lianbo__LoadOpenData"] = "false",
                ["Logging__LogLevel__Default"] = "Warning",
            })
            {
                start.Environment[key] = value;
            }

            var process = Process.Start(start)!;
            // Read and dropped, so that a node's output never fills its pipe and stops it.
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, e) => { if (e.Data is { } line) Console.Error.WriteLine($"node {number}: {line}"); };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            _nodes.Add((process, address));
        }

        public async Task WaitHealthyAsync()
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            foreach (var (process, address) in _nodes)
            {
                for (var tries = 0; ; tries++)
                {
                    if (process.HasExited || tries > 600)
                    {
                        throw new InvalidOperationException($"The node at {address} did not start (exit code {(process.HasExited ? process.ExitCode : -1)}).");
                    }

                    try
                    {
                        if ((await http.GetAsync($"http://{address}/healthz")).IsSuccessStatusCode)
                        {
                            break;
                        }
                    }
                    catch (HttpRequestException)
                    {
                        // Not listening yet.
                    }

                    await Task.Delay(200);
                }
            }
        }

        public double CpuSeconds() => _nodes.Sum(n => LoadBenchmark.CpuSeconds(n.Process.Id));

        public async ValueTask DisposeAsync()
        {
            foreach (var (process, _) in _nodes)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
                process.Dispose();
            }
        }
    }

    /// <summary>nginx in the foreground with the configuration <c>render.sh --standalone</c> writes, on a free loopback port.</summary>
    private sealed class Proxy(Process process, string address) : IAsyncDisposable
    {
        public string Address { get; } = address;

        public double CpuSeconds() => LoadBenchmark.CpuSeconds(process.Id) + Workers().Sum(LoadBenchmark.CpuSeconds);

        public static async Task<Proxy> StartAsync(string directory, IEnumerable<string> nodes)
        {
            Directory.CreateDirectory(directory);
            var port = FreePort();
            var render = Process.Start(new ProcessStartInfo("bash",
                [Path.Combine(RepositoryDirectory(), "deploy", "nginx", "render.sh"), "--listen", $"127.0.0.1:{port}", "--standalone", directory, .. nodes])
                { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var configuration = await render.StandardOutput.ReadToEndAsync();
            await render.WaitForExitAsync();
            if (render.ExitCode != 0)
            {
                throw new InvalidOperationException("render.sh: " + await render.StandardError.ReadToEndAsync());
            }

            var file = Path.Combine(directory, "nginx.conf");
            await File.WriteAllTextAsync(file, configuration);
            var process = Process.Start(new ProcessStartInfo(Nginx, ["-p", directory, "-c", file, "-e", Path.Combine(directory, "logs", "error.log"), "-g", "daemon off;"]))!;
            var proxy = new Proxy(process, $"http://127.0.0.1:{port}");
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            for (var tries = 0; ; tries++)
            {
                try
                {
                    if ((await http.GetAsync(proxy.Address + "/healthz")).IsSuccessStatusCode)
                    {
                        return proxy;
                    }
                }
                catch (HttpRequestException) when (tries < 100 && !process.HasExited)
                {
                    await Task.Delay(100);
                }
            }
        }

        // nginx's worker: the child process of the master.
        private IEnumerable<int> Workers() =>
            File.ReadAllText($"/proc/{process.Id}/task/{process.Id}/children").Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse);

        public async ValueTask DisposeAsync()
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            process.Dispose();
        }
    }

    private static string RepositoryDirectory()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Lianbo.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The bench runs from a build inside the repository.");
    }
}
