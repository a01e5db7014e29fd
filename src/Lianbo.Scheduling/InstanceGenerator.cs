namespace Lianbo.Scheduling;

/// <summary>
/// Expo-shaped instances for tests and benchmarks, the same for the same seed. A quarter of the participants are
/// exhibitors (a third of them large), the rest visitors; 40% are foreign; each belongs to one of seven chains.
/// Requests go from a random participant to an exhibitor picked with Zipf-like popularity (so popular exhibitors get
/// more requests than their maximum), a quarter of them must-meet; a meeting's chain is the exhibitor's. Everyone
/// is blocked in the opening keynote (day 1, first slot) and an exhibitor also for its booth duty (four slots on
/// each of two days); visitors lose two random slots. Halls stand in a row: the next two halls are one slot's walk
/// away, farther ones two.
/// </summary>
public static class InstanceGenerator
{
    public const int Chains = 7;

    public static Instance Generate(
        int participants, int requests, int tables, int seed,
        int days = 5, int slotsPerDay = 16, int halls = 6)
    {
        var random = new Random(seed);
        var grid = SlotGrid.Daily(new DateOnly(2026, 7, 15), days, slotsPerDay);
        var exhibitors = Math.Max(1, participants / 4);
        var large = new bool[participants];
        var foreign = new bool[participants];
        var chain = new int[participants];
        var list = new List<Participant>(participants);
        for (var i = 0; i < participants; i++)
        {
            var exhibitor = i < exhibitors;
            large[i] = exhibitor && random.NextDouble() < 1.0 / 3;
            foreign[i] = random.NextDouble() < 0.4;
            chain[i] = random.Next(Chains);
            var blocked = new HashSet<int> { 0 };
            if (exhibitor)
            {
                foreach (var day in Enumerable.Range(0, days).OrderBy(_ => random.Next()).Take(Math.Min(2, days)))
                {
                    var start = day * slotsPerDay + random.Next(Math.Max(1, slotsPerDay - 3));
                    for (var s = start; s < start + 4 && s < (day + 1) * slotsPerDay; s++) blocked.Add(s);
                }
            }
            else
            {
                blocked.Add(random.Next(grid.SlotCount));
                blocked.Add(random.Next(grid.SlotCount));
            }

            list.Add(new Participant(i + 1, MinMeetings: 2, MaxMeetings: exhibitor ? 12 : 8, Blocked: blocked));
        }

        // Popularity of exhibitor r (0-based rank): 1 / (r + 10)^0.8, drawn through the cumulative sums.
        var cumulative = new double[exhibitors];
        for (var r = 0; r < exhibitors; r++) cumulative[r] = (r == 0 ? 0 : cumulative[r - 1]) + 1 / Math.Pow(r + 10, 0.8);
        var pairs = new HashSet<(int, int)>();
        var meetings = new List<MeetingRequest>(requests);
        for (var attempts = 0; meetings.Count < requests && attempts < requests * 20; attempts++)
        {
            var a = random.Next(participants);
            var pick = random.NextDouble() * cumulative[^1];
            var b = Array.BinarySearch(cumulative, pick);
            b = b < 0 ? Math.Min(~b, exhibitors - 1) : b;
            if (a == b || !pairs.Add((Math.Min(a, b), Math.Max(a, b)))) continue;
            var classes = (large[a] != large[b] ? PairClass.LargeSme : PairClass.None)
                | (foreign[a] != foreign[b] ? PairClass.ForeignDomestic : PairClass.None);
            meetings.Add(new MeetingRequest(meetings.Count + 1, a + 1, b + 1,
                random.NextDouble() < 0.25 ? Priority.MustMeet : Priority.WouldLike, classes, chain[b]));
        }

        var tableList = Enumerable.Range(0, tables).Select(t => new Table(t + 1, t * halls / Math.Max(1, tables))).ToList();
        var walking = Enumerable.Range(0, halls)
            .Select(h => (IReadOnlyList<int>)[.. Enumerable.Range(0, halls).Select(g => h == g ? 0 : Math.Abs(h - g) <= 2 ? 1 : 2)])
            .ToList();
        return new Instance(grid, list, tableList, meetings, walking);
    }
}
