namespace Runnerly.StravaSimulator.Model;

/// <summary>An activity as the simulator keeps it; rendered as Strava's SummaryActivity or DetailedActivity.</summary>
internal sealed record Activity
{
    public required long Id { get; init; }
    public required long AthleteId { get; init; }
    public required string Name { get; init; }
    public required string SportType { get; init; }
    public required DateTimeOffset StartDate { get; init; }
    public required TimeZoneInfo TimeZone { get; init; }
    public required double Distance { get; init; }
    public required int MovingTime { get; init; }
    public required int ElapsedTime { get; init; }
    public required double TotalElevationGain { get; init; }
    public required double MaxSpeed { get; init; }
    public double? AverageHeartrate { get; init; }
    public double? MaxHeartrate { get; init; }
    public double? AverageCadence { get; init; }
    public bool Trainer { get; init; }
    public bool Manual { get; init; }
    public (double Lat, double Lng)[] Route { get; init; } = [];
    public string? Description { get; init; }

    /// <summary>Who may see it on Strava: <c>everyone</c>, <c>followers_only</c> or <c>only_me</c>.</summary>
    public string Visibility { get; init; } = "everyone";

    /// <summary>
    /// Left out of activity lists after the page was cut (Strava documents that a page may hold
    /// fewer items than asked for even when it is not the last). Still readable by id.
    /// </summary>
    public bool LeftOutOfLists { get; init; }

    public bool IsPrivate => Visibility == "only_me";
}

/// <summary>An athlete of the simulator, with the client scopes they granted.</summary>
internal sealed record Athlete(long Id, string FirstName, string LastName, string City, string Country, string Sex, DateTimeOffset CreatedAt,
    TimeZoneInfo TimeZone, (double Lat, double Lng) Home);
