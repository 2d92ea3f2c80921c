using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Runnerly.Strava.Clients;
using StackExchange.Redis;

namespace Runnerly.Strava.Tests;

/// <summary>Strava's budget is everybody's: what anyone can post to the webhook must not spend it for every runner.</summary>
public sealed class WebhookDefenceTests
{
    private static int ActivityReads(SyncRig rig) => rig.Service.Strava.Count(c => c.PathAndQuery.StartsWith("/api/v3/activities/", StringComparison.Ordinal));

    private static int ListCalls(SyncRig rig) => rig.Service.Strava.Count(c => c.PathAndQuery.StartsWith("/api/v3/athlete/activities", StringComparison.Ordinal));

    /// <summary>Linked, history imported and caught up, nothing due: the engine turned by the test.</summary>
    private static async Task<SyncRig> QuietRigAsync(params (string RunnerId, long AthleteId)[] runners)
    {
        var rig = await SyncRig.StartAsync(turnedByTest: true);
        foreach (var (runnerId, athleteId) in runners)
        {
            await rig.Service.LinkAsync(runnerId, athleteId);
        }

        // Turned until every link's next safety sync is a day away; the clock moves only past a budget's refusal.
        for (var turn = 0; await rig.ScalarAsync($"SELECT count(*) FROM strava_links WHERE \"NextSyncAt\" > '{rig.Strava.Clock.GetUtcNow():O}'") < runners.Length; turn++)
        {
            Assert.True(turn < 20, "the histories were not imported in 20 turns");
            var next = await rig.TurnAsync();
            if (next > rig.Strava.Clock.GetUtcNow() && next < rig.Strava.Clock.GetUtcNow().AddHours(1))
            {
                rig.Strava.Clock.SetUtcNow(next);
            }
        }

        return rig;
    }

    [Fact]
    public async Task An_athletes_events_read_strava_a_few_times_a_window_and_the_rest_fold_into_one_safety_sync()
    {
        await using var rig = await QuietRigAsync(("runner-a", 1001));
        var (reads, lists) = (ActivityReads(rig), ListCalls(rig));

        // Twelve events for activities nobody has: forged, each would cost a read.
        for (var id = 9_000_000_001L; id <= 9_000_000_012L; id++)
        {
            (await rig.PushAsync("activity", id, "create", 1001)).EnsureSuccessStatusCode();
        }

        await rig.TurnAsync();
        var foldSyncLists = ListCalls(rig) - lists;
        for (var id = 9_000_000_013L; id <= 9_000_000_015L; id++)
        {
            (await rig.PushAsync("activity", id, "create", 1001)).EnsureSuccessStatusCode();
        }

        await rig.TurnAsync();

        Assert.Equal(5, ActivityReads(rig) - reads);
        Assert.InRange(foldSyncLists, 1, 2); // one safety sync: a page of recent activities, and the empty page that ends it
        Assert.Equal(foldSyncLists, ListCalls(rig) - lists);
        Assert.Equal(0, await rig.UnprocessedEventsAsync());
        Assert.Equal(10, await rig.ScalarAsync("SELECT count(*) FROM webhook_events WHERE \"Folded\""));

        rig.Strava.Clock.Advance(TimeSpan.FromMinutes(15)); // the next window: the athlete's events read again
        (await rig.PushAsync("activity", 9_000_000_016L, "create", 1001)).EnsureSuccessStatusCode();
        await rig.TurnAsync();
        Assert.Equal(6, ActivityReads(rig) - reads);
    }

    [Fact]
    public async Task An_activity_fetched_for_an_event_is_imported_only_when_it_belongs_to_the_events_owner()
    {
        await using var rig = await QuietRigAsync(("runner-a", 1001));
        var created = (await rig.OnStravaAsync(HttpMethod.Post, "/sim/athletes/1001/activities")).GetProperty("activity").GetProperty("id").GetInt64();
        // Strava shows a token other athletes' public activities too: here it answers with someone else's.
        rig.Service.Strava.RewritingAnswers = (request, json) => request.RequestUri!.AbsolutePath == $"/api/v3/activities/{created}"
            ? Regex.Replace(json, "\"athlete\":\\{\"id\":1001", "\"athlete\":{\"id\":1002")
            : json;

        (await rig.PushAsync("activity", created, "create", 1001)).EnsureSuccessStatusCode();
        await rig.TurnAsync();
        var importedWhileNotTheirs = (await rig.StravaRunIdsInDataAsync("runner-a")).Contains(created.ToString());
        rig.Service.Strava.RewritingAnswers = null;
        (await rig.PushAsync("activity", created, "update", 1001)).EnsureSuccessStatusCode();
        await rig.TurnAsync();

        Assert.False(importedWhileNotTheirs);
        Assert.Contains(created.ToString(), await rig.StravaRunIdsInDataAsync("runner-a"));
    }

    [Fact]
    public async Task Once_the_push_subscription_is_known_an_event_naming_another_is_refused_and_not_stored()
    {
        using var callback = new ChallengeEcho();
        await using var rig = await SyncRig.StartAsync(serviceSettings: new Dictionary<string, string?> { ["Strava:Webhook:CallbackUrl"] = callback.Url.ToString() });
        await SyncRig.WaitUntilAsync(async () => await rig.ScalarAsync("SELECT count(*) FROM push_subscriptions WHERE \"Id\" = 1") == 1, "the subscription recorded");

        using var forged = await rig.PushAsync("activity", 42, "create", 1001, subscriptionId: 2);
        var storedAfterForgery = await rig.ScalarAsync("SELECT count(*) FROM webhook_events");
        using var genuine = await rig.PushAsync("activity", 42, "create", 1001, subscriptionId: 1);

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.True((await forged.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("subscription_id", out _));
        Assert.Equal(0, storedAfterForgery);
        Assert.Equal(HttpStatusCode.OK, genuine.StatusCode);
    }

    [Fact]
    public async Task When_the_events_share_of_the_window_is_spent_events_wait_and_other_runners_syncs_go_on()
    {
        await using var rig = await QuietRigAsync(("runner-a", 1001), ("runner-b", 1002));
        var now = rig.Strava.Clock.GetUtcNow();
        await using (var redis = await ConnectionMultiplexer.ConnectAsync(rig.Strava.RedisConnectionString))
        {
            var budget = new StravaBudget(redis, rig.Strava.Clock);
            var spent = 0;
            while ((await budget.ReserveAsync(StravaWork.Event, isRead: true)).IsGranted)
            {
                Assert.True(++spent < 1_000, "the events' share never ran out");
            }
        }

        await rig.ScalarAsync($"UPDATE strava_links SET \"NextSyncAt\" = '{now:O}' WHERE \"RunnerId\" = 'runner-b'");
        var created = (await rig.OnStravaAsync(HttpMethod.Post, "/sim/athletes/1001/activities")).GetProperty("activity").GetProperty("id").GetInt64();
        (await rig.PushAsync("activity", created, "create", 1001)).EnsureSuccessStatusCode();
        var lists = ListCalls(rig);

        await rig.TurnAsync();

        var windowEnd = StravaBudget.WindowStart(now).AddMinutes(15);
        Assert.True(ListCalls(rig) > lists, "runner-b's safety sync ran");
        Assert.Equal(1, await rig.ScalarAsync($"SELECT count(*) FROM strava_links WHERE \"RunnerId\" = 'runner-b' AND \"NextSyncAt\" > '{now:O}'"));
        Assert.Equal(1, await rig.ScalarAsync($"SELECT count(*) FROM webhook_events WHERE \"ProcessedAt\" IS NULL AND \"NextAttemptAt\" = '{windowEnd:O}'"));

        rig.Strava.Clock.SetUtcNow(windowEnd);
        await rig.TurnAsync();
        Assert.Contains(created.ToString(), await rig.StravaRunIdsInDataAsync("runner-a"));
    }
}
