namespace Runnerly.Running.Plans;

/// <summary>A day-by-day plan to a race, in calendar weeks from Monday.</summary>
public sealed record TrainingPlan
{
    /// <summary>The weeks, first (possibly partial, from today) to race week.</summary>
    public required IReadOnlyList<PlanWeek> Weeks { get; init; }

    /// <summary>Things the runner should know about the plan.</summary>
    public required IReadOnlyList<PlanWarning> Warnings { get; init; }

    /// <summary>The VDOT the training paces come from.</summary>
    public required double Vdot { get; init; }

    /// <summary>The training paces used.</summary>
    public required TrainingPaces Paces { get; init; }

    /// <summary>The race day.</summary>
    public required DateOnly RaceDate { get; init; }

    /// <summary>The race distance in metres.</summary>
    public required double RaceDistanceMeters { get; init; }

    /// <summary>
    /// The volume the ramp starts from: the runner's current weekly volume, raised to the distance's floor
    /// and lowered to the plan's peak if needed.
    /// </summary>
    public required double StartWeeklyKm { get; init; }

    /// <summary>The highest weekly target before the taper; taper volumes are fractions of it.</summary>
    public required double PeakWeeklyKm { get; init; }

    /// <summary>All sessions in date order.</summary>
    public IEnumerable<PlannedSession> Sessions => Weeks.SelectMany(w => w.Sessions);
}

/// <summary>The phase a week belongs to.</summary>
public enum PlanPhase
{
    /// <summary>Easy volume and short repetitions.</summary>
    Base,

    /// <summary>Threshold and interval work grows with volume.</summary>
    Build,

    /// <summary>Race-specific work at peak volume.</summary>
    Peak,

    /// <summary>Volume falls, intensity stays.</summary>
    Taper,

    /// <summary>The week with the race.</summary>
    Race,
}

/// <summary>One Monday-to-Sunday week of a plan.</summary>
public sealed record PlanWeek
{
    /// <summary>1 for the week containing today.</summary>
    public required int Number { get; init; }

    /// <summary>The Monday the week starts on (may be before today in week 1).</summary>
    public required DateOnly StartDate { get; init; }

    /// <summary>The phase.</summary>
    public required PlanPhase Phase { get; init; }

    /// <summary>Whether this is a lighter (about 80 %) week between loading weeks.</summary>
    public required bool IsCutback { get; init; }

    /// <summary>
    /// The week's volume target as if the whole week were available; the ramp and taper rules apply to it.
    /// The first week holds the sessions the whole week would have from today on; the race week schedules
    /// each run day before the race its share (target ÷ run days) and adds the race.
    /// </summary>
    public required double TargetKm { get; init; }

    /// <summary>The kilometres actually scheduled, the race excluded. Lower than the target in a partial week.</summary>
    public required double PlannedKm { get; init; }

    /// <summary>The sessions, in date order.</summary>
    public required IReadOnlyList<PlannedSession> Sessions { get; init; }
}
