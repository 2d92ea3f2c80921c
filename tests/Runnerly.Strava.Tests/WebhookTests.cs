using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Runnerly.Strava.Tests;

public sealed class WebhookTests
{
    [Fact]
    public async Task The_subscription_check_gets_its_challenge_back_only_with_the_verify_token()
    {
        await using var rig = await SyncRig.StartAsync();
        using var strava = rig.Service.CreateClient();

        using var valid = await strava.GetAsync($"/strava/webhook?hub.mode=subscribe&hub.challenge=15f7d1a91c1f40f8a748fd134752feb3&hub.verify_token={StravaServiceFactory.WebhookVerifyToken}");
        using var wrongToken = await strava.GetAsync("/strava/webhook?hub.mode=subscribe&hub.challenge=15f7d1a91c1f40f8a748fd134752feb3&hub.verify_token=guess");

        Assert.Equal(HttpStatusCode.OK, valid.StatusCode);
        Assert.Equal("15f7d1a91c1f40f8a748fd134752feb3", (await valid.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("hub.challenge").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, wrongToken.StatusCode);
    }

    [Fact]
    public async Task Created_renamed_and_deleted_activities_reach_the_data_service_as_strava_has_them()
    {
        await using var rig = await SyncRig.StartAsync();
        await rig.Service.LinkAsync("runner-a", 1001);
        await rig.WaitForBackfillAsync("runner-a");

        // Each event is processed before the next about the same activity comes: one that came while
        // the last was being processed would send the last round again, after a wait only the clock ends.
        var created = (await rig.OnStravaAsync(HttpMethod.Post, "/sim/athletes/1001/activities")).GetProperty("activity").GetProperty("id").GetInt64();
        (await rig.PushAsync("activity", created, "create", 1001)).EnsureSuccessStatusCode();
        await rig.WaitForEventsProcessedAsync();
        Assert.Contains(created.ToString(), await rig.StravaRunIdsInDataAsync("runner-a"));

        await rig.OnStravaAsync(HttpMethod.Patch, $"/sim/athletes/1001/activities/{created}", new { name = "Lunch tempo" });
        (await rig.PushAsync("activity", created, "update", 1001, new { title = "Lunch tempo" })).EnsureSuccessStatusCode();
        await rig.WaitForEventsProcessedAsync();
        Assert.Contains(await rig.Data.SourcedRunsAsync("runner-a"), r => r.GetProperty("name").GetString() == "Lunch tempo");

        await rig.OnStravaAsync(HttpMethod.Delete, $"/sim/athletes/1001/activities/{created}");
        (await rig.PushAsync("activity", created, "delete", 1001)).EnsureSuccessStatusCode();
        await rig.WaitForEventsProcessedAsync();
        Assert.DoesNotContain(created.ToString(), await rig.StravaRunIdsInDataAsync("runner-a"));

        Assert.Equal(rig.Strava.ListedRunIds(1001), await rig.StravaRunIdsInDataAsync("runner-a"));
    }

    [Fact]
    public async Task A_forged_delete_event_deletes_nothing_strava_still_has_and_events_pending_for_one_activity_are_stored_once()
    {
        await using var rig = await SyncRig.StartAsync();
        await rig.Service.LinkAsync("runner-a", 1001);
        await rig.WaitForBackfillAsync("runner-a");
        await rig.WaitForQuietAsync();
        var kept = rig.Strava.ListedRunIds(1001).First();
        rig.Service.Strava.Refusing = request => request.RequestUri!.AbsolutePath.StartsWith("/api/v3/", StringComparison.Ordinal); // the event stays pending

        (await rig.PushAsync("activity", long.Parse(kept), "delete", 1001, eventTime: 1_764_237_000)).EnsureSuccessStatusCode();
        (await rig.PushAsync("activity", long.Parse(kept), "delete", 1001, eventTime: 1_764_237_000)).EnsureSuccessStatusCode(); // Strava repeats it
        (await rig.PushAsync("activity", long.Parse(kept), "update", 1001, new { title = "Forged" }, eventTime: 1_764_237_100)).EnsureSuccessStatusCode();
        var stored = await rig.ScalarAsync("SELECT count(*) FROM webhook_events");
        // The first attempt fails while Strava refuses; no other is made before the clock reaches its back-off.
        await SyncRig.WaitUntilAsync(async () => await rig.ScalarAsync("SELECT max(\"Attempts\") FROM webhook_events") >= 1, "the refused attempt");
        rig.Service.Strava.Refusing = null;
        await rig.AdvanceClockToNextEventAttemptAsync();
        await rig.WaitForEventsProcessedAsync();

        Assert.Equal(1, stored);
        Assert.Contains(kept, await rig.StravaRunIdsInDataAsync("runner-a"));
        Assert.DoesNotContain(await rig.Data.SourcedRunsAsync("runner-a"), r => r.GetProperty("name").GetString() == "Forged");
    }

    [Theory]
    [InlineData("{not json", "body")]
    [InlineData("""{"object_type":"club","object_id":1,"aspect_type":"create","owner_id":1001,"event_time":1}""", "object_type")]
    [InlineData("""{"object_type":"activity","object_id":1,"aspect_type":"archive","owner_id":1001,"event_time":1}""", "aspect_type")]
    [InlineData("""{"object_type":"activity","aspect_type":"create","event_time":1}""", "object_id")]
    public async Task An_event_that_is_not_strava_s_gets_a_400_naming_the_field_and_nothing_is_stored(string body, string field)
    {
        await using var rig = await SyncRig.StartAsync();
        using var client = rig.Service.CreateClient();

        using var response = await client.PostAsync("/strava/webhook", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _));
        Assert.Equal(0, await rig.ScalarAsync("SELECT count(*) FROM webhook_events"));
    }

    [Fact]
    public async Task An_athlete_who_deauthorizes_on_strava_is_disconnected_and_only_their_strava_runs_are_deleted()
    {
        await using var rig = await SyncRig.StartAsync();
        await rig.Service.LinkAsync("runner-a", 1001);
        await rig.Service.LinkAsync("runner-b", 1002);
        await rig.WaitForBackfillAsync("runner-a");
        await rig.WaitForBackfillAsync("runner-b");
        await AddManualRunAsync(rig, "runner-a");

        await rig.OnStravaAsync(HttpMethod.Post, "/sim/athletes/1001/deauthorize");
        (await rig.PushAsync("athlete", 1001, "update", 1001, new { authorized = "false" })).EnsureSuccessStatusCode();
        // Forged: athlete 1002 never deauthorized.
        (await rig.PushAsync("athlete", 1002, "update", 1002, new { authorized = "false" })).EnsureSuccessStatusCode();
        await rig.WaitForEventsProcessedAsync();
        // The link goes last, once the grant is revoked and the runs are deleted.
        await SyncRig.WaitUntilAsync(async () => await rig.ScalarAsync("SELECT count(*) FROM strava_links WHERE \"RunnerId\" = 'runner-a'") == 0, "runner-a disconnected");

        Assert.False((await rig.Service.StatusAsync("runner-a")).GetProperty("connected").GetBoolean());
        Assert.Empty(await rig.StravaRunIdsInDataAsync("runner-a"));
        Assert.Single(await rig.Data.SourcedRunsAsync("runner-a", source: "manual"));
        Assert.True((await rig.Service.StatusAsync("runner-b")).GetProperty("connected").GetBoolean());
        Assert.Equal(rig.Strava.ListedRunIds(1002), await rig.StravaRunIdsInDataAsync("runner-b"));
    }

    internal static async Task AddManualRunAsync(SyncRig rig, string runnerId)
    {
        using var client = rig.Data.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", rig.Data.Tokens.Runner(runnerId, "data"));
        using var response = await client.PostAsJsonAsync("/api/runs", new
        {
            name = "Treadmill, hotel gym",
            sportType = "Run",
            startTime = "2026-11-20T07:00:00Z",
            timeZone = "Europe/Paris",
            distanceMeters = 8000,
            movingTimeSeconds = 2700,
            elapsedTimeSeconds = 2700,
        });
        response.EnsureSuccessStatusCode();
    }
}
