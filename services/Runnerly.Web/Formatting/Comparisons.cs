using System.Globalization;

namespace Runnerly.Web.Formatting;

/// <summary>The same stretch of the period before (as many days into it as today is into this one), and how to say it: "Mon–Wed last week".</summary>
public sealed record SameDays(string Period, DateOnly From, DateOnly To, string Name);

/// <summary>What was run on those days.</summary>
public sealed record SameDaysTotals(SameDays Days, double DistanceMeters);

/// <summary>
/// Like-for-like comparisons: three days into a week are compared with the first three days of the
/// week before, never with all of it (which made every Monday read "−100%").
/// </summary>
public static class Comparisons
{
    private static readonly CultureInfo Culture = CultureInfo.InvariantCulture;

    public static DateOnly Monday(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));

    public static SameDays Week(DateOnly today)
    {
        var daysIn = today.DayNumber - Monday(today).DayNumber;
        var from = Monday(today).AddDays(-7);
        var to = from.AddDays(daysIn);
        var name = daysIn switch
        {
            0 => "last Monday",
            6 => "all of last week",
            _ => $"Mon–{to.ToString("ddd", Culture)} last week",
        };
        return new SameDays("week", from, to, name);
    }

    public static SameDays Month(DateOnly today)
    {
        var from = new DateOnly(today.Year, today.Month, 1).AddMonths(-1);
        var length = DateTime.DaysInMonth(from.Year, from.Month);
        var to = from.AddDays(Math.Min(today.Day, length) - 1);
        var name = to.Day == length ? $"all of {from.ToString("MMMM", Culture)}"
            : to.Day == 1 ? $"1 {from.ToString("MMM", Culture)}"
            : $"1–{to.Day} {from.ToString("MMM", Culture)}";
        return new SameDays("month", from, to, name);
    }

    public static SameDays Year(DateOnly today)
    {
        var from = new DateOnly(today.Year - 1, 1, 1);
        // 29 February compares with 28 February of a year without one.
        var to = new DateOnly(today.Year - 1, today.Month, Math.Min(today.Day, DateTime.DaysInMonth(today.Year - 1, today.Month)));
        return new SameDays("year", from, to, $"{from.Year} up to {to.ToString("d MMM", Culture)}");
    }

    /// <summary>"−24% vs Mon–Wed last week", "same as last Monday", or "Mon–Wed last week: no runs".</summary>
    public static string Describe(double currentMeters, SameDaysTotals before) =>
        before.DistanceMeters <= 0 ? $"{before.Days.Name}: no runs"
        : RunFormat.Change(currentMeters, before.DistanceMeters) is "same" ? $"same as {before.Days.Name}"
        : $"{RunFormat.Change(currentMeters, before.DistanceMeters)} vs {before.Days.Name}";

    /// <summary>On the first day of a week or month, this one has barely begun: the whole one before is worth showing too.</summary>
    public static bool JustBegan(string period, DateOnly today) => period switch
    {
        "week" => today.DayOfWeek == DayOfWeek.Monday,
        "month" => today.Day == 1,
        _ => today.DayOfYear == 1,
    };
}
