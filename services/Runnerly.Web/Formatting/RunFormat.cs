using System.Globalization;

namespace Runnerly.Web.Formatting;

/// <summary>Distances, paces, durations and heights as a runner reads them, in their units (km or mi).</summary>
public static class RunFormat
{
    public const string Kilometers = "km";
    public const string Miles = "mi";
    private const double MetersPerMile = 1609.344;
    private const double FeetPerMeter = 3.28084;
    private static readonly CultureInfo Culture = CultureInfo.InvariantCulture;

    /// <summary>Meters in one unit of distance.</summary>
    public static double UnitMeters(string units) => units == Miles ? MetersPerMile : 1000;

    public static string Distance(double meters, string units) =>
        string.Create(Culture, $"{meters / UnitMeters(units):0.00} {Unit(units)}");

    /// <summary>
    /// A total as it reads at a glance: "24.5 km" under a hundred, "2,991 km" from there on (hundredths of a
    /// kilometre mean nothing in a year's running).
    /// </summary>
    public static string TotalDistance(double meters, string units)
    {
        var distance = meters / UnitMeters(units);
        return distance < 100
            ? string.Create(Culture, $"{distance:0.0} {Unit(units)}")
            : string.Create(Culture, $"{distance:#,0} {Unit(units)}");
    }

    /// <summary>A total time: as a run's under a day, "285 h 07 min" from a day on (a clock past 24 hours reads as a time of day).</summary>
    public static string TotalTime(long seconds) =>
        seconds < 86_400 ? Duration(seconds) : string.Create(Culture, $"{seconds / 3600:#,0} h {seconds / 60 % 60:00} min");

    /// <summary>1:02:03 for an hour or more, 42:05 under.</summary>
    public static string Duration(long seconds)
    {
        var time = TimeSpan.FromSeconds(Math.Max(0, seconds));
        return time.TotalHours >= 1
            ? string.Create(Culture, $"{(int)time.TotalHours}:{time.Minutes:00}:{time.Seconds:00}")
            : string.Create(Culture, $"{time.Minutes}:{time.Seconds:00}");
    }

    /// <summary>Minutes and seconds per km or per mile; a dash when there is no distance to speak of.</summary>
    public static string Pace(double meters, long movingSeconds, string units)
    {
        if (meters < 1 || movingSeconds <= 0)
        {
            return "–";
        }

        var perUnit = (long)Math.Round(movingSeconds / (meters / UnitMeters(units)));
        return string.Create(Culture, $"{perUnit / 60}:{perUnit % 60:00} /{Unit(units)}");
    }

    /// <summary>A pace given in seconds per km, read in the runner's units: "4:35 /km", "7:23 /mi".</summary>
    public static string Pace(double secondsPerKm, string units) => $"{MinutesPerUnit(secondsPerKm, units)} /{Unit(units)}";

    /// <summary>A range of paces, fast to slow: "5:10–5:45 /km".</summary>
    public static string PaceRange(double fastSecondsPerKm, double slowSecondsPerKm, string units) =>
        $"{MinutesPerUnit(fastSecondsPerKm, units)}–{MinutesPerUnit(slowSecondsPerKm, units)} /{Unit(units)}";

    private static string MinutesPerUnit(double secondsPerKm, string units)
    {
        var perUnit = (long)Math.Round(secondsPerKm * UnitMeters(units) / 1000);
        return string.Create(Culture, $"{perUnit / 60}:{perUnit % 60:00}");
    }

    /// <summary>Seconds per km or per mile, for charts.</summary>
    public static double? PaceSeconds(double meters, long movingSeconds, string units) =>
        meters < 1 || movingSeconds <= 0 ? null : Math.Round(movingSeconds / (meters / UnitMeters(units)), 1);

    /// <summary>A height in the runner's units: feet with miles, meters with kilometers.</summary>
    public static double HeightInUnits(double meters, string units) => units == Miles ? meters * FeetPerMeter : meters;

    public static double HeightInMeters(double height, string units) => units == Miles ? height / FeetPerMeter : height;

    public static string HeightUnit(string units) => units == Miles ? "ft" : "m";

    public static string Elevation(double meters, string units) => string.Create(Culture, $"{HeightInUnits(meters, units):0} {HeightUnit(units)}");

    /// <summary>Steps per minute; Strava gives a run's cadence per leg (86 for 172 steps), as its own pages double it.</summary>
    public static string? Cadence(Clients.Run run) => run.AverageCadence is { } cadence and > 0
        ? string.Create(Culture, $"{(run.Source == "strava" ? cadence * 2 : cadence):0} spm")
        : null;

    public static string HeartRate(double? bpm) => bpm is { } value ? string.Create(Culture, $"{value:0} bpm") : "–";

    /// <summary>The change against the previous period: "+12%", "−5%", "same", or "new" when there was nothing before.</summary>
    public static string Change(double current, double previous)
    {
        if (previous <= 0)
        {
            return current > 0 ? "new" : "same";
        }

        var percent = (int)Math.Round((current - previous) / previous * 100);
        return percent switch
        {
            0 => "same",
            > 0 => string.Create(Culture, $"+{percent}%"),
            _ => string.Create(Culture, $"−{-percent}%"),
        };
    }

    public static string Unit(string units) => units == Miles ? Miles : Kilometers;

    /// <summary>The data service's sport types in words: "Trail run", not "TrailRun".</summary>
    public static string SportType(string sportType) => sportType switch
    {
        "Run" => "Run",
        "TrailRun" => "Trail run",
        "VirtualRun" => "Treadmill or virtual run",
        _ => string.Concat(sportType.Select((c, i) => i > 0 && char.IsUpper(c) ? " " + char.ToLowerInvariant(c) : c.ToString())),
    };

    /// <summary>Where a run came from, as a runner says it: "from Strava", "added by hand".</summary>
    public static string Source(string source) => source switch
    {
        "strava" => "from Strava",
        "manual" => "added by hand",
        _ => "from " + source,
    };
}
