using System.Net;
using System.Net.Http.Json;
using Runnerly.Data.Apis;
using static Runnerly.Data.Apis.MonthlySummariesApi;
using static Runnerly.Data.Apis.RunnersApi;

namespace Runnerly.Data.Tests;

public sealed class ServiceEndpointsTests(DataServiceFactory factory) : IClassFixture<DataServiceFactory>
{
    private static SourcedRunInput Run(string source, string id, DateTimeOffset start, double meters) =>
        new(source, id, new RunInput($"Run {id}", "Run", start, "UTC", meters, (int)(meters * 0.3), (int)(meters * 0.3) + 10, 10));

    private async Task<HttpClient> WorkerAsync(string scopes = "runs.read runs.write") =>
        factory.WithToken(await factory.CreateReadyClientAsync(), factory.Tokens.Service("reports-worker", "data", scopes));

    private static readonly DateTimeOffset November = new(2026, 11, 10, 7, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Runners_are_listed_in_pages_and_summarised_month_by_month()
    {
        using var worker = await WorkerAsync();
        var prefix = Guid.NewGuid().ToString("N")[..8];
        string a = $"{prefix}-a", b = $"{prefix}-b", c = $"{prefix}-c";
        await ImportAsync(worker, a, Run("strava", "1", November, 10_000), Run("strava", "2", November.AddDays(2), 5_000));
        await ImportAsync(worker, b, Run("strava", "3", November.AddDays(1), 21_000), Run("strava", "4", November.AddMonths(-1), 8_000));
        await ImportAsync(worker, c, Run("strava", "5", November.AddMonths(-1), 3_000));

        var firstPage = (await worker.GetFromJsonAsync<RunnerIdPage>($"/api/runners?limit=2&after={prefix}"))!;
        var secondPage = (await worker.GetFromJsonAsync<RunnerIdPage>($"/api/runners?limit=2&after={firstPage.Next}"))!;
        Assert.Equal([a, b], firstPage.Ids);
        Assert.Equal(c, secondPage.Ids[0]);

        var november = (await worker.GetFromJsonAsync<MonthlySummaryPage>($"/api/monthly-summaries/2026/11?after={prefix}&limit=1"))!;
        Assert.Equal([new RunnerMonth(a, 2, 15_000, 4_500, 20, 10_000)], november.Runners);
        var rest = (await worker.GetFromJsonAsync<MonthlySummaryPage>($"/api/monthly-summaries/2026/11?after={november.Next}"))!;
        Assert.Equal(b, rest.Runners[0].RunnerId);
        Assert.DoesNotContain(rest.Runners, r => r.RunnerId == c);

        var octoberOfB = (await worker.GetFromJsonAsync<List<RunResponse>>($"/api/runners/{b}/runs/2026/10"))!;
        Assert.Equal(["4"], octoberOfB.Select(r => r.SourceId));
    }

    [Fact]
    public async Task Imported_runs_are_deleted_one_by_one_or_by_source_and_manual_runs_stay()
    {
        using var worker = await WorkerAsync();
        var runnerId = $"disconnecting-{Guid.NewGuid():N}";
        await ImportAsync(worker, runnerId, Run("strava", "10", November, 5_000), Run("strava", "11", November, 6_000), Run("strava", "12", November, 7_000));
        using var runner = factory.WithToken(await factory.CreateReadyClientAsync(), factory.Tokens.Runner(runnerId, "data"));
        (await runner.PostAsJsonAsync("/api/runs", Run("manual", "x", November, 4_000).Run)).EnsureSuccessStatusCode();

        Assert.Equal(HttpStatusCode.NoContent, (await worker.DeleteAsync($"/api/runners/{runnerId}/runs/strava/10")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await worker.DeleteAsync($"/api/runners/{runnerId}/runs/strava/10")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await worker.DeleteAsync($"/api/runners/{runnerId}/runs/manual/10")).StatusCode);
        Assert.Equal(2, await (await worker.DeleteAsync($"/api/runners/{runnerId}/runs?source=strava")).Content.ReadFromJsonAsync<int>());

        var left = (await runner.GetFromJsonAsync<RunPage>("/api/runs"))!.Items;
        Assert.Equal(["manual"], left.Select(r => r.Source));
    }

    [Fact]
    public async Task Service_endpoints_need_the_right_scope_and_refuse_runners()
    {
        using var readOnly = await WorkerAsync("runs.read");
        Assert.Equal(HttpStatusCode.Forbidden, (await readOnly.DeleteAsync("/api/runners/someone/runs?source=strava")).StatusCode);

        using var runner = factory.WithToken(await factory.CreateReadyClientAsync(), factory.Tokens.Runner("someone", "data"));
        Assert.Equal(HttpStatusCode.Forbidden, (await runner.GetAsync("/api/runners")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await runner.GetAsync("/api/monthly-summaries/2026/11")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await runner.GetAsync("/api/runners/someone/runs/2026/11")).StatusCode);

        using var worker = await WorkerAsync();
        Assert.Equal(HttpStatusCode.BadRequest, (await worker.GetAsync("/api/monthly-summaries/2026/13")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await worker.GetAsync("/api/runners?limit=5000")).StatusCode);
    }

    [Fact]
    public async Task A_service_turns_the_monthly_report_off_and_on_with_its_own_scope()
    {
        var runnerId = $"unsubscribing-{Guid.NewGuid():N}";
        using var runner = factory.WithToken(await factory.CreateReadyClientAsync(), factory.Tokens.Runner(runnerId, "data"));
        using var reader = await WorkerAsync("runs.read");
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.PutAsJsonAsync($"/api/runners/{runnerId}/monthly-report-opt-out", new { optOut = true })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await runner.PutAsJsonAsync($"/api/runners/{runnerId}/monthly-report-opt-out", new { optOut = true })).StatusCode);

        using var reports = await WorkerAsync("profiles.write");
        Assert.Equal(HttpStatusCode.BadRequest, (await reports.PutAsJsonAsync($"/api/runners/{runnerId}/monthly-report-opt-out", new { })).StatusCode);

        // A runner with no profile yet gets one, with everything else at its defaults.
        using var off = await reports.PutAsJsonAsync($"/api/runners/{runnerId}/monthly-report-opt-out", new { optOut = true });
        Assert.Equal(HttpStatusCode.OK, off.StatusCode);
        Assert.True((await runner.GetFromJsonAsync<ProfileApi.ProfileResponse>("/api/profile"))!.MonthlyReportOptOut);

        (await reports.PutAsJsonAsync($"/api/runners/{runnerId}/monthly-report-opt-out", new { optOut = false })).EnsureSuccessStatusCode();
        var profile = (await runner.GetFromJsonAsync<ProfileApi.ProfileResponse>("/api/profile"))!;
        Assert.False(profile.MonthlyReportOptOut);
        Assert.Equal("UTC", profile.TimeZone);
    }

    [Fact]
    public async Task A_suggested_time_zone_replaces_only_the_default_and_never_a_zone_the_runner_chose()
    {
        var fresh = $"zoned-{Guid.NewGuid():N}";
        var chose = $"chose-{Guid.NewGuid():N}";
        using var reader = await WorkerAsync("runs.read");
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.PutAsJsonAsync($"/api/runners/{fresh}/suggested-time-zone", new { timeZone = "Australia/Melbourne" })).StatusCode);
        using var strava = await WorkerAsync("profiles.write");

        // A runner without a profile: the suggestion is taken (canonical id); a second one no longer is.
        using var first = await strava.PutAsJsonAsync($"/api/runners/{fresh}/suggested-time-zone", new { timeZone = "Australia/Melbourne" });
        Assert.Equal("Australia/Melbourne", (await first.Content.ReadFromJsonAsync<ProfileApi.ProfileResponse>())!.TimeZone);
        using var second = await strava.PutAsJsonAsync($"/api/runners/{fresh}/suggested-time-zone", new { timeZone = "Europe/Paris" });
        Assert.Equal("Australia/Melbourne", (await second.Content.ReadFromJsonAsync<ProfileApi.ProfileResponse>())!.TimeZone);

        // A runner who chose a zone keeps it.
        using var runner = factory.WithToken(await factory.CreateReadyClientAsync(), factory.Tokens.Runner(chose, "data"));
        var profile = (await runner.GetFromJsonAsync<ProfileApi.ProfileResponse>("/api/profile"))!;
        (await runner.PutAsJsonAsync("/api/profile", profile with { TimeZone = "America/New_York" })).EnsureSuccessStatusCode();
        using var ignored = await strava.PutAsJsonAsync($"/api/runners/{chose}/suggested-time-zone", new { timeZone = "Asia/Tokyo" });
        Assert.Equal("America/New_York", (await ignored.Content.ReadFromJsonAsync<ProfileApi.ProfileResponse>())!.TimeZone);

        // Only zones every reader can serve, named by the field.
        using var windows = await strava.PutAsJsonAsync($"/api/runners/{fresh}/suggested-time-zone", new { timeZone = "Pacific Standard Time" });
        Assert.Equal(HttpStatusCode.BadRequest, windows.StatusCode);
        Assert.Contains("timeZone", await windows.Content.ReadAsStringAsync());
    }

    private static async Task ImportAsync(HttpClient worker, string runnerId, params SourcedRunInput[] runs) =>
        (await worker.PostAsJsonAsync($"/api/runners/{runnerId}/runs/batch", new RunBatch(runs))).EnsureSuccessStatusCode();
}
