namespace Lianbo.Scheduling;

/// <summary>
/// An instance compiled to dense indices for the solvers. Tables in one hall are interchangeable (every usable table
/// seats two), so the solvers place meetings in (slot, hall) cells holding at most that hall's table count, and
/// <see cref="ToSchedule"/> then hands out tables, pinned meetings keeping theirs: assign slots and halls first,
/// tables second, which loses nothing.
/// </summary>
internal sealed class Problem
{
    public Instance Instance { get; }
    public SchedulingOptions Options { get; }
    public int Participants { get; }
    public int Meetings { get; }
    public int Slots { get; }
    public int Halls { get; }
    public int SlotsPerDay { get; }
    public int[] A { get; }
    public int[] B { get; }
    public int[] Weight { get; }
    public int[] Min { get; }
    public int[] Max { get; }

    /// <summary>Blocked[p × Slots + s].</summary>
    public bool[] Blocked { get; }

    public int[] TablesInHall { get; }
    public int[][] HallTables { get; }
    public int[,] Walk { get; }
    public int MaxWalk { get; }
    public int[] FixedSlot { get; }
    public int[] FixedHall { get; }
    public int[] Chain { get; }
    public PairClass[] Classes { get; }
    public int ChainCount { get; }
    public int[][] MeetingsOf { get; }

    public Problem(Instance instance, SchedulingOptions options)
    {
        var problems = instance.Validate();
        if (problems.Count > 0) throw new ArgumentException("The instance is not valid: " + string.Join("; ", problems), nameof(instance));

        Instance = instance;
        Options = options;
        Participants = instance.Participants.Count;
        Meetings = instance.Requests.Count;
        Slots = instance.Grid.SlotCount;
        SlotsPerDay = instance.Grid.SlotsPerDay;
        Halls = Math.Max(1, instance.HallCount);
        var index = new Dictionary<int, int>();
        for (var i = 0; i < Participants; i++) index[instance.Participants[i].Id] = i;

        Min = [.. instance.Participants.Select(p => p.MinMeetings)];
        Max = [.. instance.Participants.Select(p => p.MaxMeetings)];
        Blocked = new bool[Participants * Slots];
        for (var i = 0; i < Participants; i++)
        {
            foreach (var s in instance.Participants[i].Blocked ?? new HashSet<int>())
            {
                if (s >= 0 && s < Slots) Blocked[i * Slots + s] = true;
            }
        }

        HallTables = [.. Enumerable.Range(0, Halls).Select(h => instance.Tables.Where(t => t.Hall == h).Select(t => t.Id).ToArray())];
        TablesInHall = [.. HallTables.Select(t => t.Length)];
        Walk = new int[Halls, Halls];
        for (var h = 0; h < Halls; h++)
        {
            for (var g = 0; g < Halls; g++)
            {
                Walk[h, g] = h < instance.HallCount && g < instance.HallCount ? instance.Walk(h, g) : 0;
                MaxWalk = Math.Max(MaxWalk, Walk[h, g]);
            }
        }

        var hallOfTable = instance.Tables.ToDictionary(t => t.Id, t => t.Hall);
        var chains = new Dictionary<int, int>();
        A = new int[Meetings];
        B = new int[Meetings];
        Weight = new int[Meetings];
        FixedSlot = new int[Meetings];
        FixedHall = new int[Meetings];
        Chain = new int[Meetings];
        Classes = new PairClass[Meetings];
        var of = Enumerable.Range(0, Participants).Select(_ => new List<int>()).ToArray();
        for (var m = 0; m < Meetings; m++)
        {
            var r = instance.Requests[m];
            A[m] = index[r.A];
            B[m] = index[r.B];
            of[A[m]].Add(m);
            of[B[m]].Add(m);
            Weight[m] = options.WeightOf(r.Priority);
            FixedSlot[m] = r.Fixed?.Slot ?? -1;
            FixedHall[m] = r.Fixed is { } f ? hallOfTable[f.Table] : -1;
            Classes[m] = r.Classes;
            if (r.Chain is { } c)
            {
                if (!chains.TryGetValue(c, out var ci)) chains[c] = ci = chains.Count;
                Chain[m] = ci;
            }
            else
            {
                Chain[m] = -1;
            }
        }

        ChainCount = chains.Count;
        MeetingsOf = [.. of.Select(l => l.ToArray())];
    }

    public int DayOf(int slot) => slot / SlotsPerDay;

    public bool Free(int participant, int slot) => !Blocked[participant * Slots + slot];

    /// <summary>The slots meeting m may take: its pinned slot, or those where neither side is blocked.</summary>
    public IEnumerable<int> CandidateSlots(int m) => FixedSlot[m] >= 0
        ? [FixedSlot[m]]
        : Enumerable.Range(0, Slots).Where(s => Free(A[m], s) && Free(B[m], s));

    /// <summary>The halls meeting m may take: its pinned table's hall, or every hall with tables.</summary>
    public IEnumerable<int> CandidateHalls(int m) => FixedHall[m] >= 0
        ? [FixedHall[m]]
        : Enumerable.Range(0, Halls).Where(h => TablesInHall[h] > 0);

    /// <summary>Turns (slot, hall) per meeting (−1 = unscheduled) into a schedule; pinned meetings keep their tables.</summary>
    public Schedule ToSchedule(int[] slot, int[] hall)
    {
        var placements = new Dictionary<int, Placement>();
        var taken = new HashSet<(int Slot, int Table)>();
        for (var m = 0; m < Meetings; m++)
        {
            if (Instance.Requests[m].Fixed is { } f && slot[m] == f.Slot)
            {
                placements[Instance.Requests[m].Id] = f;
                taken.Add((f.Slot, f.Table));
            }
        }

        var next = new Dictionary<(int Slot, int Hall), int>();
        for (var m = 0; m < Meetings; m++)
        {
            if (slot[m] < 0 || placements.ContainsKey(Instance.Requests[m].Id)) continue;
            var tables = HallTables[hall[m]];
            var i = next.GetValueOrDefault((slot[m], hall[m]));
            while (taken.Contains((slot[m], tables[i]))) i++;
            placements[Instance.Requests[m].Id] = new Placement(slot[m], tables[i]);
            next[(slot[m], hall[m])] = i + 1;
        }

        return new Schedule(placements);
    }
}
