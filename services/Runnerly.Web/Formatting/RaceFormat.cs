using System.Globalization;

namespace Runnerly.Web.Formatting;

/// <summary>Races as a runner reads them: how far off, how long, against their goal.</summary>
public static class RaceFormat
{
    private static readonly CultureInfo Culture = CultureInfo.InvariantCulture;

    /// <summary>The distance in the runner's units, to a tenth: "21.1 km", "13.1 mi", "5 km".</summary>
    public static string Distance(double meters, string units) =>
        string.Create(Culture, $"{meters / RunFormat.UnitMeters(units):0.#} {RunFormat.Unit(units)}");

    /// <summary>"Half marathon · 13.1 mi" for a standard distance, the distance alone otherwise.</summary>
    public static string Distance(double meters, string? standardName, string units) =>
        standardName is null ? Distance(meters, units) : $"{standardName} · {Distance(meters, units)}";

    /// <summary>Race day against today on the race's calendar: "today", "tomorrow", "in 23 days", "yesterday", "12 days ago".</summary>
    public static string Countdown(DateOnly raceDay, DateOnly today) => (raceDay.DayNumber - today.DayNumber) switch
    {
        0 => "today",
        1 => "tomorrow",
        -1 => "yesterday",
        > 1 and var days => $"in {days} days",
        var days => $"{-days} days ago",
    };

    /// <summary>
    /// How long until the start: on race day, to the hour and minute when the start time is known
    /// ("in 2 h 5 min", "in 12 min"); the day's countdown otherwise.
    /// </summary>
    public static string Countdown(DateOnly raceDay, string? startTime, TimeZoneInfo zone, DateTimeOffset now)
    {
        var local = TimeZoneInfo.ConvertTime(now, zone);
        var today = DateOnly.FromDateTime(local.DateTime);
        if (raceDay != today || startTime is null || !TimeOnly.TryParse(startTime, Culture, out var start))
        {
            return Countdown(raceDay, today);
        }

        var left = raceDay.ToDateTime(start) - local.DateTime;
        if (left <= TimeSpan.Zero)
        {
            return "today, under way";
        }

        var minutes = (int)Math.Ceiling(left.TotalMinutes);
        return minutes >= 60 ? $"in {minutes / 60} h {minutes % 60} min" : $"in {minutes} min";
    }

    /// <summary>Today where the race is run (its IANA zone; UTC when the zone is unknown here).</summary>
    public static DateOnly TodayAt(string timeZone, DateTimeOffset now) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, Zone(timeZone)).DateTime);

    public static TimeZoneInfo Zone(string timeZone) => TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out var zone) ? zone : TimeZoneInfo.Utc;

    public static string Day(DateOnly date) => date.ToString("ddd d MMM yyyy", Culture);

    /// <summary>"Sunday 11 April 2027 at 09:30, Europe/Paris time": the start as it is at the race.</summary>
    public static string When(DateOnly date, string? startTime, string timeZone) =>
        date.ToString("dddd d MMMM yyyy", Culture) + (startTime is null ? "" : $" at {startTime}, {timeZone} time");

    /// <summary>Who is running, by the names of those who show them: "Ada, Grete and 3 others".</summary>
    public static string Who(IReadOnlyList<string> names, int others)
    {
        var parts = names.ToList();
        if (others > 0)
        {
            parts.Add(names.Count == 0 ? Participants(others) : others == 1 ? "1 other" : $"{others} others");
        }

        return parts.Count <= 1 ? parts.FirstOrDefault() ?? "Nobody yet" : string.Join(", ", parts[..^1]) + " and " + parts[^1];
    }

    public static string Participants(int count) => count == 1 ? "1 runner" : $"{count} runners";

    public static string Surface(string surface) => surface switch
    {
        "road" => "Road",
        "trail" => "Trail",
        "track" => "Track",
        _ => surface,
    };

    /// <summary>A result against the goal: "2:48 under your goal", "0:35 over your goal", "right on your goal".</summary>
    public static string AgainstGoal(int resultSeconds, int goalSeconds) => (resultSeconds - goalSeconds) switch
    {
        0 => "right on your goal",
        < 0 and var faster => $"{RunFormat.Duration(-faster)} under your goal",
        var slower => $"{RunFormat.Duration(slower)} over your goal",
    };
}
