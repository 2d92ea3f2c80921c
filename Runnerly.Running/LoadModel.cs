namespace Runnerly.Running;

/// <summary>How <see cref="LoadModel"/> starts its averages before the first day.</summary>
public enum LoadSeed
{
    /// <summary>Both averages start at the mean daily load of the first <see cref="LoadModelOptions.SeedDays"/> days (or all days, if fewer).</summary>
    HistoryMean,

    /// <summary>Both averages start at zero (under-estimates fitness for about six weeks).</summary>
    Zero,
}

/// <summary>Settings of <see cref="LoadModel"/>. The defaults are the TrainingPeaks convention seeded from history.</summary>
public sealed record LoadModelOptions
{
    /// <summary>Smoothing factor λ of the acute (fatigue) average; default 1/7.</summary>
    public double AcuteLambda { get; init; } = 1.0 / 7;

    /// <summary>Smoothing factor λ of the chronic (fitness) average; default 1/42.</summary>
    public double ChronicLambda { get; init; } = 1.0 / 42;

    /// <summary>How the averages start; default <see cref="LoadSeed.HistoryMean"/>.</summary>
    public LoadSeed Seed { get; init; } = LoadSeed.HistoryMean;

    /// <summary>How many leading days <see cref="LoadSeed.HistoryMean"/> averages; default 42.</summary>
    public int SeedDays { get; init; } = 42;

    /// <summary>Runalyze's convention, λ = 2/(N + 1) with N = 7 and 42, started at zero.</summary>
    public static LoadModelOptions Runalyze { get; } = new()
    {
        AcuteLambda = 2.0 / 8,
        ChronicLambda = 2.0 / 43,
        Seed = LoadSeed.Zero,
    };
}

/// <summary>One day of the load model.</summary>
/// <param name="Date">The local date.</param>
/// <param name="Load">That day's total load.</param>
/// <param name="Acute">Acute load ("fatigue", ATL) after the day's load.</param>
/// <param name="Chronic">Chronic load ("fitness", CTL) after the day's load.</param>
/// <param name="Form">Form ("freshness", TSB) going into the day: chronic − acute of the day before.</param>
public readonly record struct LoadDay(DateOnly Date, double Load, double Acute, double Chronic, double Form);

/// <summary>
/// Acute (7-day) and chronic (42-day) exponentially weighted daily load, and form.
/// </summary>
/// <remarks>
/// Each average is updated daily as x += λ·(load − x), the TrainingPeaks/intervals.icu form with λ = 1/N.
/// After 42 days of 50 from zero the chronic load is 31.83. λ is a setting so other conventions
/// (Runalyze's 2/(N + 1)) can be reproduced. Form on a day excludes that day's load, as TrainingPeaks
/// shows it: it is how fresh the runner is when the day starts. On the first day it is the seed's difference.
/// </remarks>
public static class LoadModel
{
    /// <summary>Runs the model over consecutive daily loads starting at <paramref name="firstDay"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A load is negative or not finite, or an option is out of range.</exception>
    public static IReadOnlyList<LoadDay> Compute(DateOnly firstDay, IReadOnlyList<double> dailyLoads, LoadModelOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(dailyLoads);
        options ??= new LoadModelOptions();
        Guard.InRange(options.AcuteLambda, double.Epsilon, 1);
        Guard.InRange(options.ChronicLambda, double.Epsilon, 1);
        Guard.InRange(options.SeedDays, 1, int.MaxValue);
        foreach (var load in dailyLoads)
        {
            Guard.NonNegativeFinite(load);
        }

        var seed = options.Seed == LoadSeed.HistoryMean && dailyLoads.Count > 0
            ? dailyLoads.Take(options.SeedDays).Average()
            : 0;
        double acute = seed, chronic = seed;
        var days = new LoadDay[dailyLoads.Count];
        for (var i = 0; i < dailyLoads.Count; i++)
        {
            var form = chronic - acute;
            var load = dailyLoads[i];
            acute += options.AcuteLambda * (load - acute);
            chronic += options.ChronicLambda * (load - chronic);
            days[i] = new LoadDay(firstDay.AddDays(i), load, acute, chronic, form);
        }

        return days;
    }

    /// <summary>
    /// Sums dated loads into one total per day from <paramref name="from"/> to <paramref name="to"/>
    /// (both included); days without load are zero and loads outside the range are ignored.
    /// </summary>
    public static double[] DailyTotals(IEnumerable<(DateOnly Date, double Load)> loads, DateOnly from, DateOnly to)
    {
        ArgumentNullException.ThrowIfNull(loads);
        if (to < from)
        {
            throw new ArgumentOutOfRangeException(nameof(to), to, "Must not be before 'from'.");
        }

        var totals = new double[to.DayNumber - from.DayNumber + 1];
        foreach (var (date, load) in loads)
        {
            Guard.NonNegativeFinite(load);
            if (date >= from && date <= to)
            {
                totals[date.DayNumber - from.DayNumber] += load;
            }
        }

        return totals;
    }
}
