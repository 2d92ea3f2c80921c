namespace Runnerly.Web.Clients;

// The web's own view of the APIs' JSON (no shared contracts between services).

public sealed record Run(
    Guid Id, string Source, string SourceId, string Name, string SportType, DateTimeOffset StartTime, DateTime StartTimeLocal, string TimeZone,
    double DistanceMeters, int MovingTimeSeconds, int ElapsedTimeSeconds, double ElevationGainMeters, double AverageSpeed, double MaxSpeed,
    double? AverageHeartRate, double? MaxHeartRate, double? AverageCadence, string? SummaryPolyline);

public sealed record RunPage(IReadOnlyList<Run> Items, string? Next);

public sealed record PeriodTotals(DateOnly Start, int Count, double DistanceMeters, long MovingTimeSeconds, double ElevationGainMeters, double? PaceSecondsPerKm);

public sealed record Stats(string Period, string TimeZone, DateOnly From, DateOnly To, IReadOnlyList<PeriodTotals> Periods, PeriodTotals Total);

public sealed record Profile(
    string? DisplayName, DateOnly? BirthDate, string? Sex, double? WeightKg, int? MaxHeartRate, int? RestingHeartRate,
    string Units, string TimeZone, int TrainingDaysPerWeek, bool MonthlyReportOptOut);

/// <summary>
/// The Strava link. <see cref="PausedUntil"/> (when Strava's read limits pause the import) and <see cref="AthleteName"/>
/// are shown when the strava service sends them; it does not yet (docs/web.md).
/// </summary>
public sealed record StravaStatus(
    bool Connected, long? AthleteId, int Imported, int? EstimatedTotal, bool BackfillComplete, DateTimeOffset? LastSyncedAt, bool Disconnecting, string? Problem,
    DateTimeOffset? PausedUntil = null, string? AthleteName = null)
{
    /// <summary>The athlete's page on Strava.</summary>
    public Uri? AthleteUrl => AthleteId is { } id ? new Uri($"https://www.strava.com/athletes/{id}") : null;

    /// <summary>0–100 while the history comes in; the estimate can be off, so never past 99 until done.</summary>
    public int Percent => BackfillComplete ? 100 : EstimatedTotal is > 0 ? Math.Min(99, Imported * 100 / EstimatedTotal.Value) : 0;
}

public sealed record StravaLinkStart(Uri AuthorizeUrl, string Binding, string BindingCookie, DateTimeOffset ExpiresAt);

/// <summary>A run the runner enters or changes by hand.</summary>
public sealed record RunInput(
    string Name, string SportType, DateTimeOffset StartTime, string TimeZone, double DistanceMeters, int MovingTimeSeconds, int ElapsedTimeSeconds,
    double ElevationGainMeters, double? AverageHeartRate);
