using Runnerly.Data.Model;

namespace Runnerly.Data.Apis;

/// <summary>
/// What makes a run believable. Limits are generous for real runners (ultras, slow walks) and
/// refuse only what cannot be a run: see docs/data-api.md.
/// </summary>
public static class RunValidation
{
    public const double MaxDistanceMeters = 500_000;       // longer than any single-activity ultra
    public const int MaxMovingTimeSeconds = 7 * 24 * 3600;  // a week
    public const double MaxAverageSpeed = 6.7;              // ~2:29/km: beyond the marathon world record (≈5.9 m/s)
    public const double MaxSprintSpeed = 10.5;              // under 1 km: beyond Bolt's 100 m
    public static readonly TimeSpan FutureTolerance = TimeSpan.FromMinutes(5);

    public static void Validate(RunInput run, string prefix, DateTimeOffset now, Dictionary<string, string[]> errors)
    {
        void Fail(string field, string message) => errors[prefix + field] = [message];

        if (string.IsNullOrWhiteSpace(run.Name) || run.Name.Length > 255)
        {
            Fail("name", "Give the run a name of 1 to 255 characters.");
        }

        if (!TryParseSportType(run.SportType, out _))
        {
            Fail("sportType", $"'{run.SportType}' is not a running sport type; use Run, TrailRun or VirtualRun.");
        }

        if (string.IsNullOrWhiteSpace(run.TimeZone) || !TimeZoneInfo.TryFindSystemTimeZoneById(run.TimeZone, out _))
        {
            Fail("timeZone", $"'{run.TimeZone}' is not an IANA time zone such as Europe/Paris.");
        }

        if (run.StartTime > now + FutureTolerance)
        {
            Fail("startTime", "The run cannot start in the future.");
        }

        if (run.DistanceMeters is <= 0 or > MaxDistanceMeters || double.IsNaN(run.DistanceMeters))
        {
            Fail("distanceMeters", $"Distance must be more than 0 and at most {MaxDistanceMeters / 1000:0} km.");
        }

        if (run.MovingTimeSeconds is <= 0 or > MaxMovingTimeSeconds)
        {
            Fail("movingTimeSeconds", "Moving time must be more than 0 and at most 7 days.");
        }

        if (run.ElapsedTimeSeconds < run.MovingTimeSeconds || run.ElapsedTimeSeconds > MaxMovingTimeSeconds * 2)
        {
            Fail("elapsedTimeSeconds", "Elapsed time must be at least the moving time.");
        }

        if (run.DistanceMeters > 0 && run.MovingTimeSeconds > 0)
        {
            var speed = run.DistanceMeters / run.MovingTimeSeconds;
            if (speed > (run.DistanceMeters >= 1_000 ? MaxAverageSpeed : MaxSprintSpeed))
            {
                Fail("movingTimeSeconds", "This pace is well beyond the world record; check the distance and the time.");
            }
        }

        if (run.ElevationGainMeters is < 0 or > 20_000)
        {
            Fail("elevationGainMeters", "Elevation gain must be between 0 and 20,000 m.");
        }

        if (run.AverageHeartRate is < 20 or > 250)
        {
            Fail("averageHeartRate", "Heart rate must be between 20 and 250 bpm.");
        }

        if (run.MaxHeartRate is < 20 or > 250)
        {
            Fail("maxHeartRate", "Heart rate must be between 20 and 250 bpm.");
        }

        if (run.AverageCadence is < 0 or > 300)
        {
            Fail("averageCadence", "Cadence must be between 0 and 300 steps per minute.");
        }

        if (run.SummaryPolyline is { Length: > 100_000 })
        {
            Fail("summaryPolyline", "The route is too long.");
        }
    }

    // PostgreSQL keeps microseconds; .NET ticks are 100 ns. Without this, a re-sent run would look changed.
    private static DateTimeOffset ToPostgresPrecision(DateTimeOffset value) =>
        new(value.UtcTicks - (value.UtcTicks % 10), TimeSpan.Zero);

    public static bool TryParseSportType(string? value, out SportType sportType) =>
        Enum.TryParse(value, ignoreCase: true, out sportType) && Enum.IsDefined(sportType) && !int.TryParse(value, out _);

    /// <summary>Copies validated input onto a run; answers whether anything changed.</summary>
    public static bool Apply(RunInput input, Run run)
    {
        TryParseSportType(input.SportType, out var sportType);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(input.TimeZone!);
        var start = ToPostgresPrecision(input.StartTime.ToUniversalTime());
        var startLocal = DateTime.SpecifyKind(TimeZoneInfo.ConvertTime(start, zone).DateTime, DateTimeKind.Unspecified);
        var averageSpeed = Math.Round(input.DistanceMeters / input.MovingTimeSeconds, 3);
        var before = (run.Name, run.SportType, run.StartTime, run.TimeZone, run.DistanceMeters, run.MovingTimeSeconds, run.ElapsedTimeSeconds,
            run.ElevationGainMeters, run.MaxSpeed, run.AverageHeartRate, run.MaxHeartRate, run.AverageCadence, run.SummaryPolyline);

        run.Name = input.Name!.Trim();
        run.SportType = sportType;
        run.StartTime = start;
        run.StartTimeLocal = startLocal;
        run.TimeZone = input.TimeZone!;
        run.DistanceMeters = input.DistanceMeters;
        run.MovingTimeSeconds = input.MovingTimeSeconds;
        run.ElapsedTimeSeconds = input.ElapsedTimeSeconds;
        run.ElevationGainMeters = input.ElevationGainMeters;
        run.AverageSpeed = averageSpeed;
        run.MaxSpeed = input.MaxSpeed ?? averageSpeed;
        run.AverageHeartRate = input.AverageHeartRate;
        run.MaxHeartRate = input.MaxHeartRate;
        run.AverageCadence = input.AverageCadence;
        run.SummaryPolyline = input.SummaryPolyline;

        return before != (run.Name, run.SportType, run.StartTime, run.TimeZone, run.DistanceMeters, run.MovingTimeSeconds, run.ElapsedTimeSeconds,
            run.ElevationGainMeters, run.MaxSpeed, run.AverageHeartRate, run.MaxHeartRate, run.AverageCadence, run.SummaryPolyline);
    }
}
