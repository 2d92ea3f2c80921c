using Runnerly.Running;
using Runnerly.Running.Plans;
using Runnerly.Training.Clients;
using Runnerly.Training.Fitness;
using Runnerly.Training.Model;

namespace Runnerly.Training.Plans;

/// <summary>
/// Makes a plan's versions: gathers the runner's fitness and current volume from their runs, asks the
/// running-science library for the plan, and keeps each day's calendar event in place across re-plans.
/// </summary>
internal sealed class PlanMaker(DataServiceClient data, TimeProvider clock)
{
    /// <summary>Fitness is the best effort of the last 8 weeks; the volume is the average of the last 4.</summary>
    private const int FitnessDays = 56;
    private const int VolumeDays = 28;

    /// <summary>What the runner is now: the inputs a plan starts from.</summary>
    public async Task<RunnerNow> RunnerNowAsync(string runnerId, CancellationToken cancellationToken)
    {
        var profile = await data.ProfileAsync(runnerId, cancellationToken);
        var today = FitnessCalculator.Today(profile, clock);
        var runs = await data.RunsAsync(runnerId, today.AddDays(-FitnessDays), today.AddDays(1), cancellationToken);
        var best = FitnessEstimate.Best(runs.Where(r => r.MovingTimeSeconds > 0)
            .Select(r => new Effort(r.LocalDate, r.DistanceMeters, TimeSpan.FromSeconds(r.MovingTimeSeconds))), today, FitnessDays);
        var weeklyKm = runs.Where(r => r.LocalDate > today.AddDays(-VolumeDays) && r.LocalDate <= today).Sum(r => r.DistanceMeters) / 1000 / (VolumeDays / 7.0);
        return new RunnerNow(profile, today, best?.Vdot, Math.Round(weeklyKm, 1));
    }

    /// <summary>A new version of <paramref name="plan"/> from <paramref name="now"/>'s today; null with the reasons when none can be made.</summary>
    public static (PlanVersion? Version, IReadOnlyList<PlanError> Errors) MakeVersion(
        Plan plan, Race race, RunnerNow now, double vdot, string reason, DateTimeOffset createdAt)
    {
        var result = PlanGenerator.Generate(new PlanRequest
        {
            Today = now.Today,
            RaceDate = race.Date,
            RaceDistanceMeters = race.DistanceMeters,
            Vdot = vdot,
            CurrentWeeklyKm = now.WeeklyKm,
            RunDays = RunDayBits.ToSet(plan.RunDays),
            LongRunDay = plan.LongRunDay,
            GoalTime = plan.GoalSeconds is { } goal ? TimeSpan.FromSeconds(goal) : null,
        });
        if (result.Plan is not { } generated)
        {
            return (null, result.Errors);
        }

        var previous = plan.Versions.Count == 0 ? null : PlanSchedule.Of(plan);
        var number = plan.Versions.Count + 1;
        var versionId = Guid.CreateVersion7();
        var version = new PlanVersion
        {
            Id = versionId,
            PlanId = plan.Id,
            Number = number,
            FromDate = now.Today,
            CreatedAt = createdAt,
            Reason = reason,
            Vdot = Math.Round(generated.Vdot, 1),
            StartWeeklyKm = Math.Round(generated.StartWeeklyKm, 1),
            PeakWeeklyKm = Math.Round(generated.PeakWeeklyKm, 1),
            Warnings = PlanSchedule.WarningsJson(generated),
            Weeks = PlanSchedule.WeeksJson(generated),
        };
        foreach (var session in generated.Sessions.Where(s => s.Kind != SessionKind.Race && s.Date >= now.Today))
        {
            // The day's event keeps its UID; its SEQUENCE rises when what is planned that day changed.
            var before = previous?.Sessions.FirstOrDefault(s => s.Date == session.Date);
            var sequence = before is null ? number - 1 : SameRun(before, session) ? before.Sequence : before.Sequence + 1;
            version.Sessions.Add(Store(session, versionId, sequence));
        }

        return (version, []);
    }

    private static PlanSession Store(PlannedSession session, Guid versionId, int sequence) => new()
    {
        VersionId = versionId,
        Date = session.Date,
        Kind = session.Kind.ToString(),
        DistanceMeters = Math.Round(session.DistanceMeters),
        DurationSeconds = (int)Math.Round(session.Duration.TotalSeconds),
        PaceFastSecondsPerKm = Math.Round(session.TargetPace.Fast.SecondsPerKm, 1),
        PaceSlowSecondsPerKm = Math.Round(session.TargetPace.Slow.SecondsPerKm, 1),
        Description = session.Description,
        Reps = session.Reps,
        RepMeters = Math.Round(session.RepMeters),
        RecoverySeconds = (int)Math.Round(session.RecoveryDuration.TotalSeconds),
        WarmupMeters = Math.Round(session.WarmupMeters),
        CooldownMeters = Math.Round(session.CooldownMeters),
        Sequence = sequence,
    };

    private static bool SameRun(PlanSession stored, PlannedSession session) =>
        stored.Kind == session.Kind.ToString() && stored.DistanceMeters == Math.Round(session.DistanceMeters) && stored.Description == session.Description;
}

/// <summary>The runner as a plan sees them today.</summary>
/// <param name="Vdot">From their best effort of the last 8 weeks; null without one.</param>
/// <param name="WeeklyKm">Average of the last 4 weeks.</param>
internal sealed record RunnerNow(RunnerProfile Profile, DateOnly Today, double? Vdot, double WeeklyKm);

/// <summary>Run days stored as one bit per <see cref="DayOfWeek"/>.</summary>
internal static class RunDayBits
{
    public static int From(IEnumerable<DayOfWeek> days) => days.Aggregate(0, (bits, day) => bits | (1 << (int)day));

    public static HashSet<DayOfWeek> ToSet(int bits) => Enum.GetValues<DayOfWeek>().Where(day => (bits & (1 << (int)day)) != 0).ToHashSet();
}
