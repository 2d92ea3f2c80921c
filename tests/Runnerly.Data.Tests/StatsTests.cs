using System.Net;
using System.Net.Http.Json;
using Runnerly.Data.Apis;
using static Runnerly.Data.Apis.ProfileApi;
using static Runnerly.Data.Apis.StatsApi;

namespace Runnerly.Data.Tests;

public sealed class StatsTests(DataServiceFactory factory) : IClassFixture<DataServiceFactory>
{
    private static SourcedRunInput Run(string id, DateTimeOffset start, double meters, int seconds) =>
        new("strava", id, new RunInput($"Run {id}", "Run", start, "Europe/Paris", meters, seconds, seconds + 30));

    private async Task<HttpClient> ParisRunnerWithRunsAsync()
    {
        var runnerId = $"stats-{Guid.NewGuid():N}";
        using var worker = factory.WithToken(await factory.CreateReadyClientAsync(), factory.Tokens.Service("strava-worker", "data", "runs.write"));
        (await worker.PostAsJsonAsync($"/api/runners/{runnerId}/runs/batch", new RunBatch(
        [
            Run("a", new DateTimeOffset(2026, 11, 2, 6, 0, 0, TimeSpan.Zero), 10_000, 3_000),
            Run("b", new DateTimeOffset(2026, 11, 4, 6, 0, 0, TimeSpan.Zero), 5_000, 1_400),
            // Sunday 23:30 in UTC is Monday 00:30 in Paris: it counts in the week of 9 November.
            Run("d", new DateTimeOffset(2026, 11, 8, 23, 30, 0, TimeSpan.Zero), 8_000, 2_400),
            Run("c", new DateTimeOffset(2026, 11, 15, 8, 0, 0, TimeSpan.Zero), 21_100, 6_600),
        ]))).EnsureSuccessStatusCode();

        var runner = factory.WithToken(await factory.CreateReadyClientAsync(), factory.Tokens.Runner(runnerId, "data"));
        (await runner.PutAsJsonAsync("/api/profile", new ProfileInput(null, null, null, null, null, null, "km", "Europe/Paris", 4, false))).EnsureSuccessStatusCode();
        return runner;
    }

    [Fact]
    public async Task Weekly_totals_follow_the_runners_time_zone_and_include_empty_weeks()
    {
        using var runner = await ParisRunnerWithRunsAsync();

        var stats = (await runner.GetFromJsonAsync<StatsResponse>("/api/stats?period=week&from=2026-10-26&to=2026-11-22"))!;

        Assert.Equal("Europe/Paris", stats.TimeZone);
        Assert.Equal(
            [new DateOnly(2026, 10, 26), new DateOnly(2026, 11, 2), new DateOnly(2026, 11, 9), new DateOnly(2026, 11, 16)],
            stats.Periods.Select(p => p.Start));
        Assert.Equal([0, 2, 2, 0], stats.Periods.Select(p => p.Count));
        Assert.Equal(new PeriodTotals(new DateOnly(2026, 11, 2), 2, 15_000, 4_400, 0, 293.3), stats.Periods[1]);
        Assert.Null(stats.Periods[0].PaceSecondsPerKm);
        Assert.Equal(4, stats.Total.Count);
        Assert.Equal(44_100, stats.Total.DistanceMeters);
    }

    [Fact]
    public async Task Monthly_and_yearly_totals_add_up_the_same_runs()
    {
        using var runner = await ParisRunnerWithRunsAsync();

        var months = (await runner.GetFromJsonAsync<StatsResponse>("/api/stats?period=month&from=2026-10-01&to=2026-12-31"))!;
        var years = (await runner.GetFromJsonAsync<StatsResponse>("/api/stats?period=year&from=2025-01-01&to=2026-12-31"))!;

        Assert.Equal([0, 4, 0], months.Periods.Select(p => p.Count));
        Assert.Equal([0, 4], years.Periods.Select(p => p.Count));
        Assert.Equal(months.Total.MovingTimeSeconds, years.Total.MovingTimeSeconds);
    }

    [Theory]
    [InlineData("/api/stats?period=fortnight", "period")]
    [InlineData("/api/stats?period=week&from=2026-11-10&to=2026-11-01", "from")]
    [InlineData("/api/stats?period=week&from=1900-01-01&to=2026-11-01", "from")]
    [InlineData("/api/stats?period=year&from=0001-01-01&to=0900-01-01", "from")]
    [InlineData("/api/stats?period=week&from=not-a-date", "from")]
    public async Task Impossible_stats_requests_get_a_400_naming_the_parameter(string url, string field)
    {
        using var runner = await ParisRunnerWithRunsAsync();

        using var response = await runner.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(body.Contains(field), body);
    }

    [Fact]
    public async Task Records_name_the_longest_the_fastest_and_the_best_times_marked_as_estimates()
    {
        using var runner = await ParisRunnerWithRunsAsync();

        var records = (await runner.GetFromJsonAsync<RecordsResponse>("/api/records"))!;

        Assert.Equal(21_100, records.LongestRun!.DistanceMeters);
        Assert.Equal(5_000, records.FastestPaceOver5K!.DistanceMeters);
        Assert.Equal(280, records.FastestPaceOver5K.PaceSecondsPerKm);
        Assert.Equal(["5K", "10K", "Half marathon"], records.BestTimes.Select(b => b.Distance));
        Assert.All(records.BestTimes, b => Assert.True(b.Estimated));
        Assert.Equal(1_400, records.BestTimes[0].TimeSeconds);
        Assert.Equal(3_000, records.BestTimes[1].TimeSeconds);
        Assert.InRange(records.BestTimes[2].TimeSeconds, 6_595, 6_600);
    }
}
