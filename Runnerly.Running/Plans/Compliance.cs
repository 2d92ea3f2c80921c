namespace Runnerly.Running.Plans;

/// <summary>A run that was done, as the plan sees it.</summary>
/// <param name="Date">The runner's local date of the run (Strava's start_date_local, not UTC).</param>
/// <param name="DistanceMeters">Distance run.</param>
/// <param name="MovingTime">Moving time.</param>
public sealed record CompletedRun(DateOnly Date, double DistanceMeters, TimeSpan MovingTime);

/// <summary>How well a planned session was carried out.</summary>
public enum ComplianceStatus
{
    /// <summary>Not run yet, and it still can be: the session is today, later, or yesterday (runs may come a day late).</summary>
    Pending,

    /// <summary>Within ±20 % of the plan.</summary>
    Done,

    /// <summary>50–79 % or 121–150 % of the plan.</summary>
    PartlyDone,

    /// <summary>Nothing run, or below 50 % or above 150 % of the plan.</summary>
    Missed,
}

/// <summary>A planned session, the run matched to it (if any) and the verdict.</summary>
/// <param name="Session">The planned session.</param>
/// <param name="Run">The run matched to it, or null.</param>
/// <param name="Status">The verdict.</param>
/// <param name="Ratio">Run ÷ plan, by distance (by time when the session has no distance); null without a run.</param>
public sealed record SessionCompliance(PlannedSession Session, CompletedRun? Run, ComplianceStatus Status, double? Ratio);

/// <summary>
/// Matches runs to planned sessions and grades each session with TrainingPeaks' compliance bands
/// (completed ÷ planned: green within ±20 %, yellow 50–79 % or 121–150 %, red otherwise or not done;
/// help.trainingpeaks.com, "color coding").
/// </summary>
/// <remarks>
/// A run can satisfy a session on the same local date or one day either side, and at most one session.
/// Each (session, run) pair scores its closeness, max(0, 1 − |run − plan| / plan) as openpace's matcher does,
/// minus <see cref="DayOffPenalty"/> when the dates differ; the best-scoring pairs are taken first.
/// </remarks>
public static class Compliance
{
    /// <summary>What a run a day off the session's date loses against a run on the date.</summary>
    public const double DayOffPenalty = 0.25;

    /// <summary>The band of a completed ÷ planned ratio.</summary>
    public static ComplianceStatus Classify(double ratio)
    {
        Guard.NonNegativeFinite(ratio);
        return ratio switch
        {
            >= 0.8 and <= 1.2 => ComplianceStatus.Done,
            >= 0.5 and <= 1.5 => ComplianceStatus.PartlyDone,
            _ => ComplianceStatus.Missed,
        };
    }

    /// <summary>Grades every session against the runs, one run per session at most, in session order.</summary>
    public static IReadOnlyList<SessionCompliance> Evaluate(
        IReadOnlyList<PlannedSession> sessions,
        IReadOnlyList<CompletedRun> runs,
        DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        ArgumentNullException.ThrowIfNull(runs);
        foreach (var run in runs)
        {
            Guard.NonNegativeFinite(run.DistanceMeters);
            if (run.MovingTime < TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(nameof(runs), run.MovingTime, "A run's moving time must not be negative.");
            }
        }

        var pairs = new List<(int Session, int Run, double Score)>();
        for (var s = 0; s < sessions.Count; s++)
        {
            for (var r = 0; r < runs.Count; r++)
            {
                var daysOff = Math.Abs(sessions[s].Date.DayNumber - runs[r].Date.DayNumber);
                if (daysOff <= 1)
                {
                    var closeness = Math.Max(0, 1 - Math.Abs(Ratio(sessions[s], runs[r]) - 1));
                    pairs.Add((s, r, closeness - (DayOffPenalty * daysOff)));
                }
            }
        }

        var runOf = new int?[sessions.Count];
        var taken = new bool[runs.Count];
        foreach (var (s, r, _) in pairs.OrderByDescending(p => p.Score).ThenBy(p => p.Session).ThenBy(p => p.Run))
        {
            if (runOf[s] is null && !taken[r])
            {
                runOf[s] = r;
                taken[r] = true;
            }
        }

        return [.. sessions.Select((session, s) => runOf[s] is { } r
            ? Graded(session, runs[r])
            : new SessionCompliance(session, null, session.Date >= today.AddDays(-1) ? ComplianceStatus.Pending : ComplianceStatus.Missed, null))];
    }

    private static SessionCompliance Graded(PlannedSession session, CompletedRun run)
    {
        var ratio = Ratio(session, run);
        return new SessionCompliance(session, run, Classify(ratio), ratio);
    }

    private static double Ratio(PlannedSession session, CompletedRun run) =>
        session.DistanceMeters > 0
            ? run.DistanceMeters / session.DistanceMeters
            : session.Duration > TimeSpan.Zero ? run.MovingTime.TotalSeconds / session.Duration.TotalSeconds : 0;
}
