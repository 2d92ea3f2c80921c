using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Runnerly.Reports.Model;
using Runnerly.Testing;

namespace Runnerly.Reports.Tests;

public sealed class DeliveryTests
{
    private const string Paris = "Europe/Paris";

    [Fact]
    public async Task Opted_out_inactive_unconfirmed_and_unknown_runners_get_nothing_and_a_lapsed_runner_gets_a_nudge()
    {
        await using var rig = await ReportsRig.StartAsync();
        var active = await rig.RunnerAsync("active");
        var optedOut = await rig.RunnerAsync("optedout", optOut: true);
        var unconfirmed = await rig.RunnerAsync("unconfirmed", confirmed: false);
        var inactive = await rig.RunnerAsync("inactive");
        var lapsed = await rig.RunnerAsync("lapsed");
        foreach (var runner in new[] { active, optedOut, unconfirmed })
        {
            await rig.AddRunAsync(runner, new DateTime(2026, 11, 12, 7, 0, 0), Paris, 8_000, TimeSpan.FromMinutes(42));
        }

        await rig.AddRunAsync(inactive, new DateTime(2026, 7, 30, 7, 0, 0), Paris, 8_000, TimeSpan.FromMinutes(42)); // four months before
        await rig.AddRunAsync(lapsed, new DateTime(2026, 9, 3, 7, 0, 0), Paris, 6_000, TimeSpan.FromMinutes(33)); // within the three before
        var ghost = new Runner($"no-account-{Guid.NewGuid():N}", "");
        await rig.Data.SaveProfileAsync(ghost.Id, Paris);

        await rig.Reports.Sweep.RunAsync(CancellationToken.None);

        Assert.Equal(ReportStatus.Sent, (await rig.Reports.WaitForEndAsync(active, 2026, 11)).Status);
        var nudge = await rig.Reports.WaitForEndAsync(lapsed, 2026, 11);
        Assert.Equal((ReportStatus.Sent, ReportKind.Nudge), (nudge.Status, nudge.Kind));
        var mail = await rig.Mail.WaitForAsync(lapsed.Email);
        Assert.Equal("No runs in November: ready for December?", mail.Subject);
        Assert.Contains("there were no runs in November. Your last run was on Thursday 3 September 2026.", mail.TextBody);
        Assert.DoesNotContain("cid:", mail.HtmlBody);

        foreach (var (runner, reason) in new[] { (optedOut, "opted_out"), (unconfirmed, "email_unconfirmed"), (inactive, "inactive"), (ghost, "no_account") })
        {
            var report = await rig.Reports.WaitForEndAsync(runner, 2026, 11);
            Assert.Equal(ReportStatus.Skipped, report.Status);
            Assert.StartsWith(reason + ":", report.Reason);
            Assert.Null(report.Html);
            if (runner.Email.Length > 0)
            {
                Assert.Equal(0, await rig.Mail.CountToAsync(runner.Email));
            }
        }

        // A second sweep changes nothing: one report per runner and month.
        var again = await rig.Reports.Sweep.RunAsync(CancellationToken.None);
        Assert.Equal(0, again.Queued);
        Assert.Equal(1, await rig.Mail.WaitForCountAsync(active.Email, 1));
    }

    [Fact]
    public async Task A_refused_recipient_fails_for_good_and_a_busy_one_is_retried_with_backoff_while_the_others_go_out()
    {
        await using var rig = await ReportsRig.StartAsync(reports => reports.Settings["Reports:MaxAttempts"] = "3");
        var refused = await rig.RunnerAsync(ReportsMailServer.RefusedPrefix.TrimEnd('-'));
        var busy = await rig.RunnerAsync(ReportsMailServer.BusyPrefix.TrimEnd('-'));
        var fine = await rig.RunnerAsync("fine");
        foreach (var runner in new[] { refused, busy, fine })
        {
            await rig.AddRunAsync(runner, new DateTime(2026, 11, 12, 7, 0, 0), Paris, 8_000, TimeSpan.FromMinutes(42));
        }

        await rig.Reports.Sweep.RunAsync(CancellationToken.None);

        Assert.Equal(ReportStatus.Sent, (await rig.Reports.WaitForEndAsync(fine, 2026, 11)).Status);
        var failed = await rig.Reports.WaitForEndAsync(refused, 2026, 11);
        Assert.Equal(ReportStatus.Failed, failed.Status);
        Assert.StartsWith("recipient_refused: 550", failed.Reason);
        Assert.Equal(1, failed.Attempts);

        // Temporary: back in the queue, one minute later, then two.
        var start = rig.Clock.GetUtcNow();
        var waiting = await rig.Reports.WaitForAsync(busy, 2026, 11, r => r.Status == ReportStatus.Pending && r.Attempts == 1);
        Assert.StartsWith("temporary: 451", waiting.Reason);
        Assert.Equal(start.AddMinutes(1), waiting.NextAttemptAt);
        rig.Clock.Advance(TimeSpan.FromMinutes(1));
        waiting = await rig.Reports.WaitForAsync(busy, 2026, 11, r => r.Status == ReportStatus.Pending && r.Attempts == 2);
        Assert.Equal(start.AddMinutes(1 + 2), waiting.NextAttemptAt);
        rig.Clock.Advance(TimeSpan.FromMinutes(2));
        var gaveUp = await rig.Reports.WaitForEndAsync(busy, 2026, 11);
        Assert.Equal((ReportStatus.Failed, 3), (gaveUp.Status, gaveUp.Attempts));
        Assert.StartsWith("attempts_exhausted: 451", gaveUp.Reason);

        // A refusal is never retried.
        rig.Clock.Advance(TimeSpan.FromDays(1));
        await rig.Reports.Sweep.RunAsync(CancellationToken.None);
        Assert.Equal(1, (await rig.Reports.ReportAsync(refused.Id, 2026, 11))!.Attempts);
        Assert.Equal(0, await rig.Mail.CountToAsync(refused.Email));
    }

    [Fact]
    public async Task While_the_mail_server_is_down_reports_wait_and_go_out_once_it_is_back()
    {
        var down = $"Endpoint=smtp://127.0.0.1:{LocalPrograms.FreePort()}";
        await using var rig = await ReportsRig.StartAsync(reports => reports.MailConnectionString = down);
        var runner = await rig.RunnerAsync("patient");
        await rig.AddRunAsync(runner, new DateTime(2026, 11, 12, 7, 0, 0), Paris, 8_000, TimeSpan.FromMinutes(42));

        await rig.Reports.Sweep.RunAsync(CancellationToken.None);
        var waiting = await rig.Reports.WaitForAsync(runner, 2026, 11, r => r.Status == ReportStatus.Pending && r.Attempts == 1);
        Assert.StartsWith("temporary: SocketException", waiting.Reason);

        rig.Reports.Services.GetRequiredService<IConfiguration>()["ConnectionStrings:mail"] = rig.Mail.ConnectionString;
        rig.Clock.Advance(TimeSpan.FromMinutes(1));
        var sent = await rig.Reports.WaitForEndAsync(runner, 2026, 11);
        Assert.Equal((ReportStatus.Sent, 2), (sent.Status, sent.Attempts));
        Assert.Equal(1, await rig.Mail.WaitForCountAsync(runner.Email, 1));
    }

    [Fact]
    public async Task A_mail_server_that_hangs_costs_a_report_one_attempt_and_never_holds_up_the_others()
    {
        // One worker only: were it stuck on the hanging exchange, nothing else would go out.
        await using var rig = await ReportsRig.StartAsync(reports =>
        {
            reports.Settings["Reports:Workers"] = "1";
            reports.Settings["Reports:SmtpTimeout"] = "00:00:05";
        });
        var slow = await rig.RunnerAsync(ReportsMailServer.SlowPrefix.TrimEnd('-'));
        var fine = await rig.RunnerAsync("fine");
        foreach (var runner in new[] { slow, fine })
        {
            await rig.AddRunAsync(runner, new DateTime(2026, 11, 12, 7, 0, 0), Paris, 8_000, TimeSpan.FromMinutes(42));
        }

        await rig.Reports.Sweep.RunAsync(CancellationToken.None);

        Assert.Equal(ReportStatus.Sent, (await rig.Reports.WaitForEndAsync(fine, 2026, 11)).Status);
        var waiting = await rig.Reports.WaitForAsync(slow, 2026, 11, r => r.Status == ReportStatus.Pending && r.Attempts == 1);
        Assert.Equal("temporary: The mail server did not answer within 5 s.", waiting.Reason);
        Assert.Equal(1, await rig.Mail.WaitForCountAsync(fine.Email, 1));
    }

    [Fact]
    public async Task One_runners_unreadable_data_fails_that_report_only_with_the_reason_and_a_metric()
    {
        var spoiled = new System.Collections.Concurrent.ConcurrentBag<string>();
        await using var rig = await ReportsRig.StartAsync(reports => reports.DataTap = () => new SpoilRuns(spoiled));
        var broken = await rig.RunnerAsync("broken");
        var fine = await rig.RunnerAsync("fine");
        spoiled.Add(broken.Id);
        foreach (var runner in new[] { broken, fine })
        {
            await rig.AddRunAsync(runner, new DateTime(2026, 11, 12, 7, 0, 0), Paris, 8_000, TimeSpan.FromMinutes(42));
        }

        using var failures = new MetricCollector<long>(rig.Reports.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(),
            ReportsTelemetry.Name, "runnerly.reports.failed");
        await rig.Reports.Sweep.RunAsync(CancellationToken.None);

        Assert.Equal(ReportStatus.Sent, (await rig.Reports.WaitForEndAsync(fine, 2026, 11)).Status);
        var failed = await rig.Reports.WaitForEndAsync(broken, 2026, 11);
        Assert.Equal((ReportStatus.Failed, 1), (failed.Status, failed.Attempts));
        Assert.StartsWith("data_unreadable: The data service's answer for /api/runners/", failed.Reason);
        var measurement = Assert.Single(failures.GetMeasurementSnapshot());
        Assert.Equal("data_unreadable", measurement.Tags["reason"]);
        Assert.Equal(0, await rig.Mail.CountToAsync(broken.Email));
    }

    [Fact]
    public async Task Without_the_training_service_the_report_goes_out_without_its_section()
    {
        await using var rig = await ReportsRig.StartAsync();
        var runner = await rig.RunnerAsync("untrained");
        await rig.AddRunAsync(runner, new DateTime(2026, 11, 12, 7, 0, 0), Paris, 8_000, TimeSpan.FromMinutes(42));
        // Training has something to say about this runner, but the reports service cannot reach it.
        Assert.Equal(JsonValueKind.Number, (await rig.Training.MonthSummaryAsync(runner.Id, 2026, 11)).GetProperty("vdot").ValueKind);
        rig.Training.Refused = true;

        await rig.Reports.Sweep.RunAsync(CancellationToken.None);

        // The training client's own retry waits on the service's clock: the test moves it a second at a time.
        Assert.Equal(ReportStatus.Sent, (await rig.Reports.WaitForEndAsync(runner, 2026, 11, tick: TimeSpan.FromSeconds(1))).Status);
        var mail = await rig.Mail.WaitForAsync(runner.Email);
        Assert.DoesNotContain("TRAINING", mail.TextBody);
        Assert.DoesNotContain("VDOT", mail.HtmlBody);
    }

    /// <summary>Spoils the data service's answer with the runs of the runners named: the body is not JSON.</summary>
    private sealed class SpoilRuns(System.Collections.Concurrent.ConcurrentBag<string> runners) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            var path = request.RequestUri!.AbsolutePath;
            if (path.EndsWith("/runs", StringComparison.Ordinal) && runners.Any(id => path.Contains(id, StringComparison.Ordinal)))
            {
                response.Dispose();
                return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("[{\"id\": \"not a run", Encoding.UTF8, "application/json") };
            }

            return response;
        }
    }
}
