using System.Diagnostics;

namespace Lianbo.Scheduling;

/// <summary>
/// Greedy construction and local search for instances too large for the exact model. Meetings go into (slot, hall)
/// cells (tables come after, see <see cref="Problem.ToSchedule"/>). Construction places pinned meetings, then the
/// rest by weight (must-meet first), most constrained first (fewest common free slots), each where it adds the least
/// idle time and fewest hall changes. Local search then, until no move helps or time is up: (1) inserts unscheduled
/// meetings directly, by moving one meeting that is in the way elsewhere, or — when that is worth more weight — by
/// evicting lighter ones; (2) for participants below their minimum, swaps in one of their meetings for a meeting of
/// equal weight (in the same slot, or of a partner at its maximum) when that lowers the fairness penalty; (3) moves single meetings to places with less idle time and fewer hall changes. Every move
/// keeps every hard constraint, and each move improves the score lexicographically, so the search ends.
/// </summary>
internal sealed class HeuristicScheduler
{
    private readonly Problem _p;
    private readonly int[] _slot;
    private readonly int[] _hall;
    private readonly int[] _occupant;
    private readonly int[] _used;
    private readonly int[] _count;
    private readonly List<int>[] _cell;
    private readonly int[] _blockedPrefix;
    private readonly int[] _chainTotal;
    private readonly int[] _chainClass;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly TimeSpan _limit;
    private readonly int _capacity;
    private int _scheduled;

    private readonly bool[]? _preferred;

    private readonly long _weightBound;
    private long _weight;

    /// <param name="preferred">Meetings to place before the others of their weight (the relaxation's selection), if any.</param>
    /// <param name="weightBound">A known upper bound on the weight: insertion stops trying once it is reached.</param>
    public HeuristicScheduler(Problem problem, TimeSpan limit, bool[]? preferred = null, long weightBound = long.MaxValue)
    {
        _p = problem;
        _preferred = preferred;
        _weightBound = weightBound;
        _limit = limit;
        _slot = Enumerable.Repeat(-1, problem.Meetings).ToArray();
        _hall = Enumerable.Repeat(-1, problem.Meetings).ToArray();
        _occupant = Enumerable.Repeat(-1, problem.Participants * problem.Slots).ToArray();
        _used = new int[problem.Slots * problem.Halls];
        _count = new int[problem.Participants];
        _cell = [.. Enumerable.Range(0, problem.Slots * problem.Halls).Select(_ => new List<int>())];
        _blockedPrefix = new int[problem.Participants * (problem.Slots + 1)];
        for (var who = 0; who < problem.Participants; who++)
        {
            var row = who * (problem.Slots + 1);
            for (var s = 0; s < problem.Slots; s++) _blockedPrefix[row + s + 1] = _blockedPrefix[row + s] + (problem.Free(who, s) ? 0 : 1);
        }

        // Tables in slots where at least two participants are free: the others can never be used.
        _capacity = problem.TablesInHall.Sum() * Enumerable.Range(0, problem.Slots)
            .Count(s => Enumerable.Range(0, problem.Participants).Where(who => problem.Free(who, s)).Take(2).Count() == 2);
        _chainTotal = new int[problem.ChainCount];
        _chainClass = new int[problem.ChainCount * Score.ShareClasses.Count];
    }

    public (int[] Slot, int[] Hall) Solve()
    {
        Construct();
        for (var round = 0; round < 20 && !TimeUp; round++)
        {
            var improved = InsertUnscheduled();
            improved |= RaiseMinimums();
            improved |= Tidy();
            if (!improved) break;
        }

        return (_slot, _hall);
    }

    private bool TimeUp => _clock.Elapsed >= _limit;

    private void Construct()
    {
        var order = Enumerable.Range(0, _p.Meetings).ToArray();
        new Random(_p.Options.Seed).Shuffle(order);
        var freeSlots = new int[_p.Meetings];
        for (var m = 0; m < _p.Meetings; m++) freeSlots[m] = _p.FixedSlot[m] >= 0 ? -1 : _p.CandidateSlots(m).Count();
        var demand = new int[_p.Participants];
        for (var who = 0; who < _p.Participants; who++) demand[who] = _p.MeetingsOf[who].Length - _p.Max[who];
        order = [.. order
            .OrderByDescending(m => _p.FixedSlot[m] >= 0)
            .ThenByDescending(m => _preferred?[m] == true)
            .ThenByDescending(m => _p.Weight[m])
            .ThenBy(m => freeSlots[m])
            .ThenBy(m => Math.Max(demand[_p.A[m]], demand[_p.B[m]]))];
        foreach (var m in order)
        {
            if (_p.FixedSlot[m] >= 0) Place(m, _p.FixedSlot[m], _p.FixedHall[m]);
            else if (Best(m) is { } at) Place(m, at.Slot, at.Hall);
        }
    }

    // ---- state ----

    private void Place(int m, int s, int h)
    {
        _slot[m] = s;
        _hall[m] = h;
        _occupant[_p.A[m] * _p.Slots + s] = m;
        _occupant[_p.B[m] * _p.Slots + s] = m;
        _used[s * _p.Halls + h]++;
        _cell[s * _p.Halls + h].Add(m);
        _count[_p.A[m]]++;
        _count[_p.B[m]]++;
        _scheduled++;
        _weight += _p.Weight[m];
        CountChain(m, +1);
    }

    private void Remove(int m)
    {
        var (s, h) = (_slot[m], _hall[m]);
        _occupant[_p.A[m] * _p.Slots + s] = -1;
        _occupant[_p.B[m] * _p.Slots + s] = -1;
        _used[s * _p.Halls + h]--;
        _cell[s * _p.Halls + h].Remove(m);
        _count[_p.A[m]]--;
        _count[_p.B[m]]--;
        _scheduled--;
        _weight -= _p.Weight[m];
        CountChain(m, -1);
        _slot[m] = _hall[m] = -1;
    }

    private void CountChain(int m, int delta)
    {
        var c = _p.Chain[m];
        if (c < 0) return;
        _chainTotal[c] += delta;
        for (var k = 0; k < Score.ShareClasses.Count; k++)
        {
            if (_p.Classes[m].HasFlag(Score.ShareClasses[k])) _chainClass[c * Score.ShareClasses.Count + k] += delta;
        }
    }

    private int Occupant(int who, int s) => _occupant[who * _p.Slots + s];

    /// <summary>Whether participant who can meet in hall h in slot s given its other meetings that day (ignoring meeting <paramref name="ignore"/>).</summary>
    private bool CanWalk(int who, int s, int h, int ignore = -1)
    {
        var day = _p.DayOf(s);
        for (var d = 1; d <= _p.MaxWalk; d++)
        {
            var earlier = s - d;
            if (earlier >= 0 && _p.DayOf(earlier) == day && Occupant(who, earlier) is var e and >= 0 && e != ignore && d - 1 < _p.Walk[_hall[e], h]) return false;
            var later = s + d;
            if (later < _p.Slots && _p.DayOf(later) == day && Occupant(who, later) is var l and >= 0 && l != ignore && d - 1 < _p.Walk[h, _hall[l]]) return false;
        }

        return true;
    }

    private bool CanPlace(int m, int s, int h)
    {
        var (a, b) = (_p.A[m], _p.B[m]);
        return _used[s * _p.Halls + h] < _p.TablesInHall[h]
            && Occupant(a, s) < 0 && Occupant(b, s) < 0 && _p.Free(a, s) && _p.Free(b, s)
            && _count[a] < _p.Max[a] && _count[b] < _p.Max[b]
            && CanWalk(a, s, h) && CanWalk(b, s, h);
    }

    // ---- tidiness, O(1) per candidate from a per-day summary ----

    private readonly record struct Day(int First, int Last, int Count, ulong Halls);

    private Day[] Summaries(int who)
    {
        var days = new Day[_p.Slots / _p.SlotsPerDay];
        for (var d = 0; d < days.Length; d++)
        {
            int first = -1, last = -1, count = 0;
            ulong halls = 0;
            for (var s = d * _p.SlotsPerDay; s < (d + 1) * _p.SlotsPerDay; s++)
            {
                if (Occupant(who, s) is var m and >= 0)
                {
                    if (first < 0) first = s;
                    last = s;
                    count++;
                    halls |= 1UL << (_hall[m] & 63);
                }
            }

            days[d] = new Day(first, last, count, halls);
        }

        return days;
    }

    private int Blocked(int who, int from, int to) =>
        _blockedPrefix[who * (_p.Slots + 1) + to + 1] - _blockedPrefix[who * (_p.Slots + 1) + from];

    /// <summary>The change in tidiness penalty when participant who gets a meeting in (s, h), s free and not blocked.</summary>
    private long TidyDelta(int who, Day day, int s, int h)
    {
        if (day.Count == 0) return 0;
        var gapsBefore = day.Last - day.First + 1 - day.Count - Blocked(who, day.First, day.Last);
        int first = Math.Min(day.First, s), last = Math.Max(day.Last, s);
        var gapsAfter = last - first + 1 - (day.Count + 1) - Blocked(who, first, last);
        var newHall = (day.Halls & (1UL << (h & 63))) == 0 ? 1 : 0;
        return (long)_p.Options.IdleGapPenalty * (gapsAfter - gapsBefore) + (long)_p.Options.HallChangePenalty * newHall;
    }

    /// <summary>The feasible (slot, hall) for m with the least added tidiness penalty; ties go to the emptier cell, then the earlier slot.</summary>
    private (int Slot, int Hall, long Cost)? Best(int m, int avoidSlot = -1)
    {
        var (a, b) = (_p.A[m], _p.B[m]);
        if (_count[a] >= _p.Max[a] || _count[b] >= _p.Max[b]) return null;
        var daysA = Summaries(a);
        var daysB = Summaries(b);
        (int Slot, int Hall, long Cost)? best = null;
        var bestUsed = 0;
        for (var s = 0; s < _p.Slots; s++)
        {
            if (s == avoidSlot || Occupant(a, s) >= 0 || Occupant(b, s) >= 0 || !_p.Free(a, s) || !_p.Free(b, s)) continue;
            var d = _p.DayOf(s);
            for (var h = 0; h < _p.Halls; h++)
            {
                var used = _used[s * _p.Halls + h];
                if (used >= _p.TablesInHall[h] || !CanWalk(a, s, h) || !CanWalk(b, s, h)) continue;
                var cost = TidyDelta(a, daysA[d], s, h) + TidyDelta(b, daysB[d], s, h);
                if (best is null || cost < best.Value.Cost || (cost == best.Value.Cost && used * _p.TablesInHall[best.Value.Hall] < bestUsed * _p.TablesInHall[h]))
                {
                    best = (s, h, cost);
                    bestUsed = used;
                }
            }
        }

        return best;
    }

    // ---- (1) insert unscheduled meetings ----

    private bool InsertUnscheduled()
    {
        var any = false;
        var lightest = _p.Weight.DefaultIfEmpty(0).Min();
        var pending = Enumerable.Range(0, _p.Meetings).Where(m => _slot[m] < 0).OrderByDescending(m => _p.Weight[m]).ToList();
        foreach (var m in pending)
        {
            if (TimeUp || _weight >= _weightBound) break;
            if (_slot[m] >= 0) continue;
            if (TryInsert(m) || (_p.Weight[m] > lightest && (TryEvict(m) || TryChain(m)))) any = true;
        }

        return any;
    }

    /// <summary>Places m directly, or after moving one meeting that stands in its way to a place of its own.</summary>
    private bool TryInsert(int m)
    {
        if (Best(m) is { } at)
        {
            Place(m, at.Slot, at.Hall);
            return true;
        }

        var (a, b) = (_p.A[m], _p.B[m]);
        if (_count[a] >= _p.Max[a] || _count[b] >= _p.Max[b]) return false;
        for (var s = 0; s < _p.Slots; s++)
        {
            if (!_p.Free(a, s) || !_p.Free(b, s)) continue;
            var (oa, ob) = (Occupant(a, s), Occupant(b, s));
            if (oa >= 0 && ob >= 0) continue;
            var blocker = Math.Max(oa, ob);
            if (blocker >= 0)
            {
                if (Relocate(blocker, m, s, -1)) return true;
                continue;
            }

            // Both are free: the cells are full or walking rules them out; move one meeting out of a full cell,
            // which only helps when some cell has a free table.
            if (_scheduled >= _capacity) continue;
            for (var h = 0; h < _p.Halls; h++)
            {
                if (_p.TablesInHall[h] == 0 || _used[s * _p.Halls + h] < _p.TablesInHall[h] || !CanWalk(a, s, h) || !CanWalk(b, s, h)) continue;
                foreach (var o in _cell[s * _p.Halls + h].Take(8).ToList())
                {
                    if (Relocate(o, m, s, h)) return true;
                }
            }
        }

        return false;
    }

    /// <summary>Moves <paramref name="blocker"/> out of slot s so that m fits there (in hall h, or any hall when h is −1); undoes on failure.</summary>
    private bool Relocate(int blocker, int m, int s, int h)
    {
        if (_p.FixedSlot[blocker] >= 0) return false;
        var (bs, bh) = (_slot[blocker], _hall[blocker]);
        Remove(blocker);
        var target = h >= 0 ? (CanPlace(m, s, h) ? h : -1) : FirstHall(m, s);
        if (target >= 0)
        {
            Place(m, s, target);
            if (Best(blocker, avoidSlot: s) is { } elsewhere)
            {
                Place(blocker, elsewhere.Slot, elsewhere.Hall);
                return true;
            }

            Remove(m);
        }

        Place(blocker, bs, bh);
        return false;
    }

    private int FirstHall(int m, int s)
    {
        for (var h = 0; h < _p.Halls; h++)
        {
            if (CanPlace(m, s, h)) return h;
        }

        return -1;
    }

    /// <summary>
    /// Places m by evicting meetings of less total weight: those of its participants in the slot, one meeting from a
    /// full cell, and one meeting each of a participant at its maximum. The evicted are then offered places again.
    /// </summary>
    private bool TryEvict(int m)
    {
        var (a, b) = (_p.A[m], _p.B[m]);
        (long Weight, List<int> Evict, int Slot, int Hall)? best = null;
        for (var s = 0; s < _p.Slots; s++)
        {
            if (!_p.Free(a, s) || !_p.Free(b, s)) continue;
            var evict = new List<int>();
            foreach (var o in new[] { Occupant(a, s), Occupant(b, s) })
            {
                if (o >= 0 && !evict.Contains(o)) evict.Add(o);
            }

            for (var h = 0; h < _p.Halls; h++)
            {
                if (_p.TablesInHall[h] == 0) continue;
                var set = new List<int>(evict);
                if (_used[s * _p.Halls + h] - set.Count(o => _hall[o] == h) >= _p.TablesInHall[h])
                {
                    var lightest = _cell[s * _p.Halls + h].Where(o => _p.FixedSlot[o] < 0 && !set.Contains(o)).DefaultIfEmpty(-1).MinBy(o => o < 0 ? int.MaxValue : _p.Weight[o]);
                    if (lightest < 0) continue;
                    set.Add(lightest);
                }

                foreach (var who in new[] { a, b })
                {
                    if (_count[who] - set.Count(o => _p.A[o] == who || _p.B[o] == who) < _p.Max[who]) continue;
                    var lightest = _p.MeetingsOf[who].Where(o => _slot[o] >= 0 && _p.FixedSlot[o] < 0 && !set.Contains(o)).DefaultIfEmpty(-1).MinBy(o => o < 0 ? int.MaxValue : _p.Weight[o]);
                    if (lightest < 0) goto next;
                    set.Add(lightest);
                }

                var weight = set.Sum(o => (long)_p.Weight[o]);
                if (weight < _p.Weight[m] && set.All(o => _p.FixedSlot[o] < 0) && (best is null || weight < best.Value.Weight))
                {
                    best = (weight, set, s, h);
                }

            next:;
            }
        }

        if (best is not { } chosen) return false;
        var saved = chosen.Evict.Select(o => (o, _slot[o], _hall[o])).ToList();
        foreach (var o in chosen.Evict) Remove(o);
        if (!CanPlace(m, chosen.Slot, chosen.Hall))
        {
            // Walking from a meeting that stays rules the cell out after all; put everything back.
            foreach (var (o, s, h) in saved) Place(o, s, h);
            return false;
        }

        Place(m, chosen.Slot, chosen.Hall);
        foreach (var o in chosen.Evict) TryInsert(o);
        return true;
    }

    /// <summary>
    /// Places m in a slot where one meeting o of its participants stands in the way, moving o to a place that is free
    /// or that a meeting lighter than m gives up (which then looks for a place of its own): a chain of two moves that
    /// gains weight, for when the tables are full and the meetings in the way are as heavy as m.
    /// </summary>
    private bool TryChain(int m)
    {
        var (a, b) = (_p.A[m], _p.B[m]);
        if (_count[a] >= _p.Max[a] || _count[b] >= _p.Max[b]) return false;
        for (var s = 0; s < _p.Slots; s++)
        {
            if (!_p.Free(a, s) || !_p.Free(b, s)) continue;
            var (oa, ob) = (Occupant(a, s), Occupant(b, s));
            if ((oa >= 0) == (ob >= 0)) continue;
            var o = Math.Max(oa, ob);
            if (_p.FixedSlot[o] >= 0) continue;
            var (os, oh) = (_slot[o], _hall[o]);
            Remove(o);
            var h = CanPlace(m, s, oh) ? oh : FirstHall(m, s);
            if (h >= 0)
            {
                Place(m, s, h);
                if (Best(o, avoidSlot: s) is { } free)
                {
                    Place(o, free.Slot, free.Hall);
                    return true;
                }

                if (MakeWay(o, s, _p.Weight[m]) is { } evicted)
                {
                    TryInsert(evicted);
                    return true;
                }

                Remove(m);
            }

            Place(o, os, oh);
        }

        return false;
    }

    /// <summary>Places o outside slot <paramref name="avoid"/> in a full cell by evicting its lightest meeting lighter than <paramref name="below"/>; returns the evicted one.</summary>
    private int? MakeWay(int o, int avoid, int below)
    {
        var (a, b) = (_p.A[o], _p.B[o]);
        for (var s = 0; s < _p.Slots; s++)
        {
            if (s == avoid || Occupant(a, s) >= 0 || Occupant(b, s) >= 0 || !_p.Free(a, s) || !_p.Free(b, s)) continue;
            for (var h = 0; h < _p.Halls; h++)
            {
                if (_p.TablesInHall[h] == 0 || !CanWalk(a, s, h) || !CanWalk(b, s, h)) continue;
                var cell = _cell[s * _p.Halls + h];
                var lightest = -1;
                foreach (var l in cell)
                {
                    if (_p.FixedSlot[l] < 0 && _p.Weight[l] < below && (lightest < 0 || _p.Weight[l] < _p.Weight[lightest])) lightest = l;
                }

                if (lightest < 0) continue;
                var (ls, lh) = (_slot[lightest], _hall[lightest]);
                Remove(lightest);
                if (CanPlace(o, s, h))
                {
                    Place(o, s, h);
                    return lightest;
                }

                Place(lightest, ls, lh);
            }
        }

        return null;
    }

    // ---- (2) fairness ----

    private long FairnessOf(int who) => (long)_p.Options.MinimumShortfallPenalty * Math.Max(0, _p.Min[who] - _count[who]);

    private long ShareFairness(int c)
    {
        if (c < 0) return 0;
        long total = 0;
        for (var k = 0; k < Score.ShareClasses.Count; k++)
        {
            var percent = _p.Options.SharePercent(Score.ShareClasses[k]);
            if (percent > 0) total += Score.ShareMissing(percent, _chainTotal[c], _chainClass[c * Score.ShareClasses.Count + k]);
        }

        return total * _p.Options.ShareShortfallPenalty;
    }

    private long LocalFairness(int m, int o) =>
        new[] { _p.A[m], _p.B[m], _p.A[o], _p.B[o] }.Distinct().Sum(FairnessOf)
        + new[] { _p.Chain[m], _p.Chain[o] }.Distinct().Sum(ShareFairness);

    /// <summary>
    /// For each participant below its minimum (and each chain below a share floor), schedules one of its meetings in
    /// place of a scheduled meeting of the same weight when that lowers the fairness penalty.
    /// </summary>
    private bool RaiseMinimums()
    {
        var candidates = Enumerable.Range(0, _p.Meetings)
            .Where(m => _slot[m] < 0 && (_count[_p.A[m]] < _p.Min[_p.A[m]] || _count[_p.B[m]] < _p.Min[_p.B[m]]
                || (_p.Classes[m] != PairClass.None && ShareFairness(_p.Chain[m]) > 0)))
            .ToList();
        var any = false;
        foreach (var m in candidates)
        {
            if (TimeUp) break;
            if (_slot[m] >= 0) continue;
            if (TryInsert(m) || SwapIn(m) || SwapAtMaximum(m)) any = true;
        }

        return any;
    }

    // Whether a participant of a meeting that would make way keeps its minimum (or is one of m's own, who lose nothing).
    private bool Spare(int who, int m) => who == _p.A[m] || who == _p.B[m] || _count[who] > _p.Min[who];

    private bool SwapIn(int m)
    {
        var (a, b) = (_p.A[m], _p.B[m]);
        for (var s = 0; s < _p.Slots; s++)
        {
            if (!_p.Free(a, s) || !_p.Free(b, s)) continue;
            var (oa, ob) = (Occupant(a, s), Occupant(b, s));
            var inWay = oa >= 0 && ob >= 0 && oa != ob ? -2 : Math.Max(oa, ob);
            if (inWay == -2) continue;
            IEnumerable<int> options = inWay >= 0
                ? [inWay]
                : Enumerable.Range(0, _p.Halls).Where(h => _p.TablesInHall[h] > 0).SelectMany(h => _cell[s * _p.Halls + h].Take(8));
            foreach (var o in options.ToList())
            {
                if (_p.FixedSlot[o] >= 0 || _p.Weight[o] != _p.Weight[m] || !Spare(_p.A[o], m) || !Spare(_p.B[o], m)) continue;
                var (os, oh) = (_slot[o], _hall[o]);
                var before = LocalFairness(m, o);
                Remove(o);
                var h = CanPlace(m, s, oh) ? oh : FirstHall(m, s);
                if (h >= 0)
                {
                    Place(m, s, h);
                    if (LocalFairness(m, o) < before)
                    {
                        TryInsert(o);
                        return true;
                    }

                    Remove(m);
                }

                Place(o, os, oh);
            }
        }

        return false;
    }

    /// <summary>
    /// When one side of m is at its maximum, gives m the place of one of that side's meetings of equal weight whose
    /// other participant can spare it, if that lowers the fairness penalty.
    /// </summary>
    private bool SwapAtMaximum(int m)
    {
        foreach (var full in new[] { _p.A[m], _p.B[m] })
        {
            if (_count[full] < _p.Max[full]) continue;
            foreach (var o in _p.MeetingsOf[full])
            {
                if (_slot[o] < 0 || o == m || _p.FixedSlot[o] >= 0 || _p.Weight[o] != _p.Weight[m] || !Spare(_p.A[o], m) || !Spare(_p.B[o], m)) continue;
                var (os, oh) = (_slot[o], _hall[o]);
                var before = LocalFairness(m, o);
                Remove(o);
                if (Best(m) is { } at)
                {
                    Place(m, at.Slot, at.Hall);
                    if (LocalFairness(m, o) < before) return true;
                    Remove(m);
                }

                Place(o, os, oh);
            }
        }

        return false;
    }

    // ---- (3) tidiness ----

    /// <summary>Moves single meetings to the place with the least added idle time and hall changes, when strictly better.</summary>
    private bool Tidy()
    {
        var any = false;
        for (var pass = 0; pass < 3 && !TimeUp; pass++)
        {
            var moved = 0;
            for (var m = 0; m < _p.Meetings && !TimeUp; m++)
            {
                if (_slot[m] < 0 || _p.FixedSlot[m] >= 0) continue;
                var (s, h) = (_slot[m], _hall[m]);
                Remove(m);
                var here = TidyDelta(_p.A[m], Summaries(_p.A[m])[_p.DayOf(s)], s, h) + TidyDelta(_p.B[m], Summaries(_p.B[m])[_p.DayOf(s)], s, h);
                if (Best(m) is { } better && better.Cost < here)
                {
                    Place(m, better.Slot, better.Hall);
                    moved++;
                }
                else
                {
                    Place(m, s, h);
                }
            }

            any |= moved > 0;
            if (moved == 0) break;
        }

        return any;
    }
}
