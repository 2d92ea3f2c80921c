using Runnerly.Running.Plans;
using Runnerly.Training.Apis;
using Runnerly.Training.Clients;
using Runnerly.Training.Model;

namespace Runnerly.Training.Plans;

/// <summary>
/// The plan as the runner reads it: week by week, each past session graded against the run done that
/// day (or the day next to it), the weekly totals, and whether a re-plan would help.
/// </summary>
internal static class PlanProgress
{
    /// <summary>Offer a re-plan when the last two weeks came in under this share of what was planned…</summary>
    private const double ShortfallShare = 0.7;

    /// <summary>…or fitness moved this far from the VDOT the plan was made with.</summary>
    private const double VdotChange = 1.5;

    public static PlanDetail Describe(PlanSchedule schedule, Race race, IReadOnlyList<RunRecord> runs, DateOnly today, double? vdotNow, CalendarLinks? calendar)
    {
        var plan = schedule.Plan;
        var graded = Grade(schedule.Sessions, runs, today);
        var weeks = schedule.Weeks.Select((week, index) =>
        {
            var sessions = graded.Where(g => g.Date >= week.StartDate && g.Date < week.StartDate.AddDays(7)).ToList();
            return new WeekView(index + 1, week.StartDate, week.Phase, week.IsCutback, week.TargetKm,
                Math.Round(sessions.Sum(s => s.DistanceMeters) / 1000, 1),
                Math.Round(sessions.Sum(s => s.Run?.DistanceMeters ?? 0) / 1000, 1),
                Totals(sessions), sessions);
        }).ToList();

        var latest = schedule.Latest;
        return new PlanDetail(plan.Id, plan.Status.ToString().ToLowerInvariant(), Describe(race),
            RunDayBits.ToSet(plan.RunDays).OrderBy(d => ((int)d + 6) % 7).Select(Name).ToList(), Name(plan.LongRunDay), plan.GoalSeconds, latest.Vdot,
            PlanSchedule.Warnings(latest),
            plan.Versions.OrderBy(v => v.Number).Select(v => new VersionView(v.Number, v.FromDate, v.CreatedAt, v.Reason, v.Vdot, v.StartWeeklyKm, v.PeakWeeklyKm)).ToList(),
            weeks, Totals(graded), plan.Status == PlanStatus.Active ? Advice(weeks, today, latest.Vdot, vdotNow) : null, calendar, today);
    }

    /// <summary>Every session with its verdict and matched run, in date order.</summary>
    public static List<SessionView> Grade(IReadOnlyList<PlanSession> sessions, IReadOnlyList<RunRecord> runs, DateOnly today)
    {
        var completed = runs.Select(r => (Done: new CompletedRun(r.LocalDate, r.DistanceMeters, TimeSpan.FromSeconds(r.MovingTimeSeconds)), Run: r)).ToList();
        var verdicts = Compliance.Evaluate(sessions.Select(PlanSchedule.ToPlanned).ToList(), completed.Select(c => c.Done).ToList(), today);
        return sessions.Zip(verdicts, (session, verdict) =>
        {
            var run = verdict.Run is null ? null : completed.First(c => ReferenceEquals(c.Done, verdict.Run)).Run;
            return new SessionView(session.Date, Camel(session.Kind), session.DistanceMeters, session.DurationSeconds, session.PaceFastSecondsPerKm,
                session.PaceSlowSecondsPerKm, session.Description, session.Reps, session.RepMeters, session.RecoverySeconds, Camel(verdict.Status.ToString()),
                run is null ? null : new MatchedRun(run.Id, run.LocalDate, run.DistanceMeters, run.MovingTimeSeconds));
        }).ToList();
    }

    public static ComplianceTotals Totals(IReadOnlyCollection<SessionView> sessions) => new(
        sessions.Count(s => s.Status == "done"), sessions.Count(s => s.Status == "partlyDone"),
        sessions.Count(s => s.Status == "missed"), sessions.Count(s => s.Status == "pending"));

    public static PlanRace Describe(Race race) => new(race.Id, race.Name, race.Date, race.StartTime?.ToString("HH:mm"), race.DistanceMeters, race.City, race.Country);

    private static ReplanAdvice? Advice(IReadOnlyList<WeekView> weeks, DateOnly today, double planVdot, double? vdotNow)
    {
        var lastTwo = weeks.Where(w => w.StartDate.AddDays(7) <= today).TakeLast(2).ToList();
        var planned = lastTwo.Sum(w => w.PlannedKm);
        var done = lastTwo.Sum(w => w.DoneKm);
        if (lastTwo.Count == 2 && planned > 0 && done < planned * ShortfallShare)
        {
            return new ReplanAdvice($"The last two weeks came in at {done / planned:P0} of the plan ({done:0.#} of {planned:0.#} km). A re-plan starts again from what you run now.");
        }

        if (vdotNow is { } vdot && Math.Abs(vdot - planVdot) >= VdotChange)
        {
            return new ReplanAdvice($"Your fitness moved from VDOT {planVdot:0.0} to {vdot:0.0}. A re-plan sets your paces from today's fitness.");
        }

        return null;
    }

    public static string Name(DayOfWeek day) => day.ToString().ToLowerInvariant();

    private static string Camel(string name) => char.ToLowerInvariant(name[0]) + name[1..];
}
