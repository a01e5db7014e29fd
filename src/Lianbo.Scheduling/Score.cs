namespace Lianbo.Scheduling;

/// <summary>
/// How good a schedule is, compared lexicographically (<see cref="CompareTo"/>):
/// <list type="number">
/// <item><see cref="Weight"/>, the weighted number of scheduled meetings (must-meet 10, would-like 1 by default), higher is better;</item>
/// <item><see cref="Fairness"/> = MinimumShortfallPenalty × <see cref="MinimumShortfall"/> + ShareShortfallPenalty × <see cref="ShareShortfall"/>, lower is better;</item>
/// <item><see cref="Tidiness"/> = IdleGapPenalty × <see cref="IdleGaps"/> + HallChangePenalty × <see cref="HallChanges"/>, lower is better.</item>
/// </list>
/// So no amount of fairness buys a single would-like meeting, and no tidiness buys any fairness: a weighted sum
/// with weights that dominate each level (Weight × (F + 1)(T + 1) − Fairness × (T + 1) − Tidiness, F and T the
/// largest possible penalties) orders schedules the same way.
/// </summary>
/// <param name="MinimumShortfall">Σ over participants of max(0, minimum − meetings).</param>
/// <param name="ShareShortfall">
/// Σ over chains c and pair classes k with a floor of p% of max(0, ⌈p × N_c / 100⌉ − K_ck), N_c the chain's scheduled
/// meetings and K_ck those of class k.
/// </param>
/// <param name="IdleGaps">Slots between a participant's first and last meeting of a day in which it neither meets nor is blocked.</param>
/// <param name="HallChanges">Σ over participants and days of (halls it meets in that day − 1).</param>
public sealed record Score(
    long Weight, int Meetings, int MustMeets,
    int MinimumShortfall, int ParticipantsBelowMinimum, int ParticipantsWithMinimum,
    int ShareShortfall, int ShareFloorsMet, int ShareFloors,
    int IdleGaps, int HallChanges, long Fairness, long Tidiness) : IComparable<Score>
{
    public int CompareTo(Score? other)
    {
        if (other is null) return 1;
        if (Weight != other.Weight) return Weight.CompareTo(other.Weight);
        if (Fairness != other.Fairness) return other.Fairness.CompareTo(Fairness);
        return other.Tidiness.CompareTo(Tidiness);
    }

    /// <summary>Participant minimums and chain share floors met, of all of them.</summary>
    public string FloorsMet => $"{ParticipantsWithMinimum - ParticipantsBelowMinimum + ShareFloorsMet}/{ParticipantsWithMinimum + ShareFloors}";

    /// <summary>
    /// Scores <paramref name="schedule"/> from scratch with plain dictionaries, independently of the solvers (which keep
    /// their own running totals); ids that are not requests or tables are ignored (<see cref="ScheduleChecker"/> reports them).
    /// </summary>
    public static Score Of(Instance instance, Schedule schedule, SchedulingOptions options)
    {
        var hallOf = instance.Tables.GroupBy(t => t.Id).ToDictionary(g => g.Key, g => g.First().Hall);
        var requests = instance.Requests.GroupBy(r => r.Id).ToDictionary(g => g.Key, g => g.First());
        var perParticipant = new Dictionary<int, List<(int Slot, int Hall)>>();
        long weight = 0;
        int meetings = 0, must = 0;
        var chainTotals = new Dictionary<int, int>();
        var chainClass = new Dictionary<(int Chain, PairClass Class), int>();
        foreach (var (id, at) in schedule.Placements)
        {
            if (!requests.TryGetValue(id, out var r) || !hallOf.TryGetValue(at.Table, out var hall)) continue;
            meetings++;
            weight += options.WeightOf(r.Priority);
            if (r.Priority == Priority.MustMeet) must++;
            foreach (var p in new[] { r.A, r.B })
            {
                if (!perParticipant.TryGetValue(p, out var list)) perParticipant[p] = list = [];
                list.Add((at.Slot, hall));
            }

            if (r.Chain is { } chain)
            {
                chainTotals[chain] = chainTotals.GetValueOrDefault(chain) + 1;
                foreach (var k in ShareClasses.Where(k => r.Classes.HasFlag(k)))
                {
                    chainClass[(chain, k)] = chainClass.GetValueOrDefault((chain, k)) + 1;
                }
            }
        }

        int shortfall = 0, below = 0, withMinimum = 0, gaps = 0, changes = 0;
        foreach (var p in instance.Participants)
        {
            var mine = perParticipant.GetValueOrDefault(p.Id) ?? [];
            if (p.MinMeetings > 0)
            {
                withMinimum++;
                if (mine.Count < p.MinMeetings)
                {
                    below++;
                    shortfall += p.MinMeetings - mine.Count;
                }
            }

            foreach (var day in mine.GroupBy(m => instance.Grid.DayOf(m.Slot)))
            {
                var first = day.Min(m => m.Slot);
                var last = day.Max(m => m.Slot);
                var busy = day.Select(m => m.Slot).ToHashSet();
                gaps += Enumerable.Range(first, last - first + 1).Count(s => !busy.Contains(s) && !p.IsBlocked(s));
                changes += day.Select(m => m.Hall).Distinct().Count() - 1;
            }
        }

        int shareShortfall = 0, floorsMet = 0, floors = 0;
        foreach (var chain in instance.Requests.Where(r => r.Chain is not null).Select(r => r.Chain!.Value).Distinct())
        {
            foreach (var k in ShareClasses.Where(k => options.SharePercent(k) > 0))
            {
                floors++;
                var missing = ShareMissing(options.SharePercent(k), chainTotals.GetValueOrDefault(chain), chainClass.GetValueOrDefault((chain, k)));
                shareShortfall += missing;
                if (missing == 0) floorsMet++;
            }
        }

        return new Score(weight, meetings, must, shortfall, below, withMinimum, shareShortfall, floorsMet, floors, gaps, changes,
            (long)options.MinimumShortfallPenalty * shortfall + (long)options.ShareShortfallPenalty * shareShortfall,
            (long)options.IdleGapPenalty * gaps + (long)options.HallChangePenalty * changes);
    }

    /// <summary>The pair classes that have share floors, one flag each.</summary>
    public static IReadOnlyList<PairClass> ShareClasses { get; } = [PairClass.LargeSme, PairClass.ForeignDomestic];

    /// <summary>How many class meetings a chain lacks: max(0, ⌈percent × total / 100⌉ − ofClass).</summary>
    public static int ShareMissing(int percent, int total, int ofClass) => Math.Max(0, (percent * total + 99) / 100 - ofClass);
}
