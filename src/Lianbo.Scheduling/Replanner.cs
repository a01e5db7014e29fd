namespace Lianbo.Scheduling;

/// <summary>What changed since a schedule was published.</summary>
/// <param name="Cancelled">Meeting ids that will not take place.</param>
/// <param name="NewRequests">Late requests (new ids).</param>
/// <param name="NewlyBlocked">Participant id → slots it can no longer meet in.</param>
public sealed record ScheduleChanges(
    IReadOnlyCollection<int>? Cancelled = null,
    IReadOnlyList<MeetingRequest>? NewRequests = null,
    IReadOnlyDictionary<int, IReadOnlySet<int>>? NewlyBlocked = null);

/// <summary>
/// A re-plan: the instance after the changes, the new schedule (checked against that instance), and what happened to
/// each published meeting that was not cancelled — kept in its exact slot and table, moved, or dropped.
/// </summary>
public sealed record ReplanResult(Instance Instance, SolveResult Result, IReadOnlyList<int> Kept, IReadOnlyList<int> Moved, IReadOnlyList<int> Dropped)
{
    /// <summary>Published meetings that did not stay where they were.</summary>
    public int Disrupted => Moved.Count + Dropped.Count;
}

/// <summary>
/// Re-planning after cancellations, late requests and newly blocked slots. The order is: (1) fewest published meetings
/// disrupted (moved or dropped); then (2) the most weight, then fairness, then tidiness, as in <see cref="Score"/>.
/// <para>
/// (1) is met by construction: every published meeting whose slot is still free for both participants is pinned to
/// its slot and table. Those pinned meetings were part of a valid schedule and the changes only remove meetings and
/// availability, so together they remain valid; and a meeting whose slot became blocked for a participant cannot
/// keep its place in any schedule. So the disrupted meetings are exactly those hit by new blocks — the minimum.
/// The solver then places the hit meetings and the new requests around the pinned ones, which for (2) is the ordinary
/// problem with pinned meetings (exactly optimal with CP-SAT, best effort with the heuristic).
/// </para>
/// </summary>
public static class Replanner
{
    public static ReplanResult Replan(
        Instance instance, Schedule published, ScheduleChanges changes,
        SchedulingOptions? options = null, SolverMethod method = SolverMethod.Auto)
    {
        var cancelled = changes.Cancelled?.ToHashSet() ?? [];
        var newlyBlocked = changes.NewlyBlocked ?? new Dictionary<int, IReadOnlySet<int>>();
        var participants = instance.Participants
            .Select(p => newlyBlocked.TryGetValue(p.Id, out var more)
                ? p with { Blocked = (p.Blocked ?? new HashSet<int>()).Union(more).ToHashSet() }
                : p)
            .ToList();
        var byId = participants.ToDictionary(p => p.Id);

        var requests = new List<MeetingRequest>();
        foreach (var r in instance.Requests.Where(r => !cancelled.Contains(r.Id)))
        {
            if (published.Placements.TryGetValue(r.Id, out var at))
            {
                var stays = !byId[r.A].IsBlocked(at.Slot) && !byId[r.B].IsBlocked(at.Slot);
                requests.Add(r with { Fixed = stays ? at : null });
            }
            else
            {
                requests.Add(r);
            }
        }

        requests.AddRange(changes.NewRequests ?? []);
        var updated = instance with { Participants = participants, Requests = requests };
        var result = Scheduler.Solve(updated, options, method);

        List<int> kept = [], moved = [], dropped = [];
        foreach (var (id, at) in published.Placements.Where(p => !cancelled.Contains(p.Key)).OrderBy(p => p.Key))
        {
            if (!result.Schedule.Placements.TryGetValue(id, out var now)) dropped.Add(id);
            else if (now == at) kept.Add(id);
            else moved.Add(id);
        }

        return new ReplanResult(updated, result, kept, moved, dropped);
    }
}
