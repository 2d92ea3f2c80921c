using System.Net;
using System.Text.Json;

namespace Runnerly.StravaSimulator.Tests;

public sealed class ApiTests : IAsyncLifetime
{
    // The fields of SummaryActivity in Strava's API reference example (GET /athlete/activities).
    private static readonly string[] DocumentedSummaryFields =
    [
        "resource_state", "athlete", "name", "distance", "moving_time", "elapsed_time", "total_elevation_gain", "type", "sport_type",
        "workout_type", "id", "start_date", "start_date_local", "timezone", "utc_offset", "location_city", "location_state",
        "location_country", "achievement_count", "kudos_count", "comment_count", "athlete_count", "photo_count", "map", "trainer",
        "commute", "manual", "private", "visibility", "flagged", "gear_id", "start_latlng", "end_latlng", "average_speed", "max_speed",
        "average_cadence", "has_heartrate", "average_heartrate", "max_heartrate", "heartrate_opt_out", "display_hide_heartrate_option",
        "elev_high", "elev_low", "upload_id", "upload_id_str", "external_id", "from_accepted_tag", "pr_count", "total_photo_count", "has_kudoed",
    ];

    private readonly SimulatorFactory _strava = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _strava.DisposeAsync();

    [Fact]
    public async Task Activities_have_strava_s_fields_and_types()
    {
        using var client = await _strava.AthleteClientAsync(1001);

        var activities = await ActivitiesAsync(client, "per_page=200");

        var first = activities[0];
        Assert.All(DocumentedSummaryFields, field => Assert.True(first.TryGetProperty(field, out _), $"missing {field}"));
        Assert.Equal(JsonValueKind.Number, first.GetProperty("id").ValueKind);
        Assert.Equal(JsonValueKind.Number, first.GetProperty("distance").ValueKind);
        Assert.Equal(JsonValueKind.Number, first.GetProperty("moving_time").ValueKind);
        Assert.EndsWith("Z", first.GetProperty("start_date").GetString());
        Assert.EndsWith("Z", first.GetProperty("start_date_local").GetString()); // local time, marked "Z" as Strava does
        Assert.Matches(@"^\(GMT[+-]\d\d:\d\d\) \S+/\S+$", first.GetProperty("timezone").GetString());
        var utcOffset = TimeSpan.FromSeconds(first.GetProperty("utc_offset").GetDouble());
        var start = DateTimeOffset.Parse(first.GetProperty("start_date").GetString()!);
        var local = DateTime.Parse(first.GetProperty("start_date_local").GetString()!.TrimEnd('Z'));
        Assert.Equal(start.UtcDateTime + utcOffset, local);
    }

    [Fact]
    public async Task A_five_year_history_mixes_sports_with_runs_of_every_kind()
    {
        using var client = await _strava.AthleteClientAsync(1001);

        var all = (await AllPagesAsync(client)).SelectMany(page => page).ToList();

        var runs = all.Where(a => a.GetProperty("sport_type").GetString() is "Run" or "TrailRun" or "VirtualRun").ToList();
        Assert.InRange(all.Count, 1_500, 2_100);
        Assert.InRange(runs.Count, (int)(all.Count * 0.6), (int)(all.Count * 0.8));
        Assert.Equal(all.Count, all.Select(a => a.GetProperty("id").GetInt64()).Distinct().Count());
        Assert.Contains(all, a => a.GetProperty("sport_type").GetString() == "Ride");
        Assert.Contains(all, a => a.GetProperty("sport_type").GetString() == "Swim");
        Assert.Contains(runs, a => !a.GetProperty("has_heartrate").GetBoolean());
        Assert.Contains(runs, a => a.GetProperty("sport_type").GetString() == "TrailRun" && a.GetProperty("total_elevation_gain").GetDouble() > 300);
        Assert.Contains(runs, a => a.GetProperty("trainer").GetBoolean() && a.GetProperty("map").GetProperty("summary_polyline").GetString() == "");
        Assert.Contains(runs, a => a.GetProperty("map").GetProperty("summary_polyline").GetString()!.Length > 20);
        var dates = all.Select(a => DateTimeOffset.Parse(a.GetProperty("start_date").GetString()!)).ToList();
        Assert.Equal(dates.OrderByDescending(d => d), dates); // newest first
        Assert.InRange((dates[0] - dates[^1]).TotalDays, 5 * 365 - 10, 5 * 366);
    }

    [Fact]
    public async Task Before_and_after_select_by_start_and_after_alone_lists_oldest_first()
    {
        using var client = await _strava.AthleteClientAsync(1001);
        var newest = await ActivitiesAsync(client, "per_page=10");
        var pivot = DateTimeOffset.Parse(newest[5].GetProperty("start_date").GetString()!).ToUnixTimeSeconds();

        var before = await ActivitiesAsync(client, $"before={pivot}&per_page=3");
        var after = await ActivitiesAsync(client, $"after={pivot}");

        Assert.Equal(newest[6].GetProperty("id").GetInt64(), before[0].GetProperty("id").GetInt64());
        Assert.Equal(newest.Take(5).Select(a => a.GetProperty("id").GetInt64()).Reverse(), after.Select(a => a.GetProperty("id").GetInt64()));
    }

    [Fact]
    public async Task Histories_are_the_same_in_every_simulator()
    {
        await using var other = new SimulatorFactory();
        using var client = await _strava.AthleteClientAsync(1007);
        using var otherClient = await other.AthleteClientAsync(1007);

        var page = await client.GetStringAsync("/api/v3/athlete/activities?per_page=50&page=3");
        var otherPage = await otherClient.GetStringAsync("/api/v3/athlete/activities?per_page=50&page=3");

        Assert.Equal(page, otherPage);
    }

    [Fact]
    public async Task An_activity_in_detail_and_the_athlete_s_stats()
    {
        using var client = await _strava.AthleteClientAsync(1001);
        var summary = (await ActivitiesAsync(client, "per_page=1"))[0];

        using var detail = JsonDocument.Parse(await client.GetStringAsync($"/api/v3/activities/{summary.GetProperty("id").GetInt64()}"));
        using var stats = JsonDocument.Parse(await client.GetStringAsync("/api/v3/athletes/1001/stats"));
        using var missing = await client.GetAsync("/api/v3/activities/1");
        using var someoneElse = await client.GetAsync("/api/v3/athletes/1002/stats");

        Assert.Equal(3, detail.RootElement.GetProperty("resource_state").GetInt32());
        Assert.Equal(summary.GetProperty("name").GetString(), detail.RootElement.GetProperty("name").GetString());
        Assert.InRange(stats.RootElement.GetProperty("all_run_totals").GetProperty("count").GetInt32(), 1_000, 1_600);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, someoneElse.StatusCode);
    }

    [Fact]
    public async Task Pages_can_come_back_short_before_the_last_and_stats_count_only_public_activities()
    {
        // Strava's API documentation: a page may hold fewer items than per_page even when it is not the
        // last; iterate until an empty page. Its stats "only include data from activities set to Everyone visibility".
        using var readAll = await _strava.AthleteClientAsync(1001);
        using var readPublic = await _strava.AthleteClientAsync(1001, "read,activity:read");
        using var evenAthlete = await _strava.AthleteClientAsync(1002);

        var pages = await AllPagesAsync(readAll);
        var listed = pages.SelectMany(page => page).ToList();
        var listedWithoutPrivate = (await AllPagesAsync(readPublic)).SelectMany(page => page).ToList();
        var evenListed = (await AllPagesAsync(evenAthlete)).SelectMany(page => page).ToList();
        using var evenStats = JsonDocument.Parse(await evenAthlete.GetStringAsync("/api/v3/athletes/1002/stats"));

        Assert.Contains(pages.SkipLast(1), page => page.Count < 200);
        Assert.Contains(listed, a => a.GetProperty("visibility").GetString() == "only_me" && a.GetProperty("private").GetBoolean());
        Assert.Contains(listed, a => a.GetProperty("visibility").GetString() == "followers_only");
        Assert.DoesNotContain(listedWithoutPrivate, a => a.GetProperty("private").GetBoolean());
        Assert.Equal(listed.Count(a => !a.GetProperty("private").GetBoolean()), listedWithoutPrivate.Count);
        Assert.Equal(
            evenListed.Count(a => a.GetProperty("sport_type").GetString()!.Contains("Run") && a.GetProperty("visibility").GetString() == "everyone"),
            evenStats.RootElement.GetProperty("all_run_totals").GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task Without_a_valid_token_the_api_answers_401_as_strava_does()
    {
        using var anonymous = _strava.CreateBrowser();

        using var response = await anonymous.GetAsync("/api/v3/athlete");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        using var fault = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Authorization Error", fault.RootElement.GetProperty("message").GetString());
    }

    /// <summary>Every page, newest first, until the empty one.</summary>
    private static async Task<List<List<JsonElement>>> AllPagesAsync(HttpClient client)
    {
        var pages = new List<List<JsonElement>>();
        for (var page = 1; ; page++)
        {
            var batch = await ActivitiesAsync(client, $"per_page=200&page={page}");
            if (batch.Count == 0)
            {
                return pages;
            }

            pages.Add(batch);
        }
    }

    private static async Task<List<JsonElement>> ActivitiesAsync(HttpClient client, string query)
    {
        using var response = await client.GetAsync($"/api/v3/athlete/activities?{query}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.EnumerateArray().ToList();
    }
}
