namespace Runnerly.Running.Plans;

/// <summary>The weekdays of the quality sessions, the same every week, the first after the long run first.</summary>
internal sealed record WeeklyPattern(IReadOnlyList<DayOfWeek> QualityDays)
{
    public static WeeklyPattern For(IReadOnlySet<DayOfWeek> runDays, DayOfWeek longRunDay)
    {
        var wanted = runDays.Count >= 5 ? 2 : 1;
        var candidates = runDays
            .Where(d => Calendar.Gap(d, longRunDay) >= 2)
            .OrderBy(Calendar.MondayFirst)
            .ToList();

        for (var count = wanted; count > 0; count--)
        {
            // Spread the hard days as evenly as possible; on a tie keep the most rest before the long run.
            var best = Choose(candidates, count)
                .Select(days => (IReadOnlyList<DayOfWeek>)[.. days.OrderBy(d => Calendar.DaysAfter(longRunDay, d))])
                .Where(days => Spread(days, longRunDay) >= 2)
                .OrderByDescending(days => Spread(days, longRunDay))
                .ThenByDescending(days => Calendar.DaysAfter(days[^1], longRunDay))
                .FirstOrDefault();
            if (best is not null)
            {
                return new WeeklyPattern(best);
            }
        }

        return new WeeklyPattern([]);
    }

    /// <summary>The smallest gap between any two hard weekdays, around the week.</summary>
    private static int Spread(IReadOnlyList<DayOfWeek> quality, DayOfWeek longRunDay)
    {
        var hard = quality.Append(longRunDay).ToList();
        var smallest = 7;
        for (var i = 0; i < hard.Count; i++)
        {
            for (var j = i + 1; j < hard.Count; j++)
            {
                smallest = Math.Min(smallest, Calendar.Gap(hard[i], hard[j]));
            }
        }

        return smallest;
    }

    /// <summary>Subsets of one or two of <paramref name="days"/>.</summary>
    private static IEnumerable<IReadOnlyList<DayOfWeek>> Choose(IReadOnlyList<DayOfWeek> days, int count)
    {
        if (count == 1)
        {
            return days.Select(d => (IReadOnlyList<DayOfWeek>)[d]);
        }

        return days.SelectMany((first, i) => days.Skip(i + 1).Select(second => (IReadOnlyList<DayOfWeek>)[first, second]));
    }
}
