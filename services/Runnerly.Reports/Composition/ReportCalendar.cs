using NodaTime;

namespace Runnerly.Reports.Composition;

/// <summary>
/// When a month ends for a runner and when its report is due, in the runner's own time zone:
/// a month's report is due on the 1st of the next month at 08:00 local time (if 08:00 does not
/// exist that day, the first instant after the gap; if it happens twice, the first).
/// </summary>
internal static class ReportCalendar
{
    public static readonly LocalTime DueTime = new(8, 0);

    /// <summary>The earliest and latest offsets any zone has: the first and last place a month ends.</summary>
    private static readonly Offset Earliest = Offset.FromHours(14);
    private static readonly Offset Latest = Offset.FromHours(-12);

    /// <summary>The zone for an IANA id; UTC when the id is unknown (the report still goes out).</summary>
    public static DateTimeZone Zone(string? timeZone) =>
        (timeZone is null ? null : DateTimeZoneProviders.Tzdb.GetZoneOrNull(timeZone)) ?? DateTimeZone.Utc;

    public static bool IsKnownZone(string? timeZone) => timeZone is not null && DateTimeZoneProviders.Tzdb.GetZoneOrNull(timeZone) is not null;

    /// <summary>When the report of <paramref name="month"/> is due for a runner in <paramref name="zone"/>.</summary>
    public static Instant DueAt(YearMonth month, DateTimeZone zone) =>
        (month.PlusMonths(1).OnDayOfMonth(1) + DueTime).InZoneLeniently(zone).ToInstant();

    /// <summary>The first instant of the month in the zone (midnight, or the first instant after a gap that swallowed it).</summary>
    public static Instant StartOf(YearMonth month, DateTimeZone zone) => month.OnDayOfMonth(1).AtStartOfDayInZone(zone).ToInstant();

    /// <summary>The month of the local calendar at <paramref name="now"/> in the zone.</summary>
    public static YearMonth MonthAt(Instant now, DateTimeZone zone) => now.InZone(zone).Date.ToYearMonth();

    /// <summary>
    /// The latest month whose report is due somewhere on Earth at <paramref name="now"/>: the month
    /// before the one it is at UTC+14, once 08:00 on its 1st has passed there.
    /// </summary>
    public static YearMonth LatestDueAnywhere(Instant now)
    {
        var east = now.WithOffset(Earliest).LocalDateTime;
        var month = east.Date.ToYearMonth();
        return east >= month.OnDayOfMonth(1) + DueTime ? month.PlusMonths(-1) : month.PlusMonths(-2);
    }

    /// <summary>When the report of <paramref name="month"/> is due in the last place on Earth (UTC−12): after that no runner is still waiting for it.</summary>
    public static Instant DueEverywhere(YearMonth month) =>
        (month.PlusMonths(1).OnDayOfMonth(1) + DueTime).WithOffset(Latest).ToInstant();

    public static DateOnly ToDateOnly(this LocalDate date) => new(date.Year, date.Month, date.Day);

    public static LocalDate ToLocalDate(this DateOnly date) => new(date.Year, date.Month, date.Day);
}
