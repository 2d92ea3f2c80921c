namespace Runnerly.Data.Model;

/// <summary>One run, shaped after Strava's SummaryActivity.</summary>
public sealed class Run
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public required string RunnerId { get; init; }

    public required RunSource Source { get; init; }

    /// <summary>The id at the source (a Strava activity id); unique per runner and source.</summary>
    public required string SourceId { get; init; }

    public required string Name { get; set; }

    public required SportType SportType { get; set; }

    public DateTimeOffset StartTime { get; set; }

    /// <summary>Wall-clock start where the run happened.</summary>
    public DateTime StartTimeLocal { get; set; }

    public required string TimeZone { get; set; }

    public double DistanceMeters { get; set; }

    public int MovingTimeSeconds { get; set; }

    public int ElapsedTimeSeconds { get; set; }

    public double ElevationGainMeters { get; set; }

    public double AverageSpeed { get; set; }

    public double MaxSpeed { get; set; }

    public double? AverageHeartRate { get; set; }

    public double? MaxHeartRate { get; set; }

    public double? AverageCadence { get; set; }

    public string? SummaryPolyline { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; set; }
}

public enum RunSource
{
    Strava,
    Manual,
    File,
}

public enum SportType
{
    Run,
    TrailRun,
    VirtualRun,
}
