using Runnerly.Web.Formatting;

namespace Runnerly.Web.Clients;

/// <summary>What the dashboard shows from the data service: the runner's units and zone, the latest runs, the totals and their comparisons.</summary>
public sealed record RunnerNumbers(
    string Units, string TimeZone, IReadOnlyList<Run> Latest, Stats Weeks, Stats Months, Stats Years,
    SameDaysTotals? WeekBefore, SameDaysTotals? MonthBefore, SameDaysTotals? YearBefore)
{
    /// <summary>The day the data service counted to, in the runner's time zone.</summary>
    public DateOnly Today => Weeks.To;
}

/// <summary>
/// The dashboard's reads, through the <see cref="RunnerCache"/>: the numbers (data), the fitness, this week of the plans
/// and the next race (training), and the Strava link's status — kept until a service's change notice for the runner,
/// and only for the runner's day they were read on.
/// </summary>
public sealed class DashboardReads(DataApi data, TrainingApi training, StravaApi strava, RunnerCache cache, IHttpContextAccessor context, TimeProvider time)
{
    private const string NumbersKey = "numbers";

    // Taken when the page asks first, before any read: a notice during the reads drops this entry, and what they keep with it.
    private RunnerCache.Entry? _entry;
    private bool _entryTaken;
    private Task<RunnerNumbers>? _numbers;

    public Task<RunnerNumbers> NumbersAsync(CancellationToken cancellationToken) => _numbers ??= ReadNumbersAsync(Entry(), cancellationToken);

    public Task<FitnessReport> FitnessAsync(CancellationToken cancellationToken) =>
        ReadForTodayAsync("fitness", () => training.FitnessAsync(cancellationToken), _ => true, cancellationToken);

    /// <summary>This week's sessions of the runner's active plans; empty without a plan.</summary>
    public Task<List<WeekOfPlan>> ThisWeekAsync(CancellationToken cancellationToken) =>
        ReadForTodayAsync("this-week", () => training.ThisWeekAsync(cancellationToken), _ => true, cancellationToken);

    /// <summary>The next race the runner joined; null without one.</summary>
    public Task<MyRace?> NextRaceAsync(CancellationToken cancellationToken) =>
        ReadForTodayAsync("next-race", async () => (await training.MyRacesAsync(past: false, 1, cancellationToken)).FirstOrDefault(), _ => true, cancellationToken);

    /// <summary>
    /// The Strava link's status. Kept only once it is settled (connected, the history in, nothing waiting, no problem):
    /// before that its progress and pauses move on by the second, and a page shows them as they are.
    /// </summary>
    public Task<StravaStatus> StravaStatusAsync(CancellationToken cancellationToken) =>
        ReadForTodayAsync("strava", () => strava.StatusAsync(cancellationToken),
            status => status is { Connected: true, BackfillComplete: true, Disconnecting: false, Problem: null, PausedUntil: null }, cancellationToken);

    /// <summary>
    /// Kept for the day the data service counted the runner's numbers to, as training counts to the same day in the same
    /// zone: read again when that day is over, or when the numbers were not kept.
    /// </summary>
    private async Task<T> ReadForTodayAsync<T>(string name, Func<Task<T>> read, Func<T, bool> worthKeeping, CancellationToken cancellationToken)
    {
        if (Entry() is not { } entry)
        {
            return await read();
        }

        var kept = await entry.ReadOnceAsync(name,
            kept => entry.Get<RunnerNumbers>(NumbersKey) is { } numbers && kept.Day == numbers.Today && IsToday(numbers),
            async () =>
            {
                var value = await read();
                try
                {
                    return new KeptForDay<T>((await NumbersAsync(cancellationToken)).Today, value);
                }
                catch (Exception e) when (ApiProblem.IsShownToRunner(e))
                {
                    return new KeptForDay<T>(null, value); // no day to keep it for: read again next time
                }
            },
            kept => kept.Day is not null && worthKeeping(kept.Value), cancellationToken);
        return kept.Value;
    }

    private RunnerCache.Entry? Entry()
    {
        if (!_entryTaken)
        {
            _entryTaken = true;
            _entry = context.HttpContext is { User: { Identity.IsAuthenticated: true } runner } http
                ? cache.For(runner.RunnerId(), RunnerWriteHandler.LastChange(http.Request))
                : null;
        }

        return _entry;
    }

    private bool IsToday(RunnerNumbers numbers) => RaceFormat.TodayAt(numbers.TimeZone, time.GetUtcNow()) == numbers.Today;

    private Task<RunnerNumbers> ReadNumbersAsync(RunnerCache.Entry? entry, CancellationToken cancellationToken) => entry is null
        ? ReadNumbersFromDataAsync(cancellationToken)
        // A comparison that could not be read is read again next time.
        : entry.ReadOnceAsync(NumbersKey, IsToday, () => ReadNumbersFromDataAsync(cancellationToken),
            numbers => numbers is { WeekBefore: not null, MonthBefore: not null, YearBefore: not null }, cancellationToken);

    private async Task<RunnerNumbers> ReadNumbersFromDataAsync(CancellationToken cancellationToken)
    {
        var profile = data.ProfileAsync(cancellationToken);
        var runs = data.LatestRunsAsync(10, cancellationToken);
        var weekly = data.StatsAsync("week", cancellationToken);
        var monthly = data.StatsAsync("month", cancellationToken);
        var yearly = data.StatsAsync("year", cancellationToken);
        var (units, timeZone) = ((await profile).Units, (await profile).TimeZone);
        var latest = (await runs).Items;
        var (weeks, months, years) = (await weekly, await monthly, await yearly);
        // Today is the day the data service counted to, in the runner's time zone.
        var week = SameDaysAsync(Comparisons.Week(weeks.To), cancellationToken);
        var month = SameDaysAsync(Comparisons.Month(weeks.To), cancellationToken);
        var year = SameDaysAsync(Comparisons.Year(weeks.To), cancellationToken);
        return new RunnerNumbers(units, timeZone, latest, weeks, months, years, await week, await month, await year);
    }

    /// <summary>The totals of the same days of the period before; none (and no comparison) when they cannot be read.</summary>
    private async Task<SameDaysTotals?> SameDaysAsync(SameDays days, CancellationToken cancellationToken)
    {
        try
        {
            return new SameDaysTotals(days, (await data.StatsAsync(days.Period, days.From, days.To, cancellationToken)).Total.DistanceMeters);
        }
        catch (Exception e) when (ApiProblem.IsShownToRunner(e))
        {
            return null;
        }
    }

    private sealed record KeptForDay<T>(DateOnly? Day, T Value);
}
