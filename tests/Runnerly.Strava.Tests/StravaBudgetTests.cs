using Runnerly.Strava.Clients;

namespace Runnerly.Strava.Tests;

public sealed class StravaBudgetTests
{
    private static Dictionary<string, string?> ReadLimit(int per15Minutes) => new()
    {
        ["StravaSimulator:ReadPer15Minutes"] = per15Minutes.ToString(),
        ["StravaSimulator:AccessTokenLifetime"] = "20:00:00",
    };

    [Fact]
    public async Task Two_replicas_together_never_send_a_request_the_limit_cannot_afford_and_wait_for_the_next_window()
    {
        await using var strava = new StravaSimulator(ReadLimit(10));
        var first = strava.CreateStravaClient();
        var second = strava.CreateStravaClient();
        var tokens = await first.ExchangeCodeAsync(await strava.AuthorizeAsync(1001), CancellationToken.None);

        var sent = 0;
        StravaBudgetExhaustedException? exhausted = null;
        for (var i = 0; i < 12 && exhausted is null; i++)
        {
            try
            {
                await (i % 2 == 0 ? first : second).GetAthleteAsync(tokens.AccessToken, StravaWork.Live, CancellationToken.None);
                sent++;
            }
            catch (StravaBudgetExhaustedException e)
            {
                exhausted = e;
            }
        }

        // All ten of the window's reads, not one more, and never a 429 from Strava.
        Assert.Equal(10, sent);
        Assert.Equal(new DateTimeOffset(2026, 11, 27, 10, 15, 0, TimeSpan.Zero), exhausted!.RetryAt);

        strava.Clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(1001, (await second.GetAthleteAsync(tokens.AccessToken, StravaWork.Live, CancellationToken.None)).Id);
    }

    [Fact]
    public async Task Backfill_leaves_a_fifth_of_each_window_to_live_work()
    {
        await using var strava = new StravaSimulator(ReadLimit(10));
        var client = strava.CreateStravaClient();
        var tokens = await client.ExchangeCodeAsync(await strava.AuthorizeAsync(1001), CancellationToken.None);

        var backfill = 0;
        while (true)
        {
            try
            {
                await client.ListActivitiesAsync(tokens.AccessToken, StravaWork.Backfill, null, null, backfill + 1, CancellationToken.None);
                backfill++;
            }
            catch (StravaBudgetExhaustedException)
            {
                break;
            }
        }

        Assert.Equal(8, backfill);
        await client.GetAthleteAsync(tokens.AccessToken, StravaWork.Live, CancellationToken.None);
        await client.GetAthleteAsync(tokens.AccessToken, StravaWork.Live, CancellationToken.None);
        await Assert.ThrowsAsync<StravaBudgetExhaustedException>(() => client.GetAthleteAsync(tokens.AccessToken, StravaWork.Live, CancellationToken.None));
    }

    [Fact]
    public async Task Usage_reported_by_strava_counts_and_after_a_429_nothing_is_sent_until_the_window_resets()
    {
        await using var strava = new StravaSimulator(ReadLimit(10));
        var client = strava.CreateStravaClient();
        var tokens = await client.ExchangeCodeAsync(await strava.AuthorizeAsync(1001), CancellationToken.None);

        // Requests the budget never saw (another process with the same client id): Strava's headers tell.
        await strava.SpendOutsideTheBudgetAsync(tokens.AccessToken, 6);
        await client.GetAthleteAsync(tokens.AccessToken, StravaWork.Live, CancellationToken.None); // Strava reports 7 of 10 used
        await client.GetAthleteAsync(tokens.AccessToken, StravaWork.Live, CancellationToken.None);
        await client.GetAthleteAsync(tokens.AccessToken, StravaWork.Live, CancellationToken.None);
        await client.GetAthleteAsync(tokens.AccessToken, StravaWork.Live, CancellationToken.None);
        await Assert.ThrowsAsync<StravaBudgetExhaustedException>(() => client.GetAthleteAsync(tokens.AccessToken, StravaWork.Live, CancellationToken.None));

        // Spent behind the budget's back after its last look: Strava answers 429, and the budget stops everything.
        strava.Clock.Advance(TimeSpan.FromMinutes(10)); // 10:15, a new window
        await strava.SpendOutsideTheBudgetAsync(tokens.AccessToken, 10);
        var refused = await Assert.ThrowsAsync<StravaBudgetExhaustedException>(() => client.GetAthleteAsync(tokens.AccessToken, StravaWork.Live, CancellationToken.None));
        Assert.Equal(new DateTimeOffset(2026, 11, 27, 10, 30, 0, TimeSpan.Zero), refused.RetryAt);
        strava.Clock.Advance(TimeSpan.FromMinutes(14));
        await Assert.ThrowsAsync<StravaBudgetExhaustedException>(() => client.GetAthleteAsync(tokens.AccessToken, StravaWork.Live, CancellationToken.None));
        strava.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1001, (await client.GetAthleteAsync(tokens.AccessToken, StravaWork.Live, CancellationToken.None)).Id);
    }

    [Fact]
    public async Task Webhook_events_may_use_half_of_each_window_and_of_the_day_and_what_is_left_stays_for_other_work()
    {
        await using var strava = new StravaSimulator(new Dictionary<string, string?>(ReadLimit(10)) { ["StravaSimulator:ReadPerDay"] = "20" });
        var client = strava.CreateStravaClient();
        var tokens = await client.ExchangeCodeAsync(await strava.AuthorizeAsync(1001), CancellationToken.None);

        async Task<(int Sent, StravaBudgetExhaustedException Refused)> SpendAsync(StravaWork work)
        {
            for (var sent = 0; ; sent++)
            {
                try
                {
                    await client.GetAthleteAsync(tokens.AccessToken, work, CancellationToken.None);
                }
                catch (StravaBudgetExhaustedException refused)
                {
                    return (sent, refused);
                }
            }
        }

        var events = await SpendAsync(StravaWork.Event);
        var syncs = await SpendAsync(StravaWork.Live);
        strava.Clock.Advance(TimeSpan.FromMinutes(10)); // 10:15
        var nextWindow = await SpendAsync(StravaWork.Event);
        strava.Clock.Advance(TimeSpan.FromMinutes(15)); // 10:30: the events' half of the day's 20 reads is spent
        var thirdWindow = await SpendAsync(StravaWork.Event);

        Assert.Equal((5, true, new DateTimeOffset(2026, 11, 27, 10, 15, 0, TimeSpan.Zero)), (events.Sent, events.Refused.OnlyThisWork, events.Refused.RetryAt));
        Assert.Equal((5, false), (syncs.Sent, syncs.Refused.OnlyThisWork));
        Assert.Equal(5, nextWindow.Sent);
        Assert.Equal((0, true, new DateTimeOffset(2026, 11, 28, 0, 0, 0, TimeSpan.Zero)), (thirdWindow.Sent, thirdWindow.Refused.OnlyThisWork, thirdWindow.Refused.RetryAt));
        Assert.Equal(1001, (await client.GetAthleteAsync(tokens.AccessToken, StravaWork.Live, CancellationToken.None)).Id);
    }
}
