namespace Runnerly.Web.Clients;

// The web's own view of the training service's plans (no shared contracts between services).

/// <summary>"Get a plan": the weekdays (monday … sunday), the long-run day among them, an optional goal, and a recent effort when the runs do not show fitness.</summary>
public sealed record PlanRequest(Guid RaceId, IReadOnlyList<string> RunDays, string LongRunDay, string? GoalTime, RecentEffort? RecentRace);

/// <summary>A recent race or hard run: meters and a time such as "48:30".</summary>
public sealed record RecentEffort(double DistanceMeters, string Time);

public sealed record PlanRace(Guid Id, string Name, DateOnly Date, string? StartTime, double DistanceMeters, string City, string Country);

/// <summary>A plan in the runner's list: active or archived, with its next session.</summary>
public sealed record PlanSummary(Guid Id, string Status, PlanRace Race, DateTimeOffset CreatedAt, int Versions, PlanSession? Next);

public sealed record PlanDetail(
    Guid Id, string Status, PlanRace Race, IReadOnlyList<string> RunDays, string LongRunDay, int? GoalSeconds, double Vdot, IReadOnlyList<PlanNotice> Warnings,
    IReadOnlyList<PlanVersion> Versions, IReadOnlyList<PlanWeek> Weeks, ComplianceTotals Totals, ReplanAdvice? Replan, CalendarLinks? Calendar, DateOnly Today)
{
    public bool IsActive => Status == "active";
}

/// <summary>Something the runner should know about the plan: a code (ShortPlan, GoalBeyondFitness…) and a sentence.</summary>
public sealed record PlanNotice(string Code, string Message);

/// <summary>The original plan (1) or a re-plan, in force from <see cref="FromDate"/>.</summary>
public sealed record PlanVersion(int Number, DateOnly FromDate, DateTimeOffset CreatedAt, string Reason, double Vdot, double StartWeeklyKm, double PeakWeeklyKm);

/// <summary>A Monday-to-Sunday week: its phase (Base, Build, Peak, Taper, Race), its kilometres, and how its sessions went.</summary>
public sealed record PlanWeek(
    int Number, DateOnly StartDate, string Phase, bool IsCutback, double TargetKm, double PlannedKm, double DoneKm, ComplianceTotals Totals,
    IReadOnlyList<PlanSession> Sessions);

/// <summary>
/// One planned run: its kind (easy, recovery, long, marathonPace, threshold, interval, repetition, race), the structured
/// fields to describe it in any units, the km description, and its status (pending, done, partlyDone, missed) with the run matched to it.
/// </summary>
public sealed record PlanSession(
    DateOnly Date, string Kind, double DistanceMeters, int DurationSeconds, double PaceFastSecondsPerKm, double PaceSlowSecondsPerKm, string Description,
    int Reps, double RepMeters, int RecoverySeconds, string Status, MatchedRun? Run);

public sealed record MatchedRun(Guid Id, DateOnly Date, double DistanceMeters, int MovingTimeSeconds);

public sealed record ComplianceTotals(int Done, int PartlyDone, int Missed, int Pending);

/// <summary>Why the plan suggests "Re-plan from today".</summary>
public sealed record ReplanAdvice(string Reason);

/// <summary>The plan's private calendar feed, for Google and Outlook (https) and Apple (webcal).</summary>
public sealed record CalendarLinks(string Https, string Webcal);

/// <summary>This week of one active plan.</summary>
public sealed record WeekOfPlan(Guid PlanId, PlanRace Race, DateOnly Monday, IReadOnlyList<PlanSession> Sessions);

/// <summary>
/// What asking for a plan came to: the plan, or why not — errors by the API's field names (<c>recentRace</c> when the
/// runs do not show fitness yet), a message, or the plan the runner already has for this race.
/// </summary>
public sealed record PlanOutcome(Guid? PlanId, IReadOnlyDictionary<string, string> FieldErrors, string? Problem, Guid? ExistingPlanId)
{
    public bool NeedsRecentRace => FieldErrors.ContainsKey("recentRace");
}
