namespace Runnerly.Training.Model;

/// <summary>
/// A runner's training plan for a race: the original version and every re-plan beside it (never
/// written over), and the secret of its private calendar feed.
/// </summary>
public sealed class Plan
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public required string RunnerId { get; init; }

    public Guid RaceId { get; init; }

    public PlanStatus Status { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? ArchivedAt { get; set; }

    /// <summary>The runner's IANA time zone when the plan was made: its dates are on that calendar.</summary>
    public required string TimeZone { get; init; }

    /// <summary>The weekdays the runner trains on, as a bit per <see cref="DayOfWeek"/>.</summary>
    public int RunDays { get; set; }

    public DayOfWeek LongRunDay { get; set; }

    public int? GoalSeconds { get; set; }

    /// <summary>The unguessable part of the calendar feed's URL; a new one revokes the old.</summary>
    public required string CalendarSecret { get; set; }

    public List<PlanVersion> Versions { get; init; } = [];
}

public enum PlanStatus
{
    Active,
    Archived,
}

/// <summary>One version of a plan: the original (1) or a re-plan, which holds from <see cref="FromDate"/> on.</summary>
public sealed class PlanVersion
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid PlanId { get; init; }

    public int Number { get; init; }

    public DateOnly FromDate { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Why it was made, in the runner's words of the page ("Original plan", "Re-planned: …").</summary>
    public required string Reason { get; init; }

    public double Vdot { get; init; }

    public double StartWeeklyKm { get; init; }

    public double PeakWeeklyKm { get; init; }

    /// <summary>The generator's warnings, as JSON.</summary>
    public required string Warnings { get; init; }

    /// <summary>The weeks' phases and targets, as JSON.</summary>
    public required string Weeks { get; init; }

    public List<PlanSession> Sessions { get; init; } = [];
}

/// <summary>One planned run of a version.</summary>
public sealed class PlanSession
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid VersionId { get; init; }

    public DateOnly Date { get; init; }

    public required string Kind { get; init; }

    public double DistanceMeters { get; init; }

    public int DurationSeconds { get; init; }

    public double PaceFastSecondsPerKm { get; init; }

    public double PaceSlowSecondsPerKm { get; init; }

    public required string Description { get; init; }

    public int Reps { get; init; }

    public double RepMeters { get; init; }

    public int RecoverySeconds { get; init; }

    public double WarmupMeters { get; init; }

    public double CooldownMeters { get; init; }

    /// <summary>
    /// The calendar's SEQUENCE for this day's event: the event keeps its UID across re-plans and the
    /// number rises whenever the session of that day changed, so calendars update it in place.
    /// </summary>
    public int Sequence { get; init; }
}
