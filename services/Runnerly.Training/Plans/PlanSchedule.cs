using System.Text.Json;
using Runnerly.Running;
using Runnerly.Running.Plans;
using Runnerly.Training.Model;

namespace Runnerly.Training.Plans;

/// <summary>
/// What a plan holds now: each version's sessions from its <see cref="PlanVersion.FromDate"/> until
/// the next version's (a re-plan replaces what was still to come, never what is past).
/// </summary>
internal sealed class PlanSchedule
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private PlanSchedule(Plan plan, IReadOnlyList<PlanSession> sessions, IReadOnlyList<WeekTarget> weeks) =>
        (Plan, Sessions, Weeks) = (plan, sessions, weeks);

    public Plan Plan { get; }

    /// <summary>The sessions in force, in date order.</summary>
    public IReadOnlyList<PlanSession> Sessions { get; }

    /// <summary>Each calendar week's phase and target, from the version in force on its Monday.</summary>
    public IReadOnlyList<WeekTarget> Weeks { get; }

    public PlanVersion Latest => Plan.Versions.MaxBy(v => v.Number)!;

    public static PlanSchedule Of(Plan plan)
    {
        var versions = plan.Versions.OrderBy(v => v.Number).ToList();
        var sessions = new List<PlanSession>();
        var weeks = new SortedDictionary<DateOnly, WeekTarget>();
        for (var i = 0; i < versions.Count; i++)
        {
            var until = i + 1 < versions.Count ? versions[i + 1].FromDate : DateOnly.MaxValue;
            sessions.AddRange(versions[i].Sessions.Where(s => s.Date >= versions[i].FromDate && s.Date < until));
            foreach (var week in JsonSerializer.Deserialize<List<WeekTarget>>(versions[i].Weeks, Json) ?? [])
            {
                // A later version describes the weeks it holds, and the week it starts in.
                if (week.StartDate.AddDays(6) >= versions[i].FromDate)
                {
                    weeks[week.StartDate] = week;
                }
            }
        }

        return new PlanSchedule(plan, sessions.OrderBy(s => s.Date).ToList(), weeks.Values.ToList());
    }

    public static string WeeksJson(TrainingPlan plan) => JsonSerializer.Serialize(
        plan.Weeks.Select(w => new WeekTarget(w.StartDate, w.Phase.ToString(), w.IsCutback, Math.Round(w.TargetKm, 1))).ToList(), Json);

    public static string WarningsJson(TrainingPlan plan) =>
        JsonSerializer.Serialize(plan.Warnings.Select(w => new PlanNotice(w.Code.ToString(), w.Message)).ToList(), Json);

    public static IReadOnlyList<PlanNotice> Warnings(PlanVersion version) => JsonSerializer.Deserialize<List<PlanNotice>>(version.Warnings, Json) ?? [];

    /// <summary>A stored session as the running-science library's planned session (for compliance).</summary>
    public static PlannedSession ToPlanned(PlanSession session) => new()
    {
        Date = session.Date,
        Kind = Enum.Parse<SessionKind>(session.Kind),
        DistanceMeters = session.DistanceMeters,
        Duration = TimeSpan.FromSeconds(session.DurationSeconds),
        TargetPace = new PaceRange(Pace.FromSecondsPerKm(session.PaceFastSecondsPerKm), Pace.FromSecondsPerKm(session.PaceSlowSecondsPerKm)),
        Description = session.Description,
        Reps = session.Reps,
        RepMeters = session.RepMeters,
        RecoveryDuration = TimeSpan.FromSeconds(session.RecoverySeconds),
        WarmupMeters = session.WarmupMeters,
        CooldownMeters = session.CooldownMeters,
    };
}

/// <summary>A week's phase and volume target as the plan set them.</summary>
public sealed record WeekTarget(DateOnly StartDate, string Phase, bool IsCutback, double TargetKm);

/// <summary>Something the runner should know about the plan.</summary>
public sealed record PlanNotice(string Code, string Message);
