using NodaTime;
using Runnerly.Reports.Clients;
using Runnerly.Reports.Model;

namespace Runnerly.Reports.Composition;

/// <summary>A month's totals. Distances in meters, times in seconds: the units are the renderer's business.</summary>
public sealed record MonthTotals(int Runs, double DistanceMeters, long MovingTimeSeconds, double ElevationGainMeters, double LongestRunMeters,
    double? FastestPaceSecondsPerKm)
{
    public static readonly MonthTotals None = new(0, 0, 0, 0, 0, null);
}

/// <summary>A week of the month (Monday to Sunday, cut at the month's ends): one bar of the chart.</summary>
public sealed record WeekDistance(DateOnly From, DateOnly To, int Runs, double DistanceMeters);

/// <summary>A best set this month. <see cref="Value"/> is meters (longest run, biggest month) or seconds per km (paces).</summary>
public sealed record PersonalBest(string Kind, double Value, double? PreviousBest, DateOnly? Date);

/// <summary>Everything a report shows, computed once; stored beside the email as JSON.</summary>
public sealed record ReportFigures(
    int Year,
    int Month,
    ReportKind Kind,
    string Units,
    string TimeZone,
    string? Name,
    MonthTotals ThisMonth,
    MonthTotals PreviousMonth,
    MonthTotals SameMonthLastYear,
    IReadOnlyList<WeekDistance> Weeks,
    IReadOnlyList<PersonalBest> Records,
    DateOnly? LastRunBefore,
    bool IsPartialMonth,
    TrainingFigures? Training,
    int? ComparedUpToDay = null)
{
    public bool UsesMiles => Units == "mi";
}

public sealed record TrainingFigures(double? Vdot, double? VdotMonthBefore, RaceFigures? NextRace, PlanFigures? Plan);

public sealed record RaceFigures(string Name, DateOnly Date, double DistanceMeters, int DaysToGo);

public sealed record PlanFigures(string RaceName, int Done, int PartlyDone, int Missed);

/// <summary>Works out a report's figures from the runner's runs (the month and the 24 before it).</summary>
internal static class FigureBuilder
{
    /// <summary>How far back runs are read: the same month last year needs 12, the records use 24.</summary>
    public const int HistoryMonths = 24;

    /// <summary>A runner with no run in this many months before an empty month gets nothing at all.</summary>
    public const int NudgeMonths = 3;

    /// <summary>Record distances for the fastest average pace over a whole run of at least that length.</summary>
    private static readonly (string Kind, double Meters)[] PaceRecords =
    [
        ("fastest_5k", 5_000), ("fastest_10k", 10_000), ("fastest_half", 21_097.5), ("fastest_marathon", 42_195),
    ];

    /// <summary>The days of runs to ask the data service for: the whole window ending with the month.</summary>
    public static (DateOnly From, DateOnly To) Window(YearMonth month) =>
        (month.PlusMonths(-HistoryMonths).OnDayOfMonth(1).ToDateOnly(), month.PlusMonths(1).OnDayOfMonth(1).ToDateOnly());

    /// <summary>
    /// The figures, or null when the runner gets nothing: no run this month and none in the
    /// <see cref="NudgeMonths"/> months before. <paramref name="today"/> is the runner's local date
    /// (the race countdown counts from it; a month not over yet is marked partial).
    /// </summary>
    public static ReportFigures? Build(YearMonth month, IReadOnlyList<RunRecord> runs, RunnerProfile profile, string? name, TrainingMonth? training,
        LocalDate today)
    {
        var byMonth = runs.ToLookup(r => new YearMonth(r.StartTimeLocal.Year, r.StartTimeLocal.Month));
        var thisMonth = byMonth[month].OrderBy(r => r.StartTimeLocal).ToList();
        var earlier = runs.Where(r => new YearMonth(r.StartTimeLocal.Year, r.StartTimeLocal.Month) < month).ToList();
        var lastBefore = earlier.Count == 0 ? (DateOnly?)null : earlier.Max(r => r.LocalDate);

        ReportKind kind;
        if (thisMonth.Count > 0)
        {
            kind = ReportKind.Full;
        }
        else if (lastBefore is { } last && last.ToLocalDate() >= month.PlusMonths(-NudgeMonths).OnDayOfMonth(1))
        {
            kind = ReportKind.Nudge;
        }
        else
        {
            return null;
        }

        // A month not over yet is set against the same days of the other months, not against whole months.
        var partial = today < month.PlusMonths(1).OnDayOfMonth(1);
        int? upToDay = partial ? Math.Max(today.Day, 1) : null;
        IEnumerable<RunRecord> SameDays(IEnumerable<RunRecord> other) => upToDay is { } day ? other.Where(r => r.StartTimeLocal.Day <= day) : other;
        return new ReportFigures(
            month.Year, month.Month, kind, profile.UsesMiles ? "mi" : "km", profile.TimeZone, name,
            Totals(thisMonth), Totals(SameDays(byMonth[month.PlusMonths(-1)])), Totals(SameDays(byMonth[month.PlusMonths(-12)])),
            Weeks(month, thisMonth), Records(month, thisMonth, earlier, byMonth), lastBefore,
            partial,
            Training(training, today),
            upToDay);
    }

    public static MonthTotals Totals(IEnumerable<RunRecord> runs)
    {
        var list = runs as IReadOnlyCollection<RunRecord> ?? runs.ToList();
        if (list.Count == 0)
        {
            return MonthTotals.None;
        }

        return new MonthTotals(
            list.Count,
            list.Sum(r => r.DistanceMeters),
            list.Sum(r => (long)r.MovingTimeSeconds),
            list.Sum(r => r.ElevationGainMeters),
            list.Max(r => r.DistanceMeters),
            FastestPace(list, 1_000));
    }

    /// <summary>Monday-to-Sunday weeks, the first and last cut at the month's ends.</summary>
    public static IReadOnlyList<WeekDistance> Weeks(YearMonth month, IReadOnlyList<RunRecord> runs)
    {
        var weeks = new List<WeekDistance>();
        var first = month.OnDayOfMonth(1);
        var end = month.PlusMonths(1).OnDayOfMonth(1);
        for (var from = first; from < end;)
        {
            var to = from.DayOfWeek == IsoDayOfWeek.Sunday ? from : from.Next(IsoDayOfWeek.Sunday);
            if (to >= end)
            {
                to = end.PlusDays(-1);
            }

            var (f, t) = (from.ToDateOnly(), to.ToDateOnly());
            var inWeek = runs.Where(r => r.LocalDate >= f && r.LocalDate <= t).ToList();
            weeks.Add(new WeekDistance(f, t, inWeek.Count, inWeek.Sum(r => r.DistanceMeters)));
            from = to.PlusDays(1);
        }

        return weeks;
    }

    private static List<PersonalBest> Records(YearMonth month, IReadOnlyList<RunRecord> thisMonth, IReadOnlyList<RunRecord> earlier,
        ILookup<YearMonth, RunRecord> byMonth)
    {
        var records = new List<PersonalBest>();
        if (thisMonth.Count == 0 || earlier.Count == 0)
        {
            return records; // a first month sets no records worth the name
        }

        var longest = thisMonth.MaxBy(r => r.DistanceMeters)!;
        var longestBefore = earlier.Max(r => r.DistanceMeters);
        if (longest.DistanceMeters > longestBefore)
        {
            records.Add(new PersonalBest("longest_run", longest.DistanceMeters, longestBefore, longest.LocalDate));
        }

        foreach (var (kind, meters) in PaceRecords)
        {
            var best = thisMonth.Where(r => r.DistanceMeters >= meters && r.MovingTimeSeconds > 0).MinBy(Pace);
            if (best is null)
            {
                continue;
            }

            var before = FastestPace(earlier, meters);
            if (before is null || Pace(best) < before)
            {
                records.Add(new PersonalBest(kind, Pace(best), before, best.LocalDate));
            }
        }

        var distance = thisMonth.Sum(r => r.DistanceMeters);
        var biggestBefore = byMonth.Where(g => g.Key < month).Select(g => g.Sum(r => r.DistanceMeters)).DefaultIfEmpty(0).Max();
        if (distance > biggestBefore)
        {
            records.Add(new PersonalBest("biggest_month", distance, biggestBefore, null));
        }

        return records;
    }

    private static TrainingFigures? Training(TrainingMonth? training, LocalDate today)
    {
        if (training is null || (training.Vdot is null && training.NextRace is null && training.Plan is null))
        {
            return null;
        }

        var race = training.NextRace is { } next && next.Date.ToLocalDate() >= today
            ? new RaceFigures(next.Name, next.Date, next.DistanceMeters, Period.Between(today, next.Date.ToLocalDate(), PeriodUnits.Days).Days)
            : null;
        var plan = training.Plan is { } p ? new PlanFigures(p.RaceName, p.Done, p.PartlyDone, p.Missed) : null;
        return new TrainingFigures(training.Vdot, training.VdotMonthBefore, race, plan);
    }

    /// <summary>Seconds per km of the fastest run of at least <paramref name="minimumMeters"/>.</summary>
    private static double? FastestPace(IEnumerable<RunRecord> runs, double minimumMeters)
    {
        double? best = null;
        foreach (var run in runs)
        {
            if (run.DistanceMeters >= minimumMeters && run.MovingTimeSeconds > 0 && (best is null || Pace(run) < best))
            {
                best = Pace(run);
            }
        }

        return best;
    }

    private static double Pace(RunRecord run) => run.MovingTimeSeconds / (run.DistanceMeters / 1000);
}
