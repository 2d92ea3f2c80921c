using System.Text.Json;
using Runnerly.Strava.Clients;

namespace Runnerly.Strava.Tests;

public sealed class StravaClientTests : IAsyncLifetime
{
    // An activity as Strava's API reference shows it (List Athlete Activities, the example answer).
    private const string DocumentedActivity = """
        {
          "resource_state" : 2, "athlete" : { "id" : 134815, "resource_state" : 1 }, "name" : "Happy Friday",
          "distance" : 24931.4, "moving_time" : 4500, "elapsed_time" : 4500, "total_elevation_gain" : 0,
          "type" : "Ride", "sport_type" : "MountainBikeRide", "workout_type" : null, "id" : 154504250376823,
          "external_id" : "garmin_push_12345678987654321", "upload_id" : 987654321234567891234,
          "start_date" : "2018-05-02T12:15:09Z", "start_date_local" : "2018-05-02T05:15:09Z",
          "timezone" : "(GMT-08:00) America/Los_Angeles", "utc_offset" : -25200, "start_latlng" : null, "end_latlng" : null,
          "location_city" : null, "location_state" : null, "location_country" : "United States", "achievement_count" : 0,
          "kudos_count" : 3, "comment_count" : 1, "athlete_count" : 1, "photo_count" : 0,
          "map" : { "id" : "a12345678987654321", "summary_polyline" : null, "resource_state" : 2 },
          "trainer" : true, "commute" : false, "manual" : false, "private" : false, "flagged" : false, "gear_id" : "b12345678987654321",
          "from_accepted_tag" : false, "average_speed" : 5.54, "max_speed" : 11, "average_cadence" : 67.1, "average_watts" : 175.3,
          "weighted_average_watts" : 210, "kilojoules" : 788.7, "device_watts" : true, "has_heartrate" : true,
          "average_heartrate" : 140.3, "max_heartrate" : 178, "max_watts" : 406, "pr_count" : 0, "total_photo_count" : 1,
          "has_kudoed" : false, "suffer_score" : 82
        }
        """;

    private readonly StravaSimulator _strava = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _strava.DisposeAsync();

    [Fact]
    public void A_documented_activity_reads_with_its_local_wall_clock_start()
    {
        var activity = JsonSerializer.Deserialize<StravaActivity>(DocumentedActivity)!;

        Assert.Equal(154504250376823, activity.Id);
        Assert.Equal(new DateTimeOffset(2018, 5, 2, 12, 15, 9, TimeSpan.Zero), activity.StartDate);
        Assert.Equal(new DateTime(2018, 5, 2, 5, 15, 9), activity.LocalStart); // the "Z" on start_date_local is not UTC
        Assert.Equal("America/Los_Angeles", activity.IanaTimeZone);
        Assert.Equal(24931.4, activity.Distance);
        Assert.Equal(140.3, activity.AverageHeartrate);
        Assert.Null(activity.Map!.SummaryPolyline);
        Assert.False(activity.IsRun); // a mountain bike ride
    }

    [Fact]
    public async Task A_linked_athlete_s_history_reads_page_by_page_newest_first()
    {
        var client = _strava.CreateStravaClient();
        var tokens = await client.ExchangeCodeAsync(await _strava.AuthorizeAsync(1001), CancellationToken.None);

        var first = await client.ListActivitiesAsync(tokens.AccessToken, StravaWork.Backfill, before: null, after: null, page: 1, CancellationToken.None);
        var older = await client.ListActivitiesAsync(tokens.AccessToken, StravaWork.Backfill, before: first[^1].StartDate, after: null, page: 1, CancellationToken.None);
        var stats = await client.GetStatsAsync(tokens.Athlete!.Id, tokens.AccessToken, StravaWork.Backfill, CancellationToken.None);

        Assert.Equal(1001, tokens.Athlete!.Id);
        Assert.InRange(first.Count, 1, StravaClient.PageSize); // Strava may leave some out of a page
        Assert.True(first[^1].StartDate > older[0].StartDate);
        Assert.Contains(first, a => a.IsRun);
        Assert.Contains(first, a => !a.IsRun);
        Assert.InRange(stats.AllRunTotals.Count, 1_000, 1_600);
    }

    [Fact]
    public async Task A_refresh_returns_a_new_refresh_token_and_the_old_one_stops_working()
    {
        var client = _strava.CreateStravaClient();
        var tokens = await client.ExchangeCodeAsync(await _strava.AuthorizeAsync(1002), CancellationToken.None);

        var refreshed = await client.RefreshAsync(tokens.RefreshToken, CancellationToken.None);

        Assert.NotEqual(tokens.RefreshToken, refreshed.RefreshToken);
        Assert.Equal(1002, (await client.GetAthleteAsync(refreshed.AccessToken, StravaWork.Live, CancellationToken.None)).Id);
        var reused = await Assert.ThrowsAsync<StravaException>(() => client.RefreshAsync(tokens.RefreshToken, CancellationToken.None));
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, reused.Status);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Deauthorizing_revokes_the_grant_with_either_endpoint(bool useRevoke)
    {
        var options = _strava.Options;
        options.UseRevoke = useRevoke;
        var client = _strava.CreateStravaClient(options);
        var tokens = await client.ExchangeCodeAsync(await _strava.AuthorizeAsync(1003), CancellationToken.None);

        await client.DeauthorizeAsync(tokens.AccessToken, CancellationToken.None);

        var refused = await Assert.ThrowsAsync<StravaException>(() => client.GetAthleteAsync(tokens.AccessToken, StravaWork.Live, CancellationToken.None));
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, refused.Status);
    }
}
