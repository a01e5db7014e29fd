namespace Lianbo.Scheduling;

/// <summary>
/// The objective's weights and the solvers' limits. The objective is lexicographic (see <see cref="Score"/>):
/// first the weighted number of scheduled meetings, then the fairness penalty, then the tidiness penalty; the
/// penalties below weigh terms within one level only, never across levels.
/// </summary>
public sealed record SchedulingOptions
{
    public int MustMeetWeight { get; init; } = 10;
    public int WouldLikeWeight { get; init; } = 1;

    /// <summary>Fairness: penalty per meeting a participant lacks of its minimum.</summary>
    public int MinimumShortfallPenalty { get; init; } = 1;

    /// <summary>Fairness: penalty per meeting a chain lacks of a pair-class floor.</summary>
    public int ShareShortfallPenalty { get; init; } = 1;

    /// <summary>Floor, in percent of a chain's scheduled meetings, of large ↔ SME meetings (0 = no floor).</summary>
    public int LargeSmeSharePercent { get; init; }

    /// <summary>Floor, in percent of a chain's scheduled meetings, of foreign ↔ domestic meetings (0 = no floor).</summary>
    public int ForeignDomesticSharePercent { get; init; }

    /// <summary>Tidiness: penalty per idle slot between a participant's first and last meeting of a day.</summary>
    public int IdleGapPenalty { get; init; } = 1;

    /// <summary>Tidiness: penalty per hall beyond the first that a participant meets in on one day.</summary>
    public int HallChangePenalty { get; init; } = 2;

    /// <summary>
    /// Wall-clock budget of one solve: the heuristic's local search stops there; the exact method gives the heuristic
    /// a fifth of it (for CP-SAT's starting hint) and CP-SAT the rest.
    /// </summary>
    public TimeSpan TimeLimit { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Budget of CP-SAT on the integer relaxation behind the upper bound (see <see cref="UpperBound"/>), on top of
    /// <see cref="TimeLimit"/>; zero keeps the LP bound alone.
    /// </summary>
    public TimeSpan BoundTimeLimit { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>CP-SAT's search workers (num_workers).</summary>
    public int Workers { get; init; } = 2;

    public int Seed { get; init; } = 1;

    /// <summary>
    /// <see cref="Scheduler.Solve"/> uses CP-SAT when the exact model has at most this many placement variables
    /// (meeting × slot × hall), the heuristic otherwise.
    /// </summary>
    public int ExactVariableLimit { get; init; } = 200_000;

    public int WeightOf(Priority priority) => priority == Priority.MustMeet ? MustMeetWeight : WouldLikeWeight;

    public int SharePercent(PairClass single) => single switch
    {
        PairClass.LargeSme => LargeSmeSharePercent,
        PairClass.ForeignDomestic => ForeignDomesticSharePercent,
        _ => 0,
    };

    public static SchedulingOptions Default { get; } = new();
}
