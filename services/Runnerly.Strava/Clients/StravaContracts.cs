using System.Text.Json.Serialization;

namespace Runnerly.Strava.Clients;

// Strava's JSON, reduced to what Runnerly reads. Field names are Strava's (snake_case).

internal sealed record StravaTokens(
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("refresh_token")] string RefreshToken,
    [property: JsonPropertyName("expires_at")] long ExpiresAt,
    [property: JsonPropertyName("athlete")] StravaAthlete? Athlete)
{
    public DateTimeOffset Expires => DateTimeOffset.FromUnixTimeSeconds(ExpiresAt);
}

internal sealed record StravaAthlete(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("firstname")] string? FirstName,
    [property: JsonPropertyName("lastname")] string? LastName)
{
    public const int MaxNameLength = 100;

    /// <summary>"Firstname Lastname" to show: control characters become spaces, runs of spaces one, at most
    /// <see cref="MaxNameLength"/> characters (never cutting a surrogate pair in two); null when nothing is left.</summary>
    public string? DisplayName
    {
        get
        {
            var words = TextRules.WithoutControlCharacters($"{FirstName} {LastName}").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var name = string.Join(' ', words);
            if (name.Length > MaxNameLength)
            {
                name = name[..(char.IsHighSurrogate(name[MaxNameLength - 1]) ? MaxNameLength - 1 : MaxNameLength)].TrimEnd();
            }

            return name.Length > 0 ? name : null;
        }
    }
}

internal sealed record StravaActivity(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("sport_type")] string SportType,
    [property: JsonPropertyName("start_date")] DateTimeOffset StartDate,
    [property: JsonPropertyName("start_date_local")] string StartDateLocal,
    [property: JsonPropertyName("timezone")] string? TimeZone,
    [property: JsonPropertyName("utc_offset")] double UtcOffset,
    [property: JsonPropertyName("distance")] double Distance,
    [property: JsonPropertyName("moving_time")] int MovingTime,
    [property: JsonPropertyName("elapsed_time")] int ElapsedTime,
    [property: JsonPropertyName("total_elevation_gain")] double TotalElevationGain,
    [property: JsonPropertyName("average_speed")] double AverageSpeed,
    [property: JsonPropertyName("max_speed")] double MaxSpeed,
    [property: JsonPropertyName("has_heartrate")] bool HasHeartrate,
    [property: JsonPropertyName("average_heartrate")] double? AverageHeartrate,
    [property: JsonPropertyName("max_heartrate")] double? MaxHeartrate,
    [property: JsonPropertyName("average_cadence")] double? AverageCadence,
    [property: JsonPropertyName("trainer")] bool Trainer,
    [property: JsonPropertyName("manual")] bool Manual,
    [property: JsonPropertyName("map")] StravaMap? Map,
    [property: JsonPropertyName("athlete")] StravaAthleteRef? Athlete = null)
{
    private static readonly string[] RunningSports = ["Run", "TrailRun", "VirtualRun"];

    public bool IsRun => RunningSports.Contains(SportType);

    /// <summary>
    /// The wall-clock start where it was run. Strava writes it with a "Z" although it is local
    /// time; read as written, never converted.
    /// </summary>
    /// <summary>The IANA zone of Strava's "(GMT+01:00) Europe/Paris", when the TZDB the data service checks it with knows it.</summary>
    public string? IanaTimeZone => TimeZone?[(TimeZone.LastIndexOf(' ') + 1)..] is { Length: > 0 } id && NodaTime.DateTimeZoneProviders.Tzdb.GetZoneOrNull(id) is not null ? id : null;

    public DateTime LocalStart => DateTime.Parse(StartDateLocal.TrimEnd('Z'), System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>Whose activity it is (Strava's MetaAthlete).</summary>
internal sealed record StravaAthleteRef([property: JsonPropertyName("id")] long Id);

internal sealed record StravaMap([property: JsonPropertyName("summary_polyline")] string? SummaryPolyline);

internal sealed record StravaTotals([property: JsonPropertyName("count")] int Count);

internal sealed record StravaStats([property: JsonPropertyName("all_run_totals")] StravaTotals AllRunTotals);

internal sealed record StravaPushSubscription(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("callback_url")] string? CallbackUrl = null);
