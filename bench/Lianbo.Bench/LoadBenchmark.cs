using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Lianbo.Core.Accounts;
using Lianbo.Core.Data;
using Lianbo.Web;
using Lianbo.Web.Platform;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Lianbo.Bench;

/// <summary>
/// The web app under load on loopback: a fresh install (demo editions, open data, both indices, as `lianbo serve` prepares
/// it) served by Kestrel in this process, and wrk (Debian's, a separate process with one thread) as the clients. Public
/// reads are anonymous GETs of the API and of the edition's page; the mixed participant load is signed-in callers (API
/// tokens) asking for recommendations, reading their inbox and sending meeting requests. Each target runs for a fixed
/// time, the targets interleaved, several rounds; the table gives medians of the rounds and the server's CPU per request
/// (this process's CPU time over the run, divided by the requests wrk counted). On SQLite and on PostgreSQL.
/// Targets (issue 25): ≥ 5,000 req/s at p99 ≤ 50 ms for each public read, ≥ 500 req/s at p99 ≤ 200 ms for the mixed load.
/// </summary>
internal static partial class LoadBenchmark
{
    private const int Participants = 200;

    private sealed record Target(string Name, string Path, bool Mixed = false);

    // Answers: the mixed load's answers that were not 2xx, by status (the scripts count them).
    private sealed record Result(double RequestsPerSecond, double P99Ms, double CpuMsPerRequest, long Requests, long Errors, IReadOnlyDictionary<string, long> Answers);

    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = (int)Measurement.Argument(args, "--seconds", 10);
        var connections = (int)Measurement.Argument(args, "--connections", 32);
        var runs = (int)Measurement.Argument(args, "--runs", 3);
        var providers = (Measurement.Argument(args, "--providers") ?? "sqlite,postgres").Split(',', StringSplitOptions.RemoveEmptyEntries);
        var wrk = Measurement.Argument(args, "--wrk") ?? "/usr/bin/wrk";
        if (!File.Exists(wrk))
        {
            Console.Error.WriteLine($"{wrk} is missing: install Debian's wrk (sudo apt-get install wrk), or name another with --wrk.");
            return 2;
        }

        Console.WriteLine(Measurement.Machine());
        var table = new List<(string Provider, string Target, Result Result)>();
        foreach (var provider in providers)
        {
            foreach (var (target, result) in await RunProviderAsync(args, provider, wrk, seconds, connections, runs))
            {
                table.Add((provider, target.Name, result));
            }
        }

        Console.WriteLine();
        Console.WriteLine($"{"database",-9} {"request",-44} {"req/s",9} {"p99 ms",8} {"server CPU ms/req",18} {"errors",7}  target");
        foreach (var (provider, name, r) in table)
        {
            var mixed = !name.StartsWith("GET", StringComparison.Ordinal);
            var met = mixed ? r.RequestsPerSecond >= 500 && r.P99Ms <= 200 : r.RequestsPerSecond >= 5000 && r.P99Ms <= 50;
            Console.WriteLine($"{provider,-9} {name,-44} {r.RequestsPerSecond,9:N0} {r.P99Ms,8:0.0} {r.CpuMsPerRequest,18:0.000} {r.Errors,7}  {(met ? "met" : "MISSED")}");
        }

        foreach (var (provider, name, r) in table.Where(t => t.Result.Answers.Count > 0))
        {
            Console.WriteLine($"{provider} {name}: not 2xx, by status: {string.Join(", ", r.Answers.OrderBy(a => a.Key).Select(a => $"{a.Key} × {a.Value}"))}");
        }

        Console.WriteLine($"Medians of {runs} interleaved rounds of {seconds} s per request, wrk -t1 -c{connections}; load average {Measurement.LoadAverage():0.00}.");
        return 0;
    }

    private static async Task<List<(Target, Result)>> RunProviderAsync(string[] args, string provider, string wrk, int seconds, int connections, int runs)
    {
        // --keep DIR (SQLite only) keeps the prepared install for the next run: preparing it takes minutes.
        var keep = provider == DatabaseProvider.Sqlite ? Measurement.Argument(args, "--keep") : null;
        var directory = keep is null ? Directory.CreateTempSubdirectory("lianbo-load-bench-") : Directory.CreateDirectory(keep);
        string? database = null;
        try
        {
            var settings = new List<string>
            {
                $"--Lianbo:DataDirectory={directory.FullName}", "--Lianbo:LoadDemoOnFreshStore=true", "--Lianbo:LoadOpenData=true",
                "--Logging:LogLevel:Default=Warning", "--urls=http://127.0.0.1:0",
            };
            // --nodes 1,2,3 (PostgreSQL only): the mixed load also through nginx in front of that many nodes (LoadBenchmark.Nodes.cs).
            var nodes = provider == DatabaseProvider.Postgres ? Measurement.Argument(args, "--nodes")?.Split(',').Select(int.Parse).ToList() : null;
            string? connection = null;
            if (provider == DatabaseProvider.Postgres)
            {
                var server = Environment.GetEnvironmentVariable("LIANBO_TEST_POSTGRES")
                    ?? throw new InvalidOperationException("Set LIANBO_TEST_POSTGRES to a PostgreSQL server (bench/load.sh starts a throw-away one).");
                database = await CreateDatabaseAsync(server);
                connection = new NpgsqlConnectionStringBuilder(server) { Database = database }.ToString();
                settings.Add($"--{DatabaseProvider.ProviderSetting}={DatabaseProvider.Postgres}");
                settings.Add($"--{DatabaseProvider.ConnectionSetting}={connection}");
            }

            if (nodes is not null)
            {
                // As deploy/ runs a cluster: one key ring in the database, and this node writes the trade store the others read.
                settings.AddRange(["--Lianbo:Keys:Store=database", "--Lianbo:Trade:Role=writer"]);
            }

            var setup = Stopwatch.StartNew();
            await using var app = LianboWebApp.Build([.. settings]);
            await app.Services.InitialiseStoresAsync();
            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            Console.WriteLine($"{provider}: a fresh install prepared in {setup.Elapsed.TotalSeconds:0} s, serving at {address}");
            using var http = new HttpClient { BaseAddress = new Uri(address) };
            // --only TEXT keeps the requests whose name contains it (e.g. --only mixed).
            var only = Measurement.Argument(args, "--only");
            var all = await TargetsAsync(http);
            var targets = all.Where(t => only is null || t.Name.Contains(only, StringComparison.Ordinal)).ToList();
            var script = await MixedScriptAsync(app.Services, directory.FullName);
            var results = targets.ToDictionary(t => t, _ => new List<Result>());
            for (var run = 0; run < runs; run++)
            {
                foreach (var target in targets)
                {
                    // A second of warm-up (JIT, the first fill of a cache), then the measured run.
                    await WrkAsync(wrk, address, target, 1, connections, target.Mixed ? script : null);
                    results[target].Add(await WrkAsync(wrk, address, target, seconds, connections, target.Mixed ? script : null));
                }
            }

            var table = results.Select(r => (r.Key, Summary(r.Value))).ToList();
            if (nodes is not null)
            {
                table.AddRange(await NodesAsync(wrk, address, directory.FullName, connection!, nodes, all.Single(t => t.Path == "mixed.lua"), script, seconds, connections, runs));
            }

            await app.StopAsync();
            return table;
        }
        finally
        {
            if (keep is null)
            {
                directory.Delete(recursive: true);
            }

            if (database is not null)
            {
                await DropDatabaseAsync(Environment.GetEnvironmentVariable("LIANBO_TEST_POSTGRES")!, database);
            }
        }
    }

    // The medians of a target's rounds, and the sums of what they counted.
    private static Result Summary(List<Result> rounds) => new(
        Measurement.Median(rounds.Select(v => v.RequestsPerSecond)), Measurement.Median(rounds.Select(v => v.P99Ms)),
        Measurement.Median(rounds.Select(v => v.CpuMsPerRequest)), rounds.Sum(v => v.Requests), rounds.Sum(v => v.Errors),
        rounds.SelectMany(v => v.Answers).GroupBy(a => a.Key).ToDictionary(g => g.Key, g => g.Sum(a => a.Value)));

    // The public reads the issue names, with the ids this install gave them.
    private static async Task<List<Target>> TargetsAsync(HttpClient http)
    {
        var editions = await http.GetFromJsonAsync<JsonElement>("/api/editions");
        var second = editions.EnumerateArray().First(e => e.GetProperty("number").GetInt32() == 2).GetProperty("id").GetString();
        var years = await http.GetFromJsonAsync<JsonElement>("/api/trade/years");
        var year = years.EnumerateArray().First().GetProperty("year").GetInt32();
        var indices = await http.GetFromJsonAsync<JsonElement>("/api/indices");
        var index = indices.EnumerateArray().First();
        var indexYear = index.GetProperty("years").EnumerateArray().Last().GetProperty("year").GetInt32();
        return
        [
            new("GET /api/chains", "/api/chains"),
            new("GET /api/editions/{2nd}/statistics", $"/api/editions/{second}/statistics"),
            new("GET /api/editions/{2nd}/exhibitors?page=1", $"/api/editions/{second}/exhibitors?page=1"),
            new("GET /api/trade/years", "/api/trade/years"),
            new($"GET /api/trade/{year}/metrics?metric=pagerank", $"/api/trade/{year}/metrics?metric=pagerank"),
            new($"GET /api/indices/{index.GetProperty("id").GetString()}/{indexYear}", $"/api/indices/{index.GetProperty("id").GetString()}/{indexYear}"),
            new("GET /expo/2 (page)", "/expo/2"),
            new("mixed participant load", "mixed.lua", Mixed: true),
            new("mixed: recommendations alone", "recommendations.lua", Mixed: true),
            new("mixed: inbox alone", "inbox.lua", Mixed: true),
            new("mixed: the token check alone (GET /api/me)", "me.lua", Mixed: true),
        ];
    }

    /// <summary>
    /// Signed-in participants of the demo's organisations that offer products, each with an API token; the wrk script
    /// cycles through them: of every 20 requests 9 ask for recommendations, 9 read the inbox and 2 send a meeting request
    /// (each to an organisation the sender has not asked before).
    /// </summary>
    private static async Task<string> MixedScriptAsync(IServiceProvider services, string directory)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LianboDbContext>();
        var organisations = await db.OrganisationProducts.AsNoTracking().Select(p => p.OrganisationId).Distinct().OrderBy(id => id).Take(Participants).ToListAsync();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<LianboUser>>();
        var tokens = scope.ServiceProvider.GetRequiredService<ApiTokens>();
        var lines = new StringBuilder("local callers = {\n");
        var n = await db.Users.CountAsync();
        foreach (var organisation in organisations)
        {
            var user = new LianboUser
            {
                UserName = $"load{++n}@example.test", Email = $"load{n}@example.test", EmailConfirmed = true, DisplayName = $"Load {n}",
                CreatedAt = DateTimeOffset.UtcNow, OrganisationId = organisation, IsOrganisationAdmin = true,
            };
            var created = await users.CreateAsync(user, "load benchmark password " + Guid.NewGuid());
            if (!created.Succeeded)
            {
                throw new InvalidOperationException(string.Join("; ", created.Errors.Select(e => e.Description)));
            }

            await users.AddToRoleAsync(user, Roles.Participant);
            db.ConsentRecords.Add(new ConsentRecord { UserId = user.Id, Version = Core.Accounts.Accounts.PrivacyNoticeVersion, At = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
            var token = await tokens.CreateAsync(user.Id, "load", TokenScope.ReadWrite, 30, TokenOrigin.Session);
            lines.Append(CultureInfo.InvariantCulture, $"  {{ token = \"{token.Value!.Token}\", org = \"{organisation}\" }},\n");
        }

        lines.Append("""
            }
            local n = 0
            request = function()
              n = n + 1
              local caller = callers[(n % #callers) + 1]
              local headers = { ["Authorization"] = "Bearer " .. caller.token, ["Content-Type"] = "application/json" }
              -- The kind moves on by one with each round of the callers, so that every caller asks for everything in turn
              -- (with n % 20 alone, only the callers whose place ends in 18 or 19 would ever send a request, and soon be
              -- refused for having too many pending).
              local kind = only or (n + math.floor(n / #callers)) % 20
              if kind < 0 then
                return wrk.format("GET", "/api/me", headers)
              elseif kind < 9 then
                return wrk.format("GET", "/api/matchmaking/recommendations?limit=20", headers)
              elseif kind < 18 then
                return wrk.format("GET", "/api/meetings/inbox", headers)
              end
              -- Each round of the callers moves every sender one organisation further, so no pair is asked twice.
              local to = callers[((n + 1 + math.floor(n / #callers)) % #callers) + 1].org
              return wrk.format("POST", "/api/meetings/requests", headers, '{"to":"' .. to .. '","message":"load"}')
            end
            -- What was not 2xx, by status: counted in the thread, printed by the main script at the end.
            answers = {}
            response = function(status, headers, body)
              if status >= 300 then answers[tostring(status)] = (answers[tostring(status)] or 0) + 1 end
            end
            local threads = {}
            setup = function(thread) table.insert(threads, thread) end
            done = function(summary, latency, requests)
              for _, thread in ipairs(threads) do
                for status, count in pairs(thread:get("answers")) do io.write("Answered " .. status .. ": " .. count .. "\n") end
              end
            end
            """);
        // The mixed load, and each of its reads alone (for the table's information lines).
        foreach (var (name, only) in new[] { ("mixed", "nil"), ("recommendations", "0"), ("inbox", "10"), ("me", "-1") })
        {
            await File.WriteAllTextAsync(Path.Combine(directory, name + ".lua"), $"local only = {only}\n" + lines);
        }

        return directory;
    }

    // The server's CPU is this process's unless serverCpu says otherwise (the nodes of a cluster).
    private static async Task<Result> WrkAsync(string wrk, string address, Target target, int seconds, int connections, string? script, Func<double>? serverCpu = null)
    {
        serverCpu ??= Measurement.ProcessCpuSeconds;
        var arguments = new List<string> { "-t1", $"-c{connections}", $"-d{seconds}s", "--latency" };
        if (script is not null)
        {
            arguments.AddRange(["-s", Path.Combine(script, target.Path)]);
        }

        arguments.Add(address.TrimEnd('/') + (script is null ? target.Path : "/"));
        var cpu = serverCpu();
        using var process = Process.Start(new ProcessStartInfo(wrk, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (!RequestsLine().IsMatch(output))
        {
            throw new InvalidOperationException($"wrk {string.Join(' ', arguments)} printed: {output}{await process.StandardError.ReadToEndAsync()}");
        }

        var used = serverCpu() - cpu;
        var requests = long.Parse(RequestsLine().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        var errors = NonSuccess().Match(output) is { Success: true } m ? long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        return new Result(
            double.Parse(RateLine().Match(output).Groups[1].Value, CultureInfo.InvariantCulture),
            Milliseconds(P99Line().Match(output)),
            requests == 0 ? double.NaN : used * 1000 / requests,
            requests, errors, AnsweredLine().Matches(output).ToDictionary(a => a.Groups[1].Value, a => long.Parse(a.Groups[2].Value, CultureInfo.InvariantCulture)));
    }

    private static double Milliseconds(Match match)
    {
        var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return match.Groups[2].Value switch { "us" => value / 1000, "s" => value * 1000, "m" => value * 60_000, _ => value };
    }

    private static async Task<string> CreateDatabaseAsync(string server)
    {
        var name = $"lianbo_load_{Environment.ProcessId}_{Guid.NewGuid():N}"[..40];
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await command.ExecuteNonQueryAsync();
        return name;
    }

    private static async Task DropDatabaseAsync(string server, string name)
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }

    [GeneratedRegex(@"(\d+) requests in")]
    private static partial Regex RequestsLine();

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex RateLine();

    [GeneratedRegex(@"\s99%\s+([\d.]+)(us|ms|s|m)\b")]
    private static partial Regex P99Line();

    [GeneratedRegex(@"^Answered (\d+): (\d+)$", RegexOptions.Multiline)]
    private static partial Regex AnsweredLine();

    [GeneratedRegex(@"Non-2xx or 3xx responses: (\d+)")]
    private static partial Regex NonSuccess();
}
