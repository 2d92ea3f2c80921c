using Runnerly.StravaSimulator.Model;

namespace Runnerly.StravaSimulator.World;

/// <summary>
/// Deterministic athletes with realistic multi-year histories: the same athlete id always gives
/// the same athlete and activities (for a given end date). About one activity a day, seven in
/// ten of them runs: road runs with long Sunday runs, trail runs with climbing, treadmill runs
/// without a route, runs without heart rate, rides, swims, walks and gym sessions. Most are
/// public; some are for followers only or private. Odd-numbered athletes have a share of
/// activities that lists leave out after paging.
/// </summary>
internal static class AthleteHistories
{
    private static readonly (string City, string Country, string TimeZone, double Lat, double Lng)[] Homes =
    [
        ("Lyon", "France", "Europe/Paris", 45.7640, 4.8357),
        ("Portland", "United States", "America/Los_Angeles", 45.5152, -122.6784),
        ("Melbourne", "Australia", "Australia/Melbourne", -37.8136, 144.9631),
        ("Nairobi", "Kenya", "Africa/Nairobi", -1.2921, 36.8219),
        ("Boulder", "United States", "America/Denver", 40.0150, -105.2705),
        ("Edinburgh", "United Kingdom", "Europe/London", 55.9533, -3.1883),
    ];

    private static readonly string[] FirstNames = ["Ada", "Bruno", "Chiara", "Dev", "Eliud", "Fatima", "Grete", "Haile", "Ingrid", "Jonas"];
    private static readonly string[] LastNames = ["Lovelace", "Moreau", "Rossi", "Patel", "Kiprop", "Haddad", "Waitz", "Bekele", "Berg", "Olsen"];

    public static Athlete Athlete(long athleteId, DateTimeOffset historyEnd, int years)
    {
        var random = new Random(unchecked((int)athleteId));
        var home = Homes[random.Next(Homes.Length)];
        return new Athlete(athleteId, FirstNames[random.Next(FirstNames.Length)], LastNames[random.Next(LastNames.Length)],
            home.City, home.Country, random.Next(2) == 0 ? "F" : "M", historyEnd.AddYears(-years).AddDays(-random.Next(1, 30)),
            TimeZoneInfo.FindSystemTimeZoneById(home.TimeZone), (home.Lat, home.Lng));
    }

    /// <summary>The athlete's activities from <paramref name="years"/> years before <paramref name="historyEnd"/>, oldest first.</summary>
    public static List<Activity> Activities(Athlete athlete, DateTimeOffset historyEnd, int years, double leftOutOfListsShare)
    {
        var random = new Random(unchecked((int)athlete.Id * 7919));
        var activities = new List<Activity>();
        var firstDay = DateOnly.FromDateTime(historyEnd.UtcDateTime.AddYears(-years));
        var lastDay = DateOnly.FromDateTime(historyEnd.UtcDateTime).AddDays(-1);
        for (var day = firstDay; day <= lastDay; day = day.AddDays(1))
        {
            var sessions = random.NextDouble() switch { < 0.1 => 0, < 0.92 => 1, _ => 2 };
            for (var session = 0; session < sessions; session++)
            {
                var hour = session == 0 ? 6 + random.Next(6) : 12 + random.Next(8);
                var localStart = day.ToDateTime(new TimeOnly(hour, random.Next(60), random.Next(60)));
                var start = new DateTimeOffset(localStart, athlete.TimeZone.GetUtcOffset(localStart));
                var activity = OneActivity(athlete, random, start, day.DayOfWeek, athlete.Id * 100_000 + activities.Count + 1);
                activities.Add(Privacy(activity, athlete.Id % 2 == 1 ? leftOutOfListsShare : 0));
            }
        }

        return activities;
    }

    private static Activity OneActivity(Athlete athlete, Random random, DateTimeOffset start, DayOfWeek dayOfWeek, long id)
    {
        var sport = random.NextDouble() switch
        {
            < 0.58 => "Run",
            < 0.66 => "TrailRun",
            < 0.72 => "Treadmill",
            < 0.87 => "Ride",
            < 0.92 => "Swim",
            < 0.97 => "Walk",
            _ => "WeightTraining",
        };

        var (distanceKm, secondsPerKm, climbPerKm) = sport switch
        {
            "Run" when dayOfWeek == DayOfWeek.Sunday => (18 + random.NextDouble() * 14, 300 + random.Next(60), 4 + random.NextDouble() * 8),
            "Run" => (5 + random.NextDouble() * 10, 270 + random.Next(90), 2 + random.NextDouble() * 10),
            "TrailRun" => (8 + random.NextDouble() * 20, 380 + random.Next(180), 30 + random.NextDouble() * 50),
            "Treadmill" => (5 + random.NextDouble() * 7, 280 + random.Next(60), 0),
            "Ride" => (25 + random.NextDouble() * 70, 110 + random.Next(40), 5 + random.NextDouble() * 12),
            "Swim" => (1 + random.NextDouble() * 2.5, 1100 + random.Next(500), 0),
            "Walk" => (3 + random.NextDouble() * 6, 660 + random.Next(120), 3 + random.NextDouble() * 6),
            _ => (0, 0, 0),
        };

        var distance = Math.Round(distanceKm * 1000, 1);
        var moving = sport == "WeightTraining" ? 2400 + random.Next(1800) : (int)(distanceKm * secondsPerKm);
        var isRun = sport is "Run" or "TrailRun" or "Treadmill";
        var hasHeartRate = sport != "Swim" && random.NextDouble() < 0.8;
        var averageHeartRate = hasHeartRate ? Math.Round(125 + random.NextDouble() * 40, 1) : (double?)null;
        var outdoors = sport is "Run" or "TrailRun" or "Ride" or "Walk";
        var sportType = sport == "Treadmill" ? "Run" : sport;
        return new Activity
        {
            Id = id,
            AthleteId = athlete.Id,
            Name = Name(sport, start.Hour),
            SportType = sportType,
            StartDate = start.ToUniversalTime(),
            TimeZone = athlete.TimeZone,
            Distance = distance,
            MovingTime = moving,
            ElapsedTime = moving + (outdoors ? random.Next(moving / 10 + 1) : 0),
            TotalElevationGain = Math.Round(distanceKm * climbPerKm, 1),
            MaxSpeed = distance > 0 ? Math.Round(distance / moving * (1.3 + random.NextDouble() * 0.5), 3) : 0,
            AverageHeartrate = averageHeartRate,
            MaxHeartrate = averageHeartRate + 10 + random.Next(20),
            AverageCadence = isRun ? Math.Round(80 + random.NextDouble() * 12, 1) : null,
            Trainer = sport == "Treadmill",
            Route = outdoors ? Loop(athlete.Home, distance, random) : [],
        };
    }

    /// <summary>Drawn from a generator of the activity's own, so the histories themselves stay as they were.</summary>
    private static Activity Privacy(Activity activity, double leftOutOfListsShare)
    {
        var random = new Random(unchecked((int)(activity.Id * 2_654_435_761)));
        var visibility = random.NextDouble() switch { < 0.05 => "only_me", < 0.15 => "followers_only", _ => "everyone" };
        return activity with { Visibility = visibility, LeftOutOfLists = random.NextDouble() < leftOutOfListsShare };
    }

    private static string Name(string sport, int hour)
    {
        var time = hour switch { < 11 => "Morning", < 14 => "Lunch", < 18 => "Afternoon", _ => "Evening" };
        return sport switch
        {
            "TrailRun" => $"{time} Trail Run",
            "Treadmill" => $"{time} Treadmill Run",
            "WeightTraining" => $"{time} Weight Training",
            _ => $"{time} {sport}",
        };
    }

    /// <summary>A closed loop of about the activity's length near home.</summary>
    private static (double Lat, double Lng)[] Loop((double Lat, double Lng) home, double meters, Random random)
    {
        const int points = 24;
        var radius = meters / (2 * Math.PI);
        var centre = (Lat: home.Lat + (random.NextDouble() - 0.5) * 0.02, Lng: home.Lng + (random.NextDouble() - 0.5) * 0.02);
        var metersPerDegreeLng = 111_320 * Math.Cos(centre.Lat * Math.PI / 180);
        var loop = new (double, double)[points + 1];
        for (var i = 0; i <= points; i++)
        {
            var angle = 2 * Math.PI * (i % points) / points;
            var wobble = 1 + (i % points == 0 ? 0 : (random.NextDouble() - 0.5) * 0.2);
            loop[i] = (centre.Lat + radius * wobble * Math.Sin(angle) / 110_574, centre.Lng + radius * wobble * Math.Cos(angle) / metersPerDegreeLng);
        }

        return loop;
    }
}
