using System.Diagnostics;
using Lianbo.Core.Data;
using Lianbo.Core.Meetings;
using Lianbo.Core.Scheduling;
using Microsoft.EntityFrameworkCore;

namespace Lianbo.Cli.Tests;

/// <summary>
/// kill -9 in the middle of the long commands: the next run finds a consistent store and finishes the job. Each test
/// times one run to the end, then kills fresh copies of the same starting state at points spread over that time (the
/// time only chooses where to kill; nothing is asserted about it).
/// </summary>
public sealed class CrashTests(CrashTests.Demo demo) : IDisposable, IClassFixture<CrashTests.Demo>
{
    private readonly List<string> _directories = [];

    /// <summary>The demo loaded once from an empty state directory, timed: the tests that need it start from copies.</summary>
    public sealed class Demo : IAsyncLifetime
    {
        public string Loaded { get; } = Directory.CreateTempSubdirectory("lianbo-crash-demo-").FullName;

        public TimeSpan Duration { get; private set; }

        public async ValueTask InitializeAsync()
        {
            var timer = Stopwatch.StartNew();
            await RunAsync(["demo", "load", "--data-dir", Loaded]);
            Duration = timer.Elapsed;
        }

        public ValueTask DisposeAsync()
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(Loaded, recursive: true);
            return ValueTask.CompletedTask;
        }
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task Killed_during_a_trade_import_the_store_keeps_its_years_and_the_import_runs_again()
    {
        var start = State();
        var work = State();
        var small = await GenerateAsync(work, 2020, 20_000);
        var large = await GenerateAsync(work, 2021, 800_000);
        await RunAsync(["trade", "import", "baci", small, "--data-dir", start]);
        var before = await YearsAsync(start);

        var (duration, full) = await TimedAsync(start, ["trade", "import", "baci", large]);
        var rows = (await YearsAsync(full))[2021];
        foreach (var copy in await KilledCopiesAsync(start, ["trade", "import", "baci", large], duration))
        {
            var years = await YearsAsync(copy);
            Assert.Equal(before[2020], years[2020]);
            Assert.True(!years.ContainsKey(2021) || years[2021] == rows, $"2021 has {years.GetValueOrDefault(2021)} of {rows} rows");
            await RunAsync(["trade", "import", "baci", large, "--data-dir", copy]);
            Assert.Equal(rows, (await YearsAsync(copy))[2021]);
        }
    }

    [Fact]
    public async Task Killed_during_an_index_build_the_index_is_the_old_one_or_the_new_one_and_builds_again()
    {
        var start = State();
        await RunAsync(["trade", "import", "baci", await GenerateAsync(State(), 2019, 300_000), "--data-dir", start]);

        var (duration, full) = await TimedAsync(start, ["index", "build"]);
        var built = await ShowAsync(full);
        Assert.NotNull(built);
        foreach (var copy in await KilledCopiesAsync(start, ["index", "build"], duration))
        {
            var shown = await ShowAsync(copy);
            Assert.True(shown is null || Same(shown, built), "a killed build left a different index");
            await RunAsync(["index", "build", "--data-dir", copy]);
            Assert.True(Same(built, (await ShowAsync(copy))!), "the index built after the crash differs");
        }
    }

    [Fact]
    public async Task Killed_during_the_demo_load_the_store_has_all_of_it_or_none_and_the_load_runs_again()
    {
        var exhibitors = await CountAsync(demo.Loaded, db => db.Exhibitors.CountAsync(Ct));

        var copies = await KilledCopiesAsync(State(), ["demo", "load"], demo.Duration);

        foreach (var copy in copies)
        {
            Assert.Contains(await CountAsync(copy, db => db.Exhibitors.CountAsync(Ct)), new[] { 0, exhibitors });
        }

        await RunAsync(["demo", "load", "--data-dir", copies[^1]]);
        Assert.Equal(exhibitors, await CountAsync(copies[^1], db => db.Exhibitors.CountAsync(Ct)));
    }

    [Fact]
    public async Task Killed_during_the_first_start_the_next_start_is_healthy_and_finishes_the_demo()
    {
        var state = State();
        var port = ChildLianbo.FreePort();
        // Killed twice on the way up (while migrating and loading, then while generating the demo), then started for good.
        foreach (var fraction in new[] { 0.4, 0.9 })
        {
            await using var cut = Serve(state, port);
            await Task.Delay(demo.Duration * fraction, Ct);
            await cut.KillAsync();
        }

        await using (var again = Serve(state, port))
        {
            Assert.True(await again.AnswersAsync($"http://127.0.0.1:{port}/healthz", "Healthy", Bound), again.Output);
        }

        Assert.Equal(2, await CountAsync(state, db => db.Editions.CountAsync(e => e.IsDemo, Ct)));
        Assert.Equal(await CountAsync(demo.Loaded, db => db.Exhibitors.CountAsync(Ct)), await CountAsync(state, db => db.Exhibitors.CountAsync(Ct)));
    }

    [Fact]
    public async Task Killed_while_publishing_a_schedule_no_one_is_double_booked_and_publishing_runs_again()
    {
        var start = Copy(demo.Loaded);
        await RunAsync(["schedule", "run", "--edition", "2", "--data-dir", start]);

        var (duration, _) = await TimedAsync(start, ["schedule", "publish", "--edition", "2"]);
        foreach (var copy in await KilledCopiesAsync(start, ["schedule", "publish", "--edition", "2"], duration))
        {
            // Published, or still a draft; never half of it.
            await AssertConsistentScheduleAsync(copy);
            var status = await CountAsync(copy, async db => (int)(await db.ScheduleDrafts.OrderByDescending(d => d.CreatedAt).FirstAsync(Ct)).Status);
            if (status == (int)ScheduleDraftStatus.Draft)
            {
                await RunAsync(["schedule", "publish", "--edition", "2", "--data-dir", copy]);
            }

            await AssertConsistentScheduleAsync(copy);
            Assert.Equal(0, await CountAsync(copy, db => db.Meetings.CountAsync(m => m.Status == MeetingStatus.Confirmed && m.EditionId != null && m.Slot == null, Ct)));
        }
    }

    // Every placed meeting holds its slot for both sides and its table, and no one holds a slot twice.
    private static async Task AssertConsistentScheduleAsync(string state)
    {
        await using var db = Open(state);
        var placed = await db.Meetings.AsNoTracking().Where(m => m.Status == MeetingStatus.Confirmed && m.Slot != null).ToListAsync(Ct);
        var holds = await db.SlotHolds.AsNoTracking().ToListAsync(Ct);
        Assert.Equal(holds.Count, holds.Select(h => (h.EditionId, h.Holder, h.Slot)).Distinct().Count());
        var byMeeting = holds.ToLookup(h => h.MeetingId);
        Assert.All(placed, m => Assert.Equal(m.TableId is null ? 2 : 3, byMeeting[m.Id].Count(h => h.Slot == m.Slot)));
    }

    private static ChildLianbo Serve(string state, int port) =>
        ChildLianbo.Start(["serve", "--data-dir", state, "--url", $"http://127.0.0.1:{port}"]);

    // One run to the end on a copy of the starting state: how long it takes, and the state it leaves.
    private async Task<(TimeSpan Duration, string State)> TimedAsync(string start, string[] command)
    {
        var copy = Copy(start);
        var timer = Stopwatch.StartNew();
        await RunAsync([.. command, "--data-dir", copy]);
        return (timer.Elapsed, copy);
    }

    // Fresh copies of the starting state, each with the command killed at another point of its run.
    private async Task<List<string>> KilledCopiesAsync(string start, string[] command, TimeSpan duration)
    {
        var copies = new List<string>();
        foreach (var fraction in new[] { 0.35, 0.8 })
        {
            var copy = Copy(start);
            await using (var child = ChildLianbo.Start([.. command, "--data-dir", copy]))
            {
                await Task.Delay(duration * fraction, Ct);
                await child.KillAsync();
            }

            copies.Add(copy);
        }

        return copies;
    }

    // The same table, numbers equal to a relative 1e-9: parallel sums may end in other last digits from build to build.
    private static bool Same(string a, string b)
    {
        var (x, y) = (a.Split([',', '\n']), b.Split([',', '\n']));
        return x.Length == y.Length && x.Zip(y).All(p => p.First == p.Second
            || (double.TryParse(p.First, System.Globalization.CultureInfo.InvariantCulture, out var u)
                && double.TryParse(p.Second, System.Globalization.CultureInfo.InvariantCulture, out var v)
                && Math.Abs(u - v) <= 1e-9 * Math.Max(Math.Abs(u), Math.Abs(v))));
    }

    // The connectivity index as CSV, or null when none is stored.
    private static async Task<string?> ShowAsync(string state)
    {
        await using var child = ChildLianbo.Start(["index", "show", "connectivity", "--format", "csv", "--top", "1000", "--data-dir", state]);
        Assert.True(await child.ExitsAsync(Bound), child.Output);
        return child.ExitCode == 0 ? child.Output : null;
    }

    private static async Task RunAsync(string[] args)
    {
        await using var child = ChildLianbo.Start(args);
        Assert.True(await child.ExitsAsync(Bound), $"lianbo {string.Join(' ', args)} did not exit within {Bound.TotalMinutes} minutes; its output: {child.Output}");
        Assert.True(child.ExitCode == 0, $"lianbo {string.Join(' ', args)} exited {child.ExitCode}: {child.Output}");
    }

    private static async Task<string> GenerateAsync(string directory, int year, int rows)
    {
        var file = Path.Combine(directory, $"BACI_HS92_Y{year}_V202301.csv");
        await RunAsync(["trade", "generate", "--year", year.ToString(System.Globalization.CultureInfo.InvariantCulture), "--rows", rows.ToString(System.Globalization.CultureInfo.InvariantCulture), "--out", file]);
        return file;
    }

    // The stored years and their rows, as the store lists them (which must not fail after a crash).
    private static async Task<Dictionary<int, long>> YearsAsync(string state)
    {
        var store = Lianbo.Trade.Store.TradeStore.InDirectory(state);
        return (await store.ListDatasetsAsync(Ct)).ToDictionary(d => d.Year, d => d.Rows);
    }

    private static async Task<T> CountAsync<T>(string state, Func<LianboDbContext, Task<T>> query)
    {
        await using var db = Open(state);
        return await query(db);
    }

    private static LianboDbContext Open(string state) => DatabaseProvider.CreateContext(new LianboOptions { DataDirectory = state });

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _directories.ForEach(d => Directory.Delete(d, recursive: true));
    }

    private string State()
    {
        var directory = Directory.CreateTempSubdirectory("lianbo-crash-").FullName;
        _directories.Add(directory);
        return directory;
    }

    private string Copy(string from)
    {
        var to = State();
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        return to;
    }
}
