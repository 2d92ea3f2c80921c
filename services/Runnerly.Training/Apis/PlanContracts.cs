namespace Runnerly.Training.Apis;

/// <summary>
/// "Get a plan" for a race: the weekdays the runner can run (monday … sunday), the long-run day, an
/// optional goal, and a recent race result when their runs do not show their fitness yet.
/// </summary>
public sealed record PlanInput(Guid? RaceId, IReadOnlyList<string>? RunDays, string? LongRunDay, string? GoalTime, RecentRace? RecentRace);

/// <summary>A recent race or hard effort: its distance in meters and time ("21:30", "1:45:00").</summary>
public sealed record RecentRace(double? DistanceMeters, string? Time);

/// <summary>"Re-plan from today", optionally on other days.</summary>
public sealed record ReplanInput(IReadOnlyList<string>? RunDays, string? LongRunDay);

public sealed record PlanSummary(Guid Id, string Status, PlanRace Race, DateTimeOffset CreatedAt, int Versions, SessionView? Next);

public sealed record PlanRace(Guid Id, string Name, DateOnly Date, string? StartTime, double DistanceMeters, string City, string Country);

public sealed record PlanDetail(
    Guid Id,
    string Status,
    PlanRace Race,
    IReadOnlyList<string> RunDays,
    string LongRunDay,
    int? GoalSeconds,
    double Vdot,
    IReadOnlyList<Plans.PlanNotice> Warnings,
    IReadOnlyList<VersionView> Versions,
    IReadOnlyList<WeekView> Weeks,
    ComplianceTotals Totals,
    ReplanAdvice? Replan,
    CalendarLinks? Calendar,
    DateOnly Today);

public sealed record VersionView(int Number, DateOnly FromDate, DateTimeOffset CreatedAt, string Reason, double Vdot, double StartWeeklyKm, double PeakWeeklyKm);

/// <summary>A calendar week of the plan: its target, what is planned, and what was done of it.</summary>
public sealed record WeekView(
    int Number, DateOnly StartDate, string Phase, bool IsCutback, double TargetKm, double PlannedKm, double DoneKm, ComplianceTotals Totals, IReadOnlyList<SessionView> Sessions);

/// <summary>One planned run and how it went: pending, done, partlyDone or missed, with the run matched to it.</summary>
public sealed record SessionView(
    DateOnly Date,
    string Kind,
    double DistanceMeters,
    int DurationSeconds,
    double PaceFastSecondsPerKm,
    double PaceSlowSecondsPerKm,
    string Description,
    int Reps,
    double RepMeters,
    int RecoverySeconds,
    string Status,
    MatchedRun? Run);

public sealed record MatchedRun(Guid Id, DateOnly Date, double DistanceMeters, int MovingTimeSeconds);

public sealed record ComplianceTotals(int Done, int PartlyDone, int Missed, int Pending);

/// <summary>Why the plan offers "Re-plan from today".</summary>
public sealed record ReplanAdvice(string Reason);

/// <summary>The plan's private calendar feed, as https (Google, Outlook) and webcal (Apple) links.</summary>
public sealed record CalendarLinks(string Https, string Webcal);
