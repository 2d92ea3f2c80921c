namespace Runnerly.Running.Plans;

internal static class Calendar
{
    public static DateOnly Monday(DateOnly date) => date.AddDays(-(((int)date.DayOfWeek + 6) % 7));

    /// <summary>Days from <paramref name="from"/> forward to <paramref name="to"/> around the week, 0–6.</summary>
    public static int DaysAfter(DayOfWeek from, DayOfWeek to) => ((int)to - (int)from + 7) % 7;

    /// <summary>Distance between two weekdays around the week, 0–3.</summary>
    public static int Gap(DayOfWeek a, DayOfWeek b) => Math.Min(DaysAfter(a, b), DaysAfter(b, a));

    /// <summary>Monday first, as the plan's weeks run.</summary>
    public static int MondayFirst(DayOfWeek day) => ((int)day + 6) % 7;

    public static double FloorHalf(double km) => Math.Floor((km * 2) + 1e-9) / 2;

    public static double RoundHalf(double km) => Math.Round(km * 2, MidpointRounding.AwayFromZero) / 2;
}
