using Runnerly.Data.Model;

namespace Runnerly.Data.Apis;

/// <summary>
/// A run as a runner or a service sends it. Sport type is a string so an unknown one gets a clear
/// error; required values are nullable so a missing one is named rather than taken as zero.
/// </summary>
public sealed record RunInput(
    string? Name,
    string? SportType,
    DateTimeOffset? StartTime,
    string? TimeZone,
    double? DistanceMeters,
    int? MovingTimeSeconds,
    int? ElapsedTimeSeconds,
    double ElevationGainMeters = 0,
    double? MaxSpeed = null,
    double? AverageHeartRate = null,
    double? MaxHeartRate = null,
    double? AverageCadence = null,
    string? SummaryPolyline = null);

/// <summary>A run from a source (Strava, a file) in a service's batch, identified by its source id.</summary>
public sealed record SourcedRunInput(string? Source, string? SourceId, RunInput Run);

public sealed record RunBatch(IReadOnlyList<SourcedRunInput>? Runs);

public sealed record RunBatchResult(int Created, int Updated, int Unchanged);

public sealed record RunResponse(
    Guid Id,
    string Source,
    string SourceId,
    string Name,
    string SportType,
    DateTimeOffset StartTime,
    DateTime StartTimeLocal,
    string TimeZone,
    double DistanceMeters,
    int MovingTimeSeconds,
    int ElapsedTimeSeconds,
    double ElevationGainMeters,
    double AverageSpeed,
    double MaxSpeed,
    double? AverageHeartRate,
    double? MaxHeartRate,
    double? AverageCadence,
    string? SummaryPolyline)
{
    public static RunResponse From(Run run) => new(
        run.Id, run.Source.ToString().ToLowerInvariant(), run.SourceId, run.Name, run.SportType.ToString(), run.StartTime,
        run.StartTimeLocal, run.TimeZone, run.DistanceMeters, run.MovingTimeSeconds, run.ElapsedTimeSeconds,
        run.ElevationGainMeters, run.AverageSpeed, run.MaxSpeed, run.AverageHeartRate, run.MaxHeartRate,
        run.AverageCadence, run.SummaryPolyline);
}

public sealed record RunPage(IReadOnlyList<RunResponse> Items, string? Next);
