namespace Lianbo.Scheduling;

public enum ViolationKind
{
    UnknownMeeting,
    UnknownTable,
    SlotOutOfGrid,
    TableTooSmall,
    ParticipantDoubleBooked,
    TableDoubleBooked,
    ParticipantUnavailable,
    NoTimeToWalk,
    AboveMaximum,
    PinnedMeetingMoved,
}

/// <summary>One broken hard constraint, with the meetings (and participant) involved.</summary>
public sealed record Violation(ViolationKind Kind, string Message, IReadOnlyList<int> Meetings, int? Participant = null);

/// <summary>
/// Verifies any schedule against every hard constraint, from the instance alone. It shares no code with the solvers
/// on purpose: it is the independent witness every test calls on every schedule a solver produces.
/// </summary>
public static class ScheduleChecker
{
    public static IReadOnlyList<Violation> Check(Instance instance, Schedule schedule)
    {
        var violations = new List<Violation>();
        var requests = instance.Requests.ToDictionary(r => r.Id);
        var tables = instance.Tables.ToDictionary(t => t.Id);
        var participants = instance.Participants.ToDictionary(p => p.Id);
        var held = new List<(MeetingRequest Request, Placement At, Table Table)>();

        foreach (var (id, at) in schedule.Placements.OrderBy(p => p.Key))
        {
            if (!requests.TryGetValue(id, out var request))
            {
                violations.Add(new(ViolationKind.UnknownMeeting, $"meeting {id} was not requested", [id]));
                continue;
            }

            if (!tables.TryGetValue(at.Table, out var table))
            {
                violations.Add(new(ViolationKind.UnknownTable, $"meeting {id} is at table {at.Table}, which does not exist", [id]));
                continue;
            }

            if (at.Slot < 0 || at.Slot >= instance.Grid.SlotCount)
            {
                violations.Add(new(ViolationKind.SlotOutOfGrid, $"meeting {id} is in slot {at.Slot}, outside the grid", [id]));
                continue;
            }

            if (table.Capacity < 2)
            {
                violations.Add(new(ViolationKind.TableTooSmall, $"meeting {id} is at table {table.Id}, which seats {table.Capacity}", [id]));
            }

            held.Add((request, at, table));
        }

        foreach (var r in instance.Requests.Where(r => r.Fixed is not null))
        {
            if (!schedule.Placements.TryGetValue(r.Id, out var at) || at != r.Fixed!.Value)
            {
                violations.Add(new(ViolationKind.PinnedMeetingMoved, $"pinned meeting {r.Id} is not in slot {r.Fixed!.Value.Slot} at table {r.Fixed.Value.Table}", [r.Id]));
            }
        }

        foreach (var clash in held.GroupBy(h => (h.At.Slot, h.At.Table)).Where(g => g.Count() > 1))
        {
            violations.Add(new(ViolationKind.TableDoubleBooked, $"table {clash.Key.Table} holds {clash.Count()} meetings in slot {clash.Key.Slot}",
                [.. clash.Select(h => h.Request.Id)]));
        }

        var byParticipant = held
            .SelectMany(h => new[] { (Participant: h.Request.A, h), (Participant: h.Request.B, h) })
            .GroupBy(x => x.Participant, x => x.h);
        foreach (var group in byParticipant)
        {
            var who = group.Key;
            var mine = group.OrderBy(h => h.At.Slot).ToList();
            var p = participants.GetValueOrDefault(who);
            if (p is not null && mine.Count > p.MaxMeetings)
            {
                violations.Add(new(ViolationKind.AboveMaximum, $"participant {who} has {mine.Count} meetings, more than its maximum {p.MaxMeetings}",
                    [.. mine.Select(h => h.Request.Id)], who));
            }

            foreach (var h in mine.Where(h => p?.IsBlocked(h.At.Slot) == true))
            {
                violations.Add(new(ViolationKind.ParticipantUnavailable, $"participant {who} is not available in slot {h.At.Slot} (meeting {h.Request.Id})", [h.Request.Id], who));
            }

            for (var i = 0; i < mine.Count; i++)
            {
                for (var j = i + 1; j < mine.Count; j++)
                {
                    var (first, second) = (mine[i], mine[j]);
                    if (first.At.Slot == second.At.Slot)
                    {
                        violations.Add(new(ViolationKind.ParticipantDoubleBooked,
                            $"participant {who} is in meetings {first.Request.Id} and {second.Request.Id} in slot {first.At.Slot}",
                            [first.Request.Id, second.Request.Id], who));
                        continue;
                    }

                    if (instance.Grid.DayOf(first.At.Slot) != instance.Grid.DayOf(second.At.Slot)) continue;
                    var free = second.At.Slot - first.At.Slot - 1;
                    var walk = instance.Walk(first.Table.Hall, second.Table.Hall);
                    if (free < walk)
                    {
                        violations.Add(new(ViolationKind.NoTimeToWalk,
                            $"participant {who} has {free} free slots to walk from hall {first.Table.Hall} (meeting {first.Request.Id}) to hall {second.Table.Hall} (meeting {second.Request.Id}), needs {walk}",
                            [first.Request.Id, second.Request.Id], who));
                    }
                }
            }
        }

        return violations;
    }
}
