namespace Runnerly.Running.Plans;

/// <summary>What a runner asks a plan for. "Today" is an input: the generator never reads the clock.</summary>
public sealed record PlanRequest
{
    /// <summary>The first day the plan may schedule a session on (the runner's local date).</summary>
    public required DateOnly Today { get; init; }

    /// <summary>The race day; the plan ends with it.</summary>
    public required DateOnly RaceDate { get; init; }

    /// <summary>The race distance, 1500 m to 50 km.</summary>
    public required double RaceDistanceMeters { get; init; }

    /// <summary>Current fitness (<see cref="Running.Vdot.MinSupported"/>–<see cref="Running.Vdot.MaxSupported"/>); training paces come from it.</summary>
    public required double Vdot { get; init; }

    /// <summary>Kilometres per week the runner runs now; 0 for a new runner (the plan then starts from a floor by distance).</summary>
    public required double CurrentWeeklyKm { get; init; }

    /// <summary>The weekdays the runner can run, 3 to 7 of them.</summary>
    public required IReadOnlySet<DayOfWeek> RunDays { get; init; }

    /// <summary>The weekday of the long run; one of <see cref="RunDays"/>.</summary>
    public required DayOfWeek LongRunDay { get; init; }

    /// <summary>An optional goal finish time.</summary>
    public TimeSpan? GoalTime { get; init; }
}
