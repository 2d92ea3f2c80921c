using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Runnerly.Reports.Apis;
using Runnerly.Reports.Model;

namespace Runnerly.Reports.Tests;

public sealed class ApiTests
{
    private const string Paris = "Europe/Paris";

    [Fact]
    public async Task A_runner_lists_their_reports_and_reads_one_exactly_as_sent_and_nobody_else_can()
    {
        await using var rig = await ReportsRig.StartAsync();
        var runner = await rig.RunnerAsync("archived");
        var other = await rig.RunnerAsync("other");
        await rig.AddRunAsync(runner, new DateTime(2026, 11, 12, 7, 0, 0), Paris, 8_000, TimeSpan.FromMinutes(42));
        await rig.AddRunAsync(runner, new DateTime(2026, 11, 14, 7, 0, 0), Paris, 12_000, TimeSpan.FromMinutes(62));
        await rig.Reports.Sweep.RunAsync(CancellationToken.None);
        var stored = await rig.Reports.WaitForEndAsync(runner, 2026, 11);
        var mail = await rig.Mail.WaitForAsync(runner.Email);

        using var client = rig.Reports.RunnerClient(runner.Id);
        var page = (await client.GetFromJsonAsync<ReportsApi.ReportPage>("/api/reports"))!;
        var item = Assert.Single(page.Items);
        Assert.Equal((2026, 11, "full", 2, 20_000.0, mail.Subject), (item.Year, item.Month, item.Kind, item.Runs, item.DistanceMeters, item.Subject));
        Assert.Null(page.Next);

        var report = (await client.GetFromJsonAsync<ReportsApi.ReportDocument>("/api/reports/2026/11"))!;
        Assert.Equal(stored.Html, report.Html);
        Assert.Equal(mail.HtmlBody!.Replace("\r\n", "\n"), report.Html.Replace("\r\n", "\n"));
        Assert.Equal(stored.ChartPng, Convert.FromBase64String(report.ChartPng!));
        Assert.Equal(20_000, report.Figures.GetProperty("thisMonth").GetProperty("distanceMeters").GetDouble());
        using var chart = await client.GetAsync("/api/reports/2026/11/chart.png");
        Assert.Equal("image/png", chart.Content.Headers.ContentType?.MediaType);

        using var stranger = rig.Reports.RunnerClient(other.Id);
        Assert.Empty((await stranger.GetFromJsonAsync<ReportsApi.ReportPage>("/api/reports"))!.Items);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync("/api/reports/2026/11")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync("/api/reports/2026/11/chart.png")).StatusCode);

        using var anonymous = rig.Reports.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/reports")).StatusCode);
        using var service = rig.Reports.CreateClient();
        service.DefaultRequestHeaders.Authorization = new("Bearer", rig.Tokens.Service("strava-worker", "reports", "runs.read"));
        Assert.Equal(HttpStatusCode.Forbidden, (await service.GetAsync("/api/reports")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/reports?limit=0")).StatusCode);
    }

    [Fact]
    public async Task A_month_that_cannot_exist_is_refused_naming_the_year_or_the_month()
    {
        await using var rig = await ReportsRig.StartAsync();
        var runner = await rig.RunnerAsync("mistyped");
        using var client = rig.Reports.RunnerClient(runner.Id);
        foreach (var (path, field) in new[] { ("2026/0", "month"), ("2026/13", "month"), ("2026/-1", "month"), ("0/11", "year"), ("1/11", "year"), ("99999/11", "year") })
        {
            foreach (var url in new[] { $"/api/reports/{path}", $"/api/reports/{path}/chart.png" })
            {
                using var response = await client.GetAsync(url);
                Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _), $"{url} does not name {field}");
            }
        }

        // A month that can exist but has no report is simply not there.
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/reports/2026/10")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/reports/1900/1/chart.png")).StatusCode);
    }

    [Fact]
    public async Task The_service_endpoints_refuse_a_runner_id_no_runner_can_have_naming_it()
    {
        await using var rig = await ReportsRig.StartAsync();
        using var identity = rig.Reports.CreateClient();
        identity.DefaultRequestHeaders.Authorization = new("Bearer", rig.Tokens.Service("identity-worker", "reports", "runners.delete"));
        using var developer = rig.Reports.CreateClient();
        developer.DefaultRequestHeaders.Add(CommandsApi.KeyHeader, ReportsRig.AdminKey);
        foreach (var id in new[] { new string('x', 65), "%20", "a%07b" })
        {
            foreach (var response in new[] { await identity.DeleteAsync($"/api/runners/{id}"), await developer.PostAsync($"/commands/reports/runners/{id}/send-last-month", null) })
            {
                using (response)
                {
                    Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
                    Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("runnerId", out _));
                }
            }
        }

        // An id that could be a runner's is fine, whether or not that runner exists.
        Assert.Equal(HttpStatusCode.NoContent, (await identity.DeleteAsync($"/api/runners/{new string('x', 64)}")).StatusCode);
        var queued = await (await developer.PostAsync($"/commands/reports/runners/{new string('x', 64)}/send-last-month", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, queued.GetProperty("runners").GetInt32());
    }

    [Fact]
    public async Task The_preview_shows_this_month_so_far_without_sending_or_storing_anything()
    {
        await using var rig = await ReportsRig.StartAsync();
        var runner = await rig.RunnerAsync("curious", units: "mi");
        var idle = await rig.RunnerAsync("idle");
        rig.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 15, 12, 0, 0, TimeSpan.Zero));
        await rig.AddRunAsync(runner, new DateTime(2026, 12, 2, 7, 0, 0), Paris, 16_093.44, TimeSpan.FromMinutes(80));
        await rig.AddRunAsync(runner, new DateTime(2026, 11, 10, 7, 0, 0), Paris, 8_046.72, TimeSpan.FromMinutes(40));
        await rig.AddRunAsync(runner, new DateTime(2026, 11, 20, 7, 0, 0), Paris, 8_046.72, TimeSpan.FromMinutes(40)); // after the 15th

        using var client = rig.Reports.RunnerClient(runner.Id);
        var preview = (await client.GetFromJsonAsync<ReportsApi.ReportDocument>("/api/reports/preview"))!;
        Assert.Equal((2026, 12, "full", true), (preview.Year, preview.Month, preview.Kind, preview.IsPartialMonth));
        Assert.Equal("December 2026 so far: 10.0 mi in 1 run", preview.Subject);
        Assert.Contains("so far this month you ran 10.0 mi in 1 run", preview.Text);
        // Half a month is set against the same half of the others, never against whole months.
        Assert.Contains("- Runs: 1 (vs 1\u201315 November: same; vs 1\u201315 December 2025: no runs)", preview.Text);
        Assert.Contains("- Distance: 10.0 mi (vs 1\u201315 November: +5.0 mi (+100%); vs 1\u201315 December 2025: no runs)", preview.Text);
        Assert.NotNull(preview.ChartPng);
        Assert.Null(await rig.Reports.ReportAsync(runner.Id, 2026, 12));
        Assert.Equal(0, await rig.Mail.CountToAsync(runner.Email));

        using var nothing = rig.Reports.RunnerClient(idle.Id);
        using var none = await nothing.GetAsync("/api/reports/preview");
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
        Assert.Equal("Nothing to report yet", (await none.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
    }

    [Fact]
    public async Task While_the_data_service_is_down_the_preview_says_so_in_a_503_and_answers_again_once_it_is_back()
    {
        var down = false;
        await using var rig = await ReportsRig.StartAsync(reports => reports.DataTap = () => new Unreachable(() => down));
        var runner = await rig.RunnerAsync("patient", units: "mi");
        rig.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 15, 12, 0, 0, TimeSpan.Zero));
        await rig.AddRunAsync(runner, new DateTime(2026, 12, 2, 7, 0, 0), Paris, 16_093.44, TimeSpan.FromMinutes(80));
        using var client = rig.Reports.RunnerClient(runner.Id);

        down = true;
        using var refused = await WhileTheClockRunsAsync(rig, client.GetAsync("/api/reports/preview"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal("Your runs cannot be read just now", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());

        down = false;
        using var served = await client.GetAsync("/api/reports/preview");
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
    }

    /// <summary>Moves the fake clock while a call waits out its retries' back-off, which runs on that clock.</summary>
    private static async Task<HttpResponseMessage> WhileTheClockRunsAsync(ReportsRig rig, Task<HttpResponseMessage> call)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!call.IsCompleted)
        {
            rig.Clock.Advance(TimeSpan.FromSeconds(1));
            await Task.WhenAny(call, Task.Delay(50, timeout.Token));
        }

        return await call;
    }

    /// <summary>The data service as a refused connection, while <paramref name="down"/> says so.</summary>
    private sealed class Unreachable(Func<bool> down) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            down() ? throw new HttpRequestException("Connection refused (data.test:80)") : base.SendAsync(request, cancellationToken);
    }

    [Fact]
    public async Task Account_deletion_deletes_every_report_of_the_runner()
    {
        await using var rig = await ReportsRig.StartAsync();
        var runner = await rig.RunnerAsync("deleted");
        var kept = await rig.RunnerAsync("kept");
        foreach (var r in new[] { runner, kept })
        {
            await rig.AddRunAsync(r, new DateTime(2026, 11, 12, 7, 0, 0), Paris, 8_000, TimeSpan.FromMinutes(42));
        }

        await rig.Reports.Sweep.RunAsync(CancellationToken.None);
        await rig.Reports.WaitForEndAsync(runner, 2026, 11);
        await rig.Reports.WaitForEndAsync(kept, 2026, 11);

        using var own = rig.Reports.RunnerClient(runner.Id);
        Assert.Equal(HttpStatusCode.Forbidden, (await own.DeleteAsync($"/api/runners/{runner.Id}")).StatusCode);
        using var identity = rig.Reports.CreateClient();
        identity.DefaultRequestHeaders.Authorization = new("Bearer", rig.Tokens.Service("identity-worker", "reports", "runners.delete"));
        Assert.Equal(HttpStatusCode.NoContent, (await identity.DeleteAsync($"/api/runners/{runner.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await identity.DeleteAsync($"/api/runners/{runner.Id}")).StatusCode);

        Assert.Null(await rig.Reports.ReportAsync(runner.Id, 2026, 11));
        Assert.Empty((await own.GetFromJsonAsync<ReportsApi.ReportPage>("/api/reports"))!.Items);
        Assert.Equal(ReportStatus.Sent, (await rig.Reports.ReportAsync(kept.Id, 2026, 11))!.Status);
    }

    [Fact]
    public async Task The_developer_commands_send_last_months_report_now_once_and_need_the_admin_key()
    {
        await using var rig = await ReportsRig.StartAsync();
        var runner = await rig.RunnerAsync("impatient", "America/Los_Angeles"); // not due before 16:00 UTC
        await rig.AddRunAsync(runner, new DateTime(2026, 11, 12, 7, 0, 0), "America/Los_Angeles", 8_000, TimeSpan.FromMinutes(42));
        using var client = rig.Reports.CreateClient();

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsync($"/commands/reports/runners/{runner.Id}/send-last-month", null)).StatusCode);
        client.DefaultRequestHeaders.Add(CommandsApi.KeyHeader, ReportsRig.AdminKey);
        (await client.PostAsync($"/commands/reports/runners/{runner.Id}/send-last-month", null)).EnsureSuccessStatusCode();
        var sent = await rig.Reports.WaitForEndAsync(runner, 2026, 11);
        Assert.Equal(ReportStatus.Sent, sent.Status);
        Assert.Equal(rig.Clock.GetUtcNow(), sent.DueAt);

        // Again, and for everyone: a report sent is never sent twice.
        var all = await (await client.PostAsync("/commands/reports/send-last-month", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(0, all.GetProperty("queued").GetInt32());
        (await client.PostAsync($"/commands/reports/runners/{runner.Id}/send-last-month", null)).EnsureSuccessStatusCode();
        rig.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 1, 17, 0, 0, TimeSpan.Zero));
        await rig.Reports.Sweep.RunAsync(CancellationToken.None);
        Assert.Equal(1, await rig.Mail.WaitForCountAsync(runner.Email, 1));
    }
}
