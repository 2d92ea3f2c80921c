using System.Net;

namespace Runnerly.StravaSimulator.Tests;

public sealed class RateLimitTests
{
    [Fact]
    public async Task Reads_over_the_15_minute_limit_get_429_until_the_next_quarter_hour_and_still_count_for_the_day()
    {
        await using var strava = new SimulatorFactory(new Dictionary<string, string?>
        {
            ["StravaSimulator:ReadPer15Minutes"] = "3",
            ["StravaSimulator:ReadPerDay"] = "6",
            ["StravaSimulator:AccessTokenLifetime"] = "20:00:00", // outlives the day this test spans
        });
        using var client = await strava.AthleteClientAsync(1001);

        for (var i = 1; i <= 3; i++)
        {
            using var allowed = await client.GetAsync("/api/v3/athlete");
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
            Assert.Equal($"{i},{i}", allowed.Headers.GetValues("X-ReadRateLimit-Usage").Single());
            Assert.Equal("3,6", allowed.Headers.GetValues("X-ReadRateLimit-Limit").Single());
            Assert.Equal("200,2000", allowed.Headers.GetValues("X-RateLimit-Limit").Single());
        }

        using var refused = await client.GetAsync("/api/v3/athlete");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("3,4", refused.Headers.GetValues("X-ReadRateLimit-Usage").Single());
        Assert.Contains("Rate Limit Exceeded", await refused.Content.ReadAsStringAsync());

        strava.Clock.Advance(TimeSpan.FromMinutes(9)); // the clock starts at 10:05: the window resets at 10:15
        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.GetAsync("/api/v3/athlete")).StatusCode);
        strava.Clock.Advance(TimeSpan.FromMinutes(1));
        using var nextWindow = await client.GetAsync("/api/v3/athlete");
        Assert.Equal(HttpStatusCode.OK, nextWindow.StatusCode);
        Assert.Equal("1,6", nextWindow.Headers.GetValues("X-ReadRateLimit-Usage").Single());

        // The day's six are used, refused requests included: nothing more until midnight UTC.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.GetAsync("/api/v3/athlete")).StatusCode);
        strava.Clock.Advance(TimeSpan.FromHours(14)); // 00:15 the next day
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v3/athlete")).StatusCode);
    }

    [Fact]
    public async Task Configured_faults_answer_500_and_count_toward_the_limits()
    {
        await using var strava = new SimulatorFactory(new Dictionary<string, string?> { ["StravaSimulator:ErrorRate"] = "1" });
        using var client = await strava.AthleteClientAsync(1001);

        using var response = await client.GetAsync("/api/v3/athlete");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("1,1", response.Headers.GetValues("X-ReadRateLimit-Usage").Single());
    }
}
