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
/// The dashboard's reads that depend only on the runner's runs, profile and day — the numbers (data) and the
/// fitness (training, computed from the same runs and profile) — through the <see cref="RunnerCache"/>: kept until
/// the data service's change notice, and only for the runner's day they were read on.
/// </summary>
public sealed class DashboardReads(DataApi data, TrainingApi training, RunnerCache cache, IHttpContextAccessor context, TimeProvider time)
{
    private const string NumbersKey = "numbers", FitnessKey = "fitness";

    // Taken when the page asks first, before any read: a notice during the reads drops this entry, and what they keep with it.
    private RunnerCache.Entry? _entry;
    private bool _entryTaken;
    private Task<RunnerNumbers>? _numbers;

    public Task<RunnerNumbers> NumbersAsync(CancellationToken cancellationToken) => _numbers ??= ReadNumbersAsync(Entry(), cancellationToken);

    public async Task<FitnessReport> FitnessAsync(CancellationToken cancellationToken)
    {
        if (Entry() is not { } entry)
        {
            return await training.FitnessAsync(cancellationToken);
        }

        var kept = await entry.ReadOnceAsync(FitnessKey,
            kept => entry.Get<RunnerNumbers>(NumbersKey) is { } numbers && kept.Day == numbers.Today && IsToday(numbers),
            async () =>
            {
                var report = await training.FitnessAsync(cancellationToken);
                try
                {
                    // Training counts to the same day in the same zone as the data service; kept for that day only.
                    return new KeptFitness((await NumbersAsync(cancellationToken)).Today, report);
                }
                catch (Exception e) when (ApiProblem.IsShownToRunner(e))
                {
                    return new KeptFitness(null, report); // no day to keep it for: read again next time
                }
            },
            kept => kept.Day is not null, cancellationToken);
        return kept.Report;
    }

    private RunnerCache.Entry? Entry()
    {
        if (!_entryTaken)
        {
            _entryTaken = true;
            _entry = context.HttpContext?.User is { Identity.IsAuthenticated: true } runner ? cache.For(runner.RunnerId()) : null;
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

    private sealed record KeptFitness(DateOnly? Day, FitnessReport Report);
}
