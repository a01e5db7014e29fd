using System.Diagnostics;
using System.Globalization;
using Lianbo.Scheduling;

namespace Lianbo.Bench;

/// <summary>
/// The batch scheduler (issue 9) on generated expos from 200 to 20,000 participants (3 requests per participant, 3
/// tables per 100 participants unless --tables-per-100 says otherwise, 5 days × 16 slots): the heuristic's time, weight, upper bound and gap, and for the
/// small sizes CP-SAT's proven optimum on the same instance in the same run. Times are medians of the runs.
/// </summary>
public static class ScheduleBenchmark
{
    public static int Run(string[] args)
    {
        int[] sizes = [200, 500, 1000, 2000, 5000, 10000, 20000];
        var runs = 3;
        var seed = 9;
        var exactUpTo = 500;
        var heuristicSeconds = 50.0;
        var exactSeconds = 120.0;
        var tablesPer100 = 3.0;
        var days = 5;
        var slotsPerDay = 16;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--sizes": sizes = [.. args[i + 1].Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture))]; break;
                case "--runs": runs = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--seed": seed = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--exact-up-to": exactUpTo = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--time-limit": heuristicSeconds = double.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--exact-time-limit": exactSeconds = double.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--tables-per-100": tablesPer100 = double.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--days": days = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--slots-per-day": slotsPerDay = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
            }
        }

        var options = new SchedulingOptions { LargeSmeSharePercent = 20, ForeignDomesticSharePercent = 30, Seed = seed };
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{Environment.ProcessorCount} cores, .NET {Environment.Version}; {days} days × {slotsPerDay} slots; seed {seed}; heuristic limit {heuristicSeconds} s, CP-SAT limit {exactSeconds} s ({options.Workers} workers); medians of {runs} runs"));
        Console.WriteLine();
        Console.WriteLine("| participants | requests | tables | solver | seconds | CPU s | objective | bound | gap | unscheduled (must-meet) | minimums met ¹ | share floors met | idle slots | hall changes |");
        Console.WriteLine("|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        var comparisons = new List<string>();
        var failed = false;
        foreach (var participants in sizes)
        {
            var tables = Math.Max(2, (int)(participants * tablesPer100 / 100));
            var instance = InstanceGenerator.Generate(participants, participants * 3, tables, seed, days, slotsPerDay, halls: Math.Clamp(tables / 3, 2, 6));
            var heuristic = Repeat(runs, () => Scheduler.Solve(instance, options with { TimeLimit = TimeSpan.FromSeconds(heuristicSeconds) }, SolverMethod.Heuristic));
            failed |= !Check(instance, heuristic.Result);
            Print(instance, "heuristic", heuristic, heuristic.Result);
            if (participants > exactUpTo) continue;

            var exact = Repeat(1, () => Scheduler.Solve(instance, options with { TimeLimit = TimeSpan.FromSeconds(exactSeconds) }, SolverMethod.Exact));
            failed |= !Check(instance, exact.Result);
            Print(instance, exact.Result.ProvenOptimal ? "CP-SAT (all levels optimal)" : exact.Result.WeightOptimal ? "CP-SAT (weight optimal)" : "CP-SAT (time limit)", exact, exact.Result);
            comparisons.Add(string.Create(CultureInfo.InvariantCulture,
                $"| {participants:N0} | {heuristic.Seconds / exact.Seconds:0.0000} | {(double)heuristic.Result.Score.Weight / exact.Result.Score.Weight:0.0000} | {heuristic.Result.Score.Fairness} / {heuristic.Result.Score.Tidiness} | {exact.Result.Score.Fairness} / {exact.Result.Score.Tidiness} |"));
        }

        Console.WriteLine();
        Console.WriteLine("¹ participants that got their minimum / those with at least that many requests / all with a minimum");
        if (comparisons.Count > 0)
        {
            Console.WriteLine();
            Console.WriteLine("| participants | time heuristic ÷ CP-SAT | weight heuristic ÷ CP-SAT | heuristic fairness / tidiness penalty | CP-SAT fairness / tidiness penalty |");
            Console.WriteLine("|---:|---:|---:|---:|---:|");
            comparisons.ForEach(Console.WriteLine);
        }

        return failed ? 1 : 0;
    }

    private static (double Seconds, double Cpu, SolveResult Result) Repeat(int runs, Func<SolveResult> solve)
    {
        var timed = Enumerable.Range(0, Math.Max(1, runs)).Select(_ =>
        {
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var result = solve();
            return (result, Cpu: (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds);
        }).ToList();
        static double Median(IEnumerable<double> values)
        {
            var sorted = values.Order().ToList();
            return sorted[sorted.Count / 2];
        }

        return (Median(timed.Select(t => t.result.Elapsed.TotalSeconds)), Median(timed.Select(t => t.Cpu)), timed[^1].result);
    }

    private static bool Check(Instance instance, SolveResult result)
    {
        var violations = ScheduleChecker.Check(instance, result.Schedule);
        foreach (var v in violations.Take(5)) Console.Error.WriteLine($"VIOLATION: {v.Message}");
        return violations.Count == 0;
    }

    private static void Print(Instance instance, string solver, (double Seconds, double Cpu, SolveResult) timing, SolveResult r)
    {
        var unscheduledMust = instance.Requests.Count(q => q.Priority == Priority.MustMeet && !r.Schedule.Placements.ContainsKey(q.Id));
        var requested = instance.Requests.SelectMany(q => new[] { q.A, q.B }).CountBy(id => id).ToDictionary();
        var withMinimum = instance.Participants.Where(p => p.MinMeetings > 0).ToList();
        var reachable = withMinimum.Count(p => requested.GetValueOrDefault(p.Id) >= p.MinMeetings);
        var met = r.Score.ParticipantsWithMinimum - r.Score.ParticipantsBelowMinimum;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {instance.Participants.Count:N0} | {instance.Requests.Count:N0} | {instance.Tables.Count:N0} | {solver} | {timing.Seconds:0.00} | {timing.Cpu:0.0} | {r.Score.Weight:N0} | {r.UpperBound:N0} | {r.Gap:P2} | {r.Unscheduled.Count:N0} ({unscheduledMust:N0}) | {met:N0} / {reachable:N0} / {withMinimum.Count:N0} | {r.Score.ShareFloorsMet}/{r.Score.ShareFloors} | {r.Score.IdleGaps:N0} | {r.Score.HallChanges:N0} |"));
    }
}
