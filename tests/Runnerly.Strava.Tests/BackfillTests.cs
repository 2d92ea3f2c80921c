using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Runnerly.Strava.Infrastructure;
using Runnerly.Strava.Sync;

namespace Runnerly.Strava.Tests;

public sealed class BackfillTests
{
    private static bool IsListCall((string Method, string PathAndQuery, int Status) call) => call.PathAndQuery.StartsWith("/api/v3/athlete/activities", StringComparison.Ordinal);

    [Fact]
    public async Task Linking_imports_every_run_of_a_five_year_history_with_short_pages_in_at_most_eleven_list_calls()
    {
        await using var rig = await SyncRig.StartAsync();
        var runs = rig.Strava.ListedRunIds(1001);

        await rig.Service.LinkAsync("runner-a", 1001);
        await rig.WaitForBackfillAsync("runner-a");

        Assert.InRange(runs.Count, 1_000, 2_000); // a realistic five-year history among more activities
        Assert.True(rig.Strava.ActivityCount(1001) > runs.Count);
        Assert.True(rig.Strava.LeftOutOfLists(1001) > 0, "Strava leaves some of this athlete's activities out of pages");
        Assert.Equal(runs, await rig.StravaRunIdsInDataAsync("runner-a"));
        var pages = BackfillPages(rig);
        Assert.InRange(pages.Count, 1, 11);
        Assert.Contains(pages.SkipLast(2), items => items < 200); // short pages in the middle were not taken for the end
        Assert.InRange(pages[^1], 0, 1); // the end: nothing before the boundary activity already seen
        Assert.Equal(0, rig.Service.Strava.Count(c => c.Status == 429));
        var status = await rig.Service.StatusAsync("runner-a");
        Assert.Equal(runs.Count, status.GetProperty("imported").GetInt32());
        // Strava's stats count only public activities: an estimate, never what completes the import.
        Assert.NotEqual(runs.Count, status.GetProperty("estimatedTotal").GetInt32());
        Assert.Equal(rig.Strava.Clock.GetUtcNow(), status.GetProperty("lastSyncedAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task Linking_gives_a_runner_without_a_chosen_zone_the_athlete_s_and_leaves_a_chosen_one_alone()
    {
        await using var rig = await SyncRig.StartAsync();
        await rig.Data.SaveProfileAsync("runner-b", timeZone: "Asia/Tokyo"); // chose their zone before linking

        await rig.Service.LinkAsync("runner-a", 1001);
        await rig.Service.LinkAsync("runner-b", 1002);
        await rig.WaitForBackfillAsync("runner-a");
        await rig.WaitForBackfillAsync("runner-b");

        Assert.Equal(rig.Strava.HomeTimeZone(1001), await TimeZoneAsync(rig, "runner-a"));
        Assert.NotEqual("UTC", rig.Strava.HomeTimeZone(1001));
        Assert.Equal("Asia/Tokyo", await TimeZoneAsync(rig, "runner-b"));
    }

    private static async Task<string> TimeZoneAsync(SyncRig rig, string runnerId)
    {
        using var runner = rig.Data.RunnerClient(runnerId);
        return (await runner.GetFromJsonAsync<JsonElement>("/api/profile")).GetProperty("timeZone").GetString()!;
    }

    [Fact]
    public async Task Pages_cut_short_by_strava_all_through_the_history_still_bring_every_run_exactly_once()
    {
        // Three activities in ten left out of every page: each page comes back with about 140 of 200.
        await using var rig = await SyncRig.StartAsync(new Dictionary<string, string?> { ["StravaSimulator:LeftOutOfListsShare"] = "0.3" });
        var runs = rig.Strava.ListedRunIds(1001);

        await rig.Service.LinkAsync("runner-a", 1001);
        await rig.WaitForBackfillAsync("runner-a");

        var imported = await rig.Data.SourcedRunsAsync("runner-a");
        Assert.Equal(runs.Count, imported.Count);
        Assert.Equal(runs, imported.Select(r => r.GetProperty("sourceId").GetString()!).ToHashSet());
        Assert.All(BackfillPages(rig).SkipLast(2), items => Assert.InRange(items, 100, 180));
        Assert.Equal(runs.Count, (await rig.Service.StatusAsync("runner-a")).GetProperty("imported").GetInt32());
    }

    [Fact]
    public async Task A_backfill_that_ended_on_a_short_page_under_the_old_rule_gets_the_rest_of_the_history_after_the_catch_up()
    {
        await using var rig = await SyncRig.StartAsync();
        var listed = 0;
        // Two pages come in; then the history stops, as the old rule stopped at the first short page.
        rig.Service.Strava.Refusing = request => request.RequestUri!.AbsolutePath == "/api/v3/athlete/activities" && Interlocked.Increment(ref listed) > 2;
        await rig.Service.LinkAsync("runner-a", 1001);
        await SyncRig.WaitUntilAsync(async () => await rig.ScalarAsync("SELECT \"BackfillPages\" FROM strava_links") == 2, "two pages of history");
        await rig.ScalarAsync("UPDATE strava_links SET \"BackfillComplete\" = true, \"NextSyncAt\" = NULL RETURNING 1"); // what the old rule left
        var importedBefore = (await rig.StravaRunIdsInDataAsync("runner-a")).Count;

        // The new version starts: its migration marks the link, and the engine resumes from the checkpoint.
        await rig.ScalarAsync("DELETE FROM \"__EFMigrationsHistory\" WHERE \"MigrationId\" LIKE '%ResumeShortPageBackfills' RETURNING 1");
        rig.Service.Strava.Refusing = null;
        await rig.RestartServiceAsync();
        await rig.AdvanceClockPastHoldsAndBackOffsAsync(); // whatever hold or back-off the old worker left
        await rig.WaitForBackfillAsync("runner-a");

        var runs = rig.Strava.ListedRunIds(1001);
        var imported = await rig.Data.SourcedRunsAsync("runner-a");
        Assert.InRange(importedBefore, 200, 450);
        Assert.Equal(runs.Count, imported.Count);
        Assert.Equal(runs, imported.Select(r => r.GetProperty("sourceId").GetString()!).ToHashSet());
        Assert.Equal(0, rig.Service.Strava.Count(c => c.PathAndQuery.StartsWith("/api/v3/athlete/activities", StringComparison.Ordinal)
            && !c.PathAndQuery.Contains("before=") && !c.PathAndQuery.Contains("after="))); // from the checkpoint, not from the newest page
    }

    [Fact]
    public async Task A_worker_killed_mid_backfill_resumes_from_its_checkpoint_and_imports_every_run_exactly_once()
    {
        await using var rig = await SyncRig.StartAsync();
        const long athlete = 1002; // none of whose activities Strava leaves out of pages, so the pages can be counted
        var batches = 0;
        // The third page reaches the data service, and then the worker dies before it hears back or moves its checkpoint.
        rig.Service.Data.HangAfterDelivering = request => request.RequestUri!.AbsolutePath.EndsWith("/runs/batch", StringComparison.Ordinal) && Interlocked.Increment(ref batches) == 3;
        await rig.Service.LinkAsync("runner-a", athlete);
        await SyncRig.WaitUntilAsync(() => Task.FromResult(Volatile.Read(ref batches) >= 3), "the third page delivered");
        var listCallsBeforeCrash = rig.Service.Strava.Count(IsListCall);

        await rig.RestartServiceAsync();
        await rig.AdvanceClockPastHoldsAndBackOffsAsync(); // the dead worker's hold runs out
        await rig.WaitForBackfillAsync("runner-a");

        var runs = rig.Strava.ListedRunIds(athlete);
        var imported = await rig.Data.SourcedRunsAsync("runner-a");
        Assert.Equal(0, rig.Strava.LeftOutOfLists(athlete));
        Assert.Equal(runs.Count, imported.Count);
        Assert.Equal(runs, imported.Select(r => r.GetProperty("sourceId").GetString()!).ToHashSet());
        Assert.Equal(3, listCallsBeforeCrash);
        // The restarted worker repeated only the interrupted third page, from the checkpoint, and never asked for the newest page again.
        Assert.Equal(PagesOfHistory(rig.Strava.ActivityCount(athlete)) - 2, rig.Service.Strava.Count(c => IsListCall(c) && c.PathAndQuery.Contains("before=")));
        Assert.Equal(0, rig.Service.Strava.Count(c => IsListCall(c) && !c.PathAndQuery.Contains("before=") && !c.PathAndQuery.Contains("after=")));
        Assert.Equal(runs.Count, (await rig.Service.StatusAsync("runner-a")).GetProperty("imported").GetInt32());
    }

    [Fact]
    public async Task A_429_storm_stops_every_request_until_the_window_resets_and_the_import_completes_afterwards()
    {
        await using var rig = await SyncRig.StartAsync(turnedByTest: true);
        // Another application with the same client spends the whole 15-minute read limit behind the budget's back.
        var outsider = rig.Strava.CreateStravaClient();
        var tokens = await outsider.ExchangeCodeAsync(await rig.Strava.AuthorizeAsync(1010), CancellationToken.None);
        await rig.Strava.SpendOutsideTheBudgetAsync(tokens.AccessToken, 100);

        await rig.Service.LinkAsync("runner-a", 1001);
        var lookAgainAt = await rig.TurnAsync();
        var callsAtTheStorm = rig.Service.Strava.Calls.Count;
        for (var turn = 0; turn < 20; turn++)
        {
            await rig.TurnAsync();
        }

        var callsDuringTheStorm = rig.Service.Strava.Calls.Count - callsAtTheStorm;
        var duringTheStorm = await rig.Service.StatusAsync("runner-a");
        rig.Strava.Clock.Advance(TimeSpan.FromMinutes(10)); // 10:15: the next window
        await rig.TurnUntilAsync(async () => (await rig.Service.StatusAsync("runner-a")).GetProperty("backfillComplete").GetBoolean(), "the backfill");

        Assert.Equal(new DateTimeOffset(2026, 11, 27, 10, 15, 0, TimeSpan.Zero), lookAgainAt);
        Assert.Equal(0, callsDuringTheStorm);
        Assert.Equal(lookAgainAt, duringTheStorm.GetProperty("pausedUntil").GetDateTimeOffset());
        Assert.Equal(1, rig.Service.Strava.Count(c => c.Status == 429));
        Assert.Equal(rig.Strava.ListedRunIds(1001), await rig.StravaRunIdsInDataAsync("runner-a"));
    }

    [Fact]
    public async Task While_the_budget_holds_the_import_back_the_status_says_until_when_and_the_import_goes_on_then()
    {
        // Five reads per 15 minutes: backfill may take four of them, then waits for the next window; the history takes three windows.
        await using var rig = await SyncRig.StartAsync(new Dictionary<string, string?> { ["StravaSimulator:ReadPer15Minutes"] = "5" }, turnedByTest: true);
        await rig.Service.LinkAsync("runner-a", 1001);
        var linked = await rig.Service.StatusAsync("runner-a");
        var lookAgainAt = await rig.TurnAsync();
        var paused = await rig.Service.StatusAsync("runner-a");

        rig.Strava.Clock.SetUtcNow(lookAgainAt);
        var windowOpen = await rig.Service.StatusAsync("runner-a");
        await rig.TurnAsync();
        var pausedAgain = await rig.Service.StatusAsync("runner-a");
        await rig.TurnUntilAsync(async () => await rig.Service.StatusAsync("runner-a") is var status
            && status.GetProperty("backfillComplete").GetBoolean() && status.GetProperty("pausedUntil").ValueKind == JsonValueKind.Null, "the whole history");

        var nextWindow = new DateTimeOffset(2026, 11, 27, 10, 15, 0, TimeSpan.Zero);
        Assert.Equal(JsonValueKind.Null, linked.GetProperty("pausedUntil").ValueKind);
        Assert.Equal(nextWindow, lookAgainAt);
        Assert.Equal(nextWindow, paused.GetProperty("pausedUntil").GetDateTimeOffset());
        Assert.Equal(TimeSpan.Zero, paused.GetProperty("pausedUntil").GetDateTimeOffset().Offset);
        Assert.False(paused.GetProperty("backfillComplete").GetBoolean());
        Assert.Equal(JsonValueKind.Null, windowOpen.GetProperty("pausedUntil").ValueKind);
        Assert.True(pausedAgain.GetProperty("imported").GetInt32() > paused.GetProperty("imported").GetInt32(), "the import went on in the new window");
        Assert.Equal(nextWindow.AddMinutes(15), pausedAgain.GetProperty("pausedUntil").GetDateTimeOffset());
        Assert.Equal(rig.Strava.ListedRunIds(1001), await rig.StravaRunIdsInDataAsync("runner-a"));
        Assert.Equal(0, rig.Service.Strava.Count(c => c.Status == 429));
    }

    [Fact]
    public async Task Runners_take_turns_and_live_work_goes_before_the_backfill_when_the_budget_is_short()
    {
        // Ten reads per 15 minutes: backfill may take eight of them, live work the rest.
        await using var rig = await SyncRig.StartAsync(new Dictionary<string, string?> { ["StravaSimulator:ReadPer15Minutes"] = "10" }, turnedByTest: true);
        await rig.Service.LinkAsync("runner-a", 1001);
        await rig.Service.LinkAsync("runner-b", 1002);
        await rig.TurnAsync(); // rounds of backfill until the budget refuses its share
        var backfillReads = rig.Service.Strava.Count(c => c.PathAndQuery.StartsWith("/api/v3/"));
        var pagesA = (await rig.StravaRunIdsInDataAsync("runner-a")).Count;
        var pagesB = (await rig.StravaRunIdsInDataAsync("runner-b")).Count;

        var newRun = await rig.OnStravaAsync(HttpMethod.Post, "/sim/athletes/1001/activities");
        var newRunId = newRun.GetProperty("activity").GetProperty("id").GetInt64();
        (await rig.PushAsync("activity", newRunId, "create", 1001)).EnsureSuccessStatusCode();
        await rig.TurnAsync();

        Assert.Equal(8, backfillReads);
        Assert.True(pagesA > 0 && pagesB > 0, "both runners got pages of their history");
        Assert.Contains(newRunId.ToString(), await rig.StravaRunIdsInDataAsync("runner-a"));
        Assert.False((await rig.Service.StatusAsync("runner-a")).GetProperty("backfillComplete").GetBoolean());
        Assert.Equal(0, rig.Service.Strava.Count(c => c.Status == 429));
        Assert.Equal(9, rig.Service.Strava.Count(c => c.PathAndQuery.StartsWith("/api/v3/")));
    }

    [Fact]
    public async Task An_expiring_token_is_refreshed_first_and_the_rotated_refresh_token_is_kept()
    {
        await using var rig = await SyncRig.StartAsync();
        await rig.Service.LinkAsync("runner-a", 1001);
        await rig.WaitForBackfillAsync("runner-a");
        await rig.WaitForQuietAsync(); // the catch-up sync after the backfill has the token it will keep
        var firstRefreshToken = await RefreshTokenAsync(rig);

        rig.Strava.Clock.Advance(TimeSpan.FromHours(6) - AthleteAccessMargin + TimeSpan.FromSeconds(1)); // under five minutes left
        var newRun = await rig.OnStravaAsync(HttpMethod.Post, "/sim/athletes/1001/activities");
        (await rig.PushAsync("activity", newRun.GetProperty("activity").GetProperty("id").GetInt64(), "create", 1001)).EnsureSuccessStatusCode();
        await SyncRig.WaitUntilAsync(async () => await rig.UnprocessedEventsAsync() == 0, "the event processed");

        var rotated = await RefreshTokenAsync(rig);
        Assert.NotEqual(firstRefreshToken, rotated);
        Assert.Equal(0, rig.Service.Strava.Count(c => c.Status == 401)); // refreshed before Strava had to refuse
        Assert.Contains(newRun.GetProperty("activity").GetProperty("id").GetInt64().ToString(), await rig.StravaRunIdsInDataAsync("runner-a"));
        // Strava rotated it: the old refresh token no longer works, the stored one does.
        await Assert.ThrowsAsync<Runnerly.Strava.Clients.StravaException>(() => rig.Strava.CreateStravaClient().RefreshAsync(firstRefreshToken, CancellationToken.None));
    }

    [Fact]
    public async Task A_token_strava_refuses_is_refreshed_once_and_the_call_retried()
    {
        await using var rig = await SyncRig.StartAsync();
        await rig.Service.LinkAsync("runner-a", 1001);
        await rig.WaitForBackfillAsync("runner-a");
        await rig.WaitForQuietAsync(); // no step in flight would refresh the token and overwrite the skewed expiry
        // The stored expiry is wrong (a clock skew): the service believes its token is good for days.
        await rig.ScalarAsync($"UPDATE strava_links SET \"ExpiresAt\" = '{rig.Strava.Clock.GetUtcNow().AddDays(30):O}' RETURNING 1");

        rig.Strava.Clock.Advance(TimeSpan.FromHours(7));
        var newRun = await rig.OnStravaAsync(HttpMethod.Post, "/sim/athletes/1001/activities");
        var newRunId = newRun.GetProperty("activity").GetProperty("id").GetInt64();
        (await rig.PushAsync("activity", newRunId, "create", 1001)).EnsureSuccessStatusCode();
        await SyncRig.WaitUntilAsync(async () => (await rig.StravaRunIdsInDataAsync("runner-a")).Contains(newRunId.ToString()), "the new run imported");

        var calls = rig.Service.Strava.Calls.ToList();
        var refused = calls.FindIndex(c => c.Status == 401);
        Assert.True(refused >= 0);
        Assert.Equal(("POST", "/oauth/token", 200), calls[refused + 1]);
        Assert.Equal(200, calls[refused + 2].Status);
        Assert.Equal(1, calls.Count(c => c.Status == 401));
    }

    /// <summary>
    /// Pages of 200, newest first, each after the first repeating the one activity at its boundary
    /// second; then one with nothing but that activity: the end.
    /// </summary>
    private static int PagesOfHistory(int activities)
    {
        var pages = 2;
        for (var left = activities - 200; left >= 0; left -= 199)
        {
            pages++;
        }

        return pages;
    }

    /// <summary>How many activities each page of the backfill held, in order (the catch-up after it lists "after").</summary>
    private static List<int> BackfillPages(SyncRig rig) => rig.Service.Strava.Lists
        .Where(l => l.PathAndQuery.StartsWith("/api/v3/athlete/activities", StringComparison.Ordinal) && !l.PathAndQuery.Contains("after="))
        .Select(l => l.Items).ToList();

    private static readonly TimeSpan AthleteAccessMargin = AthleteAccess.RefreshMargin;

    private static async Task<string> RefreshTokenAsync(SyncRig rig)
    {
        using var scope = rig.Service.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StravaDbContext>();
        var link = db.Links.Single(l => l.RunnerId == "runner-a");
        await db.Entry(link).ReloadAsync();
        return scope.ServiceProvider.GetRequiredService<TokenProtector>().Unprotect(link.RefreshToken);
    }
}
