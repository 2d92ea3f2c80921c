namespace Runnerly.Running.Plans;

/// <summary>The kind of a planned session.</summary>
public enum SessionKind
{
    /// <summary>Easy run at E pace.</summary>
    Easy,

    /// <summary>Short, slow run the day after the long run.</summary>
    Recovery,

    /// <summary>The week's long run at E pace.</summary>
    Long,

    /// <summary>A block at marathon pace.</summary>
    MarathonPace,

    /// <summary>Threshold repeats ("cruise intervals").</summary>
    Threshold,

    /// <summary>VO2max intervals with equal-time jogs.</summary>
    Interval,

    /// <summary>Short, fast repetitions with full recovery.</summary>
    Repetition,

    /// <summary>The race.</summary>
    Race,
}

/// <summary>Facts about <see cref="SessionKind"/>s.</summary>
public static class SessionKinds
{
    /// <summary>Hard days: quality sessions, the long run and the race. Two never follow each other.</summary>
    public static bool IsHard(this SessionKind kind) => kind is not (SessionKind.Easy or SessionKind.Recovery);
}

/// <summary>
/// One planned run. Structured fields let a client render the session in miles; <see cref="Description"/>
/// is the same in kilometres.
/// </summary>
public sealed record PlannedSession
{
    /// <summary>The local date.</summary>
    public required DateOnly Date { get; init; }

    /// <summary>What kind of session.</summary>
    public required SessionKind Kind { get; init; }

    /// <summary>Total distance including warm-up, recovery jogs and cool-down.</summary>
    public required double DistanceMeters { get; init; }

    /// <summary>Estimated total time.</summary>
    public required TimeSpan Duration { get; init; }

    /// <summary>The pace for the main part (the repetitions, or the whole run).</summary>
    public required PaceRange TargetPace { get; init; }

    /// <summary>Plain description in kilometres, e.g. "5 × 1 km at 3:53–3:57/km with 4 min jog between".</summary>
    public required string Description { get; init; }

    /// <summary>Number of work repetitions; 1 for a continuous run.</summary>
    public int Reps { get; init; } = 1;

    /// <summary>Length of one repetition (the whole run for continuous runs).</summary>
    public double RepMeters { get; init; }

    /// <summary>Jog between repetitions.</summary>
    public TimeSpan RecoveryDuration { get; init; }

    /// <summary>Easy running before the main part.</summary>
    public double WarmupMeters { get; init; }

    /// <summary>Easy running after the main part.</summary>
    public double CooldownMeters { get; init; }

    /// <summary>Distance of the main part: <see cref="Reps"/> × <see cref="RepMeters"/>.</summary>
    public double WorkMeters => Reps * RepMeters;
}
