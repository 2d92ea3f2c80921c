using NodaTime;
using Runnerly.Data.Infrastructure;
using Runnerly.Data.Model;

namespace Runnerly.Data.Apis;

/// <summary>
/// What makes a run believable, and storable: every value one that every reader can serve (finite
/// numbers within real bounds, exact names, a time zone PostgreSQL knows, printable text). Limits
/// are generous for real runners (ultras, slow walks) and refuse only what cannot be a run: see
/// docs/data-api.md.
/// </summary>
public static class RunValidation
{
    public const double MinDistanceMeters = 10;
    public const double MaxDistanceMeters = 500_000;       // longer than any single-activity ultra
    public const int MaxMovingTimeSeconds = 7 * 24 * 3600;  // a week
    public const int MaxElapsedTimeSeconds = 2 * MaxMovingTimeSeconds;
    public const double MinAverageSpeed = 0.1;              // 2 h 47 min per km: slower than any walk
    public const double MaxAverageSpeed = 6.7;              // ~2:29/km: beyond the marathon world record (≈5.9 m/s)
    public const double MaxSprintSpeed = 10.5;              // under 1 km: beyond Bolt's 100 m
    public const double MaxTopSpeed = 12.5;                 // beyond Bolt's fastest 10 m (12.4 m/s)
    public const double MaxElevationGainMeters = 30_000;
    public const int MinYear = 1900;
    public const int MaxNameLength = 255;
    public const int MaxPolylineLength = 100_000;
    public static readonly TimeSpan FutureTolerance = TimeSpan.FromMinutes(5);

    private static readonly string[] SportTypes = [nameof(SportType.Run), nameof(SportType.TrailRun), nameof(SportType.VirtualRun)];

    /// <summary>Checks a run; errors are keyed <paramref name="prefix"/> + the JSON field. Returns the values to store when there were none.</summary>
    internal static ValidRun? Validate(RunInput run, string prefix, DateTimeOffset now, KnownTimeZones zones, Dictionary<string, string[]> errors)
    {
        var before = errors.Count;
        void Fail(string field, string message) => errors[prefix + field] = [message];

        var name = run.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > MaxNameLength || TextRules.HasControlCharacters(name))
        {
            Fail("name", $"Give the run a name of 1 to {MaxNameLength} printable characters (no control characters).");
        }

        var sportType = SportTypes.Contains(run.SportType) ? Enum.Parse<SportType>(run.SportType!) : (SportType?)null;
        if (sportType is null)
        {
            Fail("sportType", "Use exactly one of Run, TrailRun or VirtualRun.");
        }

        var zoneId = zones.Canonical(run.TimeZone);
        if (zoneId is null)
        {
            Fail("timeZone", KnownTimeZones.Problem(run.TimeZone));
        }

        DateTime? startLocal = null;
        if (run.StartTime is not { } start)
        {
            Fail("startTime", "Give the start as a date and time with its offset, such as 2026-12-02T07:30:00+01:00.");
        }
        else if (start > now + FutureTolerance)
        {
            Fail("startTime", "The run cannot start in the future.");
        }
        else if (zoneId is not null)
        {
            startLocal = Instant.FromDateTimeOffset(start).InZone(DateTimeZoneProviders.Tzdb[zoneId]).LocalDateTime.ToDateTimeUnspecified();
            if (startLocal.Value.Year < MinYear)
            {
                Fail("startTime", $"The run must start in {MinYear} or later.");
            }
        }

        if (run.DistanceMeters is not { } distance || !InRange(distance, MinDistanceMeters, MaxDistanceMeters))
        {
            Fail("distanceMeters", $"Give the distance in meters, from {MinDistanceMeters:0} m to {MaxDistanceMeters / 1000:0} km.");
        }

        if (run.MovingTimeSeconds is not (>= 1 and <= MaxMovingTimeSeconds))
        {
            Fail("movingTimeSeconds", "Give the moving time in seconds, more than 0 and at most 7 days.");
        }

        if (run.ElapsedTimeSeconds is not { } elapsed || elapsed < run.MovingTimeSeconds || elapsed > MaxElapsedTimeSeconds)
        {
            Fail("elapsedTimeSeconds", "Give the elapsed time in seconds: at least the moving time, at most 14 days.");
        }

        if (run.DistanceMeters is { } meters && run.MovingTimeSeconds is { } moving and > 0 && InRange(meters, MinDistanceMeters, MaxDistanceMeters))
        {
            var speed = meters / moving;
            if (speed > (meters >= 1_000 ? MaxAverageSpeed : MaxSprintSpeed))
            {
                Fail("movingTimeSeconds", "This pace is well beyond the world record; check the distance and the time.");
            }
            else if (speed < MinAverageSpeed)
            {
                Fail("movingTimeSeconds", "This pace is slower than any walk (over 2 h 47 min per km); check the distance and the time.");
            }
        }

        if (!InRange(run.ElevationGainMeters, 0, MaxElevationGainMeters))
        {
            Fail("elevationGainMeters", $"Elevation gain must be between 0 and {MaxElevationGainMeters:N0} m.");
        }

        if (run.MaxSpeed is { } top && !InRange(top, MinAverageSpeed, MaxTopSpeed))
        {
            Fail("maxSpeed", $"Maximum speed must be from {MinAverageSpeed} to {MaxTopSpeed} m/s, or left out.");
        }

        foreach (var (field, heartRate) in new[] { ("averageHeartRate", run.AverageHeartRate), ("maxHeartRate", run.MaxHeartRate) })
        {
            if (heartRate is { } bpm && !InRange(bpm, 20, 250))
            {
                Fail(field, "Heart rate must be between 20 and 250 bpm, or left out.");
            }
        }

        if (run.AverageCadence is { } cadence && !InRange(cadence, 0, 300))
        {
            Fail("averageCadence", "Cadence must be between 0 and 300 steps per minute, or left out.");
        }

        var polyline = string.IsNullOrEmpty(run.SummaryPolyline) ? null : run.SummaryPolyline;
        if (polyline is not null && (polyline.Length > MaxPolylineLength || !polyline.All(c => c is >= '?' and <= '~')))
        {
            Fail("summaryPolyline", $"Give the route as an encoded polyline (characters ? to ~), at most {MaxPolylineLength:N0} characters.");
        }

        return errors.Count > before
            ? null
            : new ValidRun(name!, sportType!.Value, ToPostgresPrecision(run.StartTime!.Value), startLocal!.Value, zoneId!, run.DistanceMeters!.Value,
                run.MovingTimeSeconds!.Value, run.ElapsedTimeSeconds!.Value, run.ElevationGainMeters, run.MaxSpeed, run.AverageHeartRate, run.MaxHeartRate,
                run.AverageCadence, polyline);
    }

    /// <summary>False for NaN and the infinities, whatever the bounds.</summary>
    public static bool InRange(double value, double min, double max) => double.IsFinite(value) && value >= min && value <= max;

    // PostgreSQL keeps microseconds; .NET ticks are 100 ns. Without this, a re-sent run would look changed.
    private static DateTimeOffset ToPostgresPrecision(DateTimeOffset value) =>
        new(value.UtcTicks - (value.UtcTicks % 10), TimeSpan.Zero);
}

/// <summary>A run that passed every rule, its values as they are stored.</summary>
internal sealed record ValidRun(
    string Name, SportType SportType, DateTimeOffset StartTime, DateTime StartTimeLocal, string TimeZone, double DistanceMeters,
    int MovingTimeSeconds, int ElapsedTimeSeconds, double ElevationGainMeters, double? MaxSpeed, double? AverageHeartRate, double? MaxHeartRate,
    double? AverageCadence, string? SummaryPolyline)
{
    /// <summary>Copies the values onto a run; answers whether anything changed.</summary>
    public bool ApplyTo(Run run)
    {
        var averageSpeed = Math.Round(DistanceMeters / MovingTimeSeconds, 3);
        var before = Snapshot(run);
        run.Name = Name;
        run.SportType = SportType;
        run.StartTime = StartTime;
        run.StartTimeLocal = StartTimeLocal;
        run.TimeZone = TimeZone;
        run.DistanceMeters = DistanceMeters;
        run.MovingTimeSeconds = MovingTimeSeconds;
        run.ElapsedTimeSeconds = ElapsedTimeSeconds;
        run.ElevationGainMeters = ElevationGainMeters;
        run.AverageSpeed = averageSpeed;
        run.MaxSpeed = MaxSpeed ?? averageSpeed;
        run.AverageHeartRate = AverageHeartRate;
        run.MaxHeartRate = MaxHeartRate;
        run.AverageCadence = AverageCadence;
        run.SummaryPolyline = SummaryPolyline;
        return !Equals(before, Snapshot(run));
    }

    private static object Snapshot(Run run) => (run.Name, run.SportType, run.StartTime, run.TimeZone, run.DistanceMeters, run.MovingTimeSeconds,
        run.ElapsedTimeSeconds, run.ElevationGainMeters, run.MaxSpeed, run.AverageHeartRate, run.MaxHeartRate, run.AverageCadence, run.SummaryPolyline);
}
