using NodaTime;
using Runnerly.Running;
using Runnerly.Training.Clients;

namespace Runnerly.Training.Fitness;

/// <summary>
/// A runner's fitness from their runs: the current VDOT (best effort of the last 8 weeks) and
/// where it came from, its trend by month, race predictions (VDOT and Riegel), training paces,
/// and training load (7-day acute, 42-day chronic, form). Pure: the runs and "today" are given.
/// </summary>
internal static class FitnessCalculator
{
    /// <summary>Runs this far back are read: a year of trend, and the load model's seed before it.</summary>
    public const int HistoryDays = 365 + 56;
    private const int LoadSeriesDays = 90;

    public static FitnessReport Compute(IReadOnlyList<RunRecord> runs, RunnerProfile profile, DateOnly today)
    {
        var efforts = runs.Where(r => r.MovingTimeSeconds > 0)
            .Select(r => (Effort: new Effort(r.LocalDate, r.DistanceMeters, TimeSpan.FromSeconds(r.MovingTimeSeconds), r.AverageHeartRate), Run: r))
            .ToList();
        var current = FitnessEstimate.Best(efforts.Select(e => e.Effort), today);
        var trend = Trend(efforts.Select(e => e.Effort).ToList(), today);
        var vdotForLoad = current?.Vdot ?? trend.LastOrDefault(t => t.Vdot is not null)?.Vdot ?? 40;
        return new FitnessReport(
            current?.Vdot is { } vdot ? Math.Round(vdot, 1) : null,
            current is null ? null : Source(efforts.First(e => ReferenceEquals(e.Effort, current.Effort)).Run),
            trend,
            current is null ? [] : Predictions(current.Effort),
            current is null ? null : Paces(TrainingPaces.For(Math.Clamp(current.Vdot, Vdot.MinSupported, Vdot.MaxSupported))),
            Load(runs, profile, vdotForLoad, today),
            runs.Count);
    }

    /// <summary>The best effort of each of the last twelve months (the current one so far), oldest first.</summary>
    private static List<MonthlyVdot> Trend(List<Effort> efforts, DateOnly today)
    {
        var months = new List<MonthlyVdot>();
        var thisMonth = new DateOnly(today.Year, today.Month, 1);
        for (var i = 11; i >= 0; i--)
        {
            var start = thisMonth.AddMonths(-i);
            var end = i == 0 ? today : start.AddMonths(1).AddDays(-1);
            var best = FitnessEstimate.Best(efforts.Where(e => e.Date >= start && e.Date <= end), end, end.DayNumber - start.DayNumber + 1);
            months.Add(new MonthlyVdot($"{start:yyyy-MM}", best is null ? null : Math.Round(best.Vdot, 1)));
        }

        return months;
    }

    private static List<Prediction> Predictions(Effort effort) =>
        RacePrediction.Predict(effort.Meters, effort.MovingTime).Races
            .Select(r => new Prediction(r.Distance.Name, r.Distance.Meters, (int)Math.Round(r.ByVdot.TotalSeconds), (int)Math.Round(r.ByRiegel.TotalSeconds)))
            .ToList();

    private static PaceTable Paces(TrainingPaces paces) => new(
        new PaceSpan(paces.Easy.Fast.SecondsPerKm, paces.Easy.Slow.SecondsPerKm),
        paces.Marathon.SecondsPerKm, paces.Threshold.SecondsPerKm, paces.Interval.SecondsPerKm, paces.Repetition.SecondsPerKm);

    /// <summary>Load per run: TRIMP from heart rate when the run has it, else from pace against the runner's VDOT.</summary>
    private static LoadSummary Load(IReadOnlyList<RunRecord> runs, RunnerProfile profile, double vdot, DateOnly today)
    {
        var sex = profile.Sex switch { "female" => Sex.Female, "male" => Sex.Male, _ => Sex.Unknown };
        double maxHr = profile.MaxHeartRate ?? TrainingLoad.DefaultMaxHeartRate;
        double restHr = profile.RestingHeartRate ?? TrainingLoad.DefaultRestHeartRate;
        var loads = runs.Where(r => r.LocalDate <= today && r.MovingTimeSeconds > 0).Select(r =>
        {
            var duration = TimeSpan.FromSeconds(r.MovingTimeSeconds);
            var load = r.AverageHeartRate is { } hr && hr > restHr
                ? TrainingLoad.Trimp(duration, Math.Min(hr, maxHr), restHr, maxHr, sex)
                : TrainingLoad.TrimpFromPace(duration, r.DistanceMeters, vdot, sex, restHr, maxHr);
            return (r.LocalDate, load);
        }).ToList();

        var first = loads.Count == 0 ? today : loads.Min(l => l.LocalDate);
        var days = LoadModel.Compute(first, LoadModel.DailyTotals(loads, first, today));
        var latest = days[^1];
        return new LoadSummary(Math.Round(latest.Acute, 1), Math.Round(latest.Chronic, 1), Math.Round(latest.Form, 1),
            days.TakeLast(LoadSeriesDays).Select(d => new LoadPoint(d.Date, Math.Round(d.Acute, 1), Math.Round(d.Chronic, 1), Math.Round(d.Form, 1))).ToList());
    }

    private static FitnessSource Source(RunRecord run) =>
        new(run.Id, run.Name, run.LocalDate, run.DistanceMeters, run.MovingTimeSeconds);

    /// <summary>Today on the runner's own calendar (their profile's time zone).</summary>
    public static DateOnly Today(RunnerProfile profile, TimeProvider clock) =>
        Instant.FromDateTimeOffset(clock.GetUtcNow()).InZone(DateTimeZoneProviders.Tzdb.GetZoneOrNull(profile.TimeZone) ?? DateTimeZone.Utc).Date.ToDateOnly();
}

public sealed record FitnessReport(
    double? Vdot,
    FitnessSource? Source,
    IReadOnlyList<MonthlyVdot> Trend,
    IReadOnlyList<Prediction> Predictions,
    PaceTable? Paces,
    LoadSummary Load,
    int RunsConsidered);

/// <summary>The run the VDOT came from.</summary>
public sealed record FitnessSource(Guid RunId, string Name, DateOnly Date, double DistanceMeters, int MovingTimeSeconds);

public sealed record MonthlyVdot(string Month, double? Vdot);

/// <summary>A race time predicted two ways, in seconds.</summary>
public sealed record Prediction(string Distance, double Meters, int ByVdotSeconds, int ByRiegelSeconds);

/// <summary>Training paces in seconds per km (easy as a range, fast to slow).</summary>
public sealed record PaceTable(PaceSpan Easy, double Marathon, double Threshold, double Interval, double Repetition);

public sealed record PaceSpan(double Fast, double Slow);

/// <summary>Acute (7-day) and chronic (42-day) load and form (chronic − acute) today, and the last 90 days of them.</summary>
public sealed record LoadSummary(double Acute, double Chronic, double Form, IReadOnlyList<LoadPoint> Series);

public sealed record LoadPoint(DateOnly Date, double Acute, double Chronic, double Form);
