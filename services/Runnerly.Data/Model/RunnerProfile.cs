namespace Runnerly.Data.Model;

/// <summary>A runner's settings, keyed by the identity user id (the token's <c>sub</c>).</summary>
public sealed class RunnerProfile
{
    public required string RunnerId { get; init; }

    public string? DisplayName { get; set; }

    public DateOnly? BirthDate { get; set; }

    public Sex? Sex { get; set; }

    public double? WeightKg { get; set; }

    public int? MaxHeartRate { get; set; }

    public int? RestingHeartRate { get; set; }

    public DistanceUnit Units { get; set; } = DistanceUnit.Kilometers;

    /// <summary>IANA time zone id, e.g. <c>Europe/Paris</c>.</summary>
    /// <summary>A new profile's zone until the runner, their browser or their Strava athlete gives one.</summary>
    public const string DefaultTimeZone = "UTC";

    public string TimeZone { get; set; } = DefaultTimeZone;

    public int TrainingDaysPerWeek { get; set; } = 4;

    public bool MonthlyReportOptOut { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; set; }
}

public enum Sex
{
    Female,
    Male,
    Other,
}

public enum DistanceUnit
{
    Kilometers,
    Miles,
}
