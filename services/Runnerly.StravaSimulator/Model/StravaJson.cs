using System.Globalization;

namespace Runnerly.StravaSimulator.Model;

/// <summary>The JSON shapes of Strava's API v3 (field names as Strava documents them, snake_case by the serializer).</summary>
internal static class StravaJson
{
    public static object SummaryAthlete(Athlete athlete) => new
    {
        athlete.Id,
        Username = $"{athlete.FirstName}.{athlete.LastName}".ToLowerInvariant(),
        ResourceState = 2,
        Firstname = athlete.FirstName,
        Lastname = athlete.LastName,
        Bio = (string?)null,
        athlete.City,
        State = (string?)null,
        athlete.Country,
        athlete.Sex,
        Premium = false,
        Summit = false,
        CreatedAt = Timestamp(athlete.CreatedAt),
        UpdatedAt = Timestamp(athlete.CreatedAt),
        BadgeTypeId = 0,
        Weight = 68.0,
        ProfileMedium = "avatar/athlete/medium.png",
        Profile = "avatar/athlete/large.png",
        Friend = (string?)null,
        Follower = (string?)null,
    };

    public static Dictionary<string, object?> SummaryActivity(Activity activity)
    {
        var local = TimeZoneInfo.ConvertTime(activity.StartDate, activity.TimeZone);
        var polyline = Polyline.Encode(activity.Route);
        return new Dictionary<string, object?>
        {
            ["resource_state"] = 2,
            ["athlete"] = new { id = activity.AthleteId, resource_state = 1 },
            ["name"] = activity.Name,
            ["distance"] = activity.Distance,
            ["moving_time"] = activity.MovingTime,
            ["elapsed_time"] = activity.ElapsedTime,
            ["total_elevation_gain"] = activity.TotalElevationGain,
            ["type"] = LegacyType(activity.SportType),
            ["sport_type"] = activity.SportType,
            ["workout_type"] = activity.SportType is "Run" or "TrailRun" ? 0 : null,
            ["id"] = activity.Id,
            ["start_date"] = Timestamp(activity.StartDate),
            // Strava marks the local time with a "Z" too, although it is not UTC.
            ["start_date_local"] = local.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["timezone"] = $"(GMT{Offset(local.Offset)}) {activity.TimeZone.Id}",
            ["utc_offset"] = local.Offset.TotalSeconds,
            ["location_city"] = null,
            ["location_state"] = null,
            ["location_country"] = null,
            ["achievement_count"] = 0,
            ["kudos_count"] = (int)(activity.Id % 7),
            ["comment_count"] = 0,
            ["athlete_count"] = 1,
            ["photo_count"] = 0,
            ["map"] = new { id = $"a{activity.Id}", summary_polyline = polyline, resource_state = 2 },
            ["trainer"] = activity.Trainer,
            ["commute"] = false,
            ["manual"] = activity.Manual,
            ["private"] = activity.IsPrivate,
            ["visibility"] = activity.Visibility,
            ["flagged"] = false,
            ["gear_id"] = null,
            ["start_latlng"] = activity.Route.Length > 0 ? new[] { activity.Route[0].Lat, activity.Route[0].Lng } : Array.Empty<double>(),
            ["end_latlng"] = activity.Route.Length > 0 ? new[] { activity.Route[^1].Lat, activity.Route[^1].Lng } : Array.Empty<double>(),
            ["average_speed"] = activity.MovingTime > 0 ? Math.Round(activity.Distance / activity.MovingTime, 3) : 0,
            ["max_speed"] = activity.MaxSpeed,
            ["average_cadence"] = activity.AverageCadence,
            ["has_heartrate"] = activity.AverageHeartrate is not null,
            ["average_heartrate"] = activity.AverageHeartrate,
            ["max_heartrate"] = activity.MaxHeartrate,
            ["heartrate_opt_out"] = false,
            ["display_hide_heartrate_option"] = activity.AverageHeartrate is not null,
            ["elev_high"] = activity.Route.Length > 0 ? Math.Round(50 + activity.TotalElevationGain / 2, 1) : null,
            ["elev_low"] = activity.Route.Length > 0 ? 50.0 : null,
            ["upload_id"] = activity.Manual ? null : activity.Id * 3,
            ["upload_id_str"] = activity.Manual ? null : (activity.Id * 3).ToString(CultureInfo.InvariantCulture),
            ["external_id"] = activity.Manual ? null : $"{activity.Id}.fit",
            ["from_accepted_tag"] = false,
            ["pr_count"] = 0,
            ["total_photo_count"] = 0,
            ["has_kudoed"] = false,
        };
    }

    public static Dictionary<string, object?> DetailedActivity(Activity activity)
    {
        var detailed = SummaryActivity(activity);
        detailed["resource_state"] = 3;
        detailed["description"] = activity.Description;
        detailed["calories"] = Math.Round(activity.Distance / 1000 * 62, 1);
        detailed["device_name"] = activity.Manual ? null : "Garmin Forerunner 265";
        detailed["embed_token"] = $"{activity.Id:x}";
        detailed["map"] = new
        {
            id = $"a{activity.Id}",
            polyline = Polyline.Encode(activity.Route),
            summary_polyline = Polyline.Encode(activity.Route),
            resource_state = 3,
        };
        detailed["segment_efforts"] = Array.Empty<object>();
        detailed["laps"] = Array.Empty<object>();
        detailed["photos"] = new { primary = (object?)null, count = 0 };
        return detailed;
    }

    public static object Fault(string message, string resource, string field, string code) =>
        new { message, errors = new[] { new { resource, field, code } } };

    public static string Timestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    // Strava's deprecated "type" predates the finer sport types: a trail run is a "Run", a gravel ride a "Ride".
    private static string LegacyType(string sportType) => sportType switch
    {
        "TrailRun" => "Run",
        "GravelRide" or "MountainBikeRide" => "Ride",
        "EMountainBikeRide" => "EBikeRide",
        _ => sportType,
    };

    private static string Offset(TimeSpan offset) =>
        $"{(offset < TimeSpan.Zero ? "-" : "+")}{offset.Duration():hh\\:mm}";
}
