using Runnerly.Reports.Delivery;
using Runnerly.Reports.Model;
using Runnerly.Testing;

namespace Runnerly.Reports.Tests;

public sealed class ExactlyOnceTests
{
    private const string Paris = "Europe/Paris";

    [Fact]
    public async Task Two_replicas_sweeping_and_sending_the_same_month_send_each_report_once()
    {
        var database = new PostgresDatabase();
        await database.InitializeAsync();
        try
        {
            await using var rig = await ReportsRig.StartAsync(reports => reports.Settings["Reports:Workers"] = "4", database);
            var second = await rig.StartReportsAsync(database, reports => reports.Settings["Reports:Workers"] = "4");
            var runners = new List<Runner>();
            for (var i = 0; i < 24; i++)
            {
                var runner = await rig.RunnerAsync($"twice{i}");
                await rig.AddRunAsync(runner, new DateTime(2026, 11, 1 + i, 7, 0, 0), Paris, 5_000 + i * 100, TimeSpan.FromMinutes(30));
                runners.Add(runner);
            }

            // Both replicas sweep at once (as two schedulers would, were they not clustered) and both send.
            var sweeps = await Task.WhenAll(rig.Reports.Sweep.RunAsync(CancellationToken.None), second.Sweep.RunAsync(CancellationToken.None));
            Assert.Equal(runners.Count, sweeps.Sum(s => s.Queued));

            foreach (var runner in runners)
            {
                Assert.Equal(ReportStatus.Sent, (await rig.Reports.WaitForEndAsync(runner, 2026, 11)).Status);
            }

            foreach (var runner in runners)
            {
                Assert.Equal(1, await rig.Mail.WaitForCountAsync(runner.Email, 1));
                Assert.Equal(1, (await rig.Reports.ReportAsync(runner.Id, 2026, 11))!.Attempts);
            }
        }
        finally
        {
            await database.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_worker_that_dies_after_claiming_a_report_leaves_it_to_another_which_sends_it_once()
    {
        var database = new PostgresDatabase();
        await database.InitializeAsync();
        var crash = new Crash(atClaim: true);
        try
        {
            await using var rig = await ReportsRig.StartAsync(reports => reports.Probe = crash, database);
            var runner = await rig.RunnerAsync("claimed");
            await rig.AddRunAsync(runner, new DateTime(2026, 11, 12, 7, 0, 0), Paris, 8_000, TimeSpan.FromMinutes(42));

            await rig.Reports.Sweep.RunAsync(CancellationToken.None);
            await crash.Reached.WaitAsync(TimeSpan.FromSeconds(60));
            var claimed = (await rig.Reports.ReportAsync(runner.Id, 2026, 11))!;
            Assert.Equal((ReportStatus.Sending, 1), (claimed.Status, claimed.Attempts));
            await rig.StopReportsAsync(rig.Reports); // the worker never comes back

            var restarted = await rig.StartReportsAsync(database);
            rig.Clock.Advance(TimeSpan.FromMinutes(5));
            Assert.Equal(ReportStatus.Sending, (await restarted.ReportAsync(runner.Id, 2026, 11))!.Status); // still the dead worker's
            rig.Clock.Advance(TimeSpan.FromMinutes(5)); // its lease (10 minutes) has run out

            var sent = await restarted.WaitForEndAsync(runner, 2026, 11);
            Assert.Equal((ReportStatus.Sent, 2), (sent.Status, sent.Attempts));
            Assert.Equal(1, await rig.Mail.WaitForCountAsync(runner.Email, 1));
        }
        finally
        {
            await database.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_worker_that_dies_after_the_mail_server_accepted_causes_the_one_second_copy_with_the_same_message_id()
    {
        var database = new PostgresDatabase();
        await database.InitializeAsync();
        var crash = new Crash(atClaim: false);
        try
        {
            await using var rig = await ReportsRig.StartAsync(reports => reports.Probe = crash, database);
            var runner = await rig.RunnerAsync("accepted");
            await rig.AddRunAsync(runner, new DateTime(2026, 11, 12, 7, 0, 0), Paris, 8_000, TimeSpan.FromMinutes(42));

            await rig.Reports.Sweep.RunAsync(CancellationToken.None);
            await crash.Reached.WaitAsync(TimeSpan.FromSeconds(60));
            await rig.Mail.WaitForAsync(runner.Email); // the mail server shows a message shortly after accepting it
            Assert.Equal(1, await rig.Mail.CountToAsync(runner.Email));
            Assert.Equal(ReportStatus.Sending, (await rig.Reports.ReportAsync(runner.Id, 2026, 11))!.Status);
            await rig.StopReportsAsync(rig.Reports);

            var restarted = await rig.StartReportsAsync(database);
            rig.Clock.Advance(TimeSpan.FromMinutes(10));
            var sent = await restarted.WaitForEndAsync(runner, 2026, 11);
            Assert.Equal((ReportStatus.Sent, 2), (sent.Status, sent.Attempts));

            // The documented window: the mail server had it, the database did not know. Same message, same id, same content.
            var copies = await rig.Mail.MessagesToAsync(runner.Email, atLeast: 2);
            Assert.Equal(2, copies.Count);
            Assert.Equal(copies[0].MessageId, copies[1].MessageId);
            Assert.Equal(copies[0].HtmlBody, copies[1].HtmlBody);
            Assert.Equal(sent.MessageId, copies[0].MessageId);
        }
        finally
        {
            await database.DisposeAsync();
        }
    }

    /// <summary>A worker that stops dead at one point of delivery, as if its process were killed there: it never goes on.</summary>
    private sealed class Crash(bool atClaim) : IDeliveryProbe
    {
        private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Reached => _reached.Task;

        public Task ClaimedAsync(string runnerId, CancellationToken cancellationToken) => atClaim ? DieAsync() : Task.CompletedTask;

        public Task AcceptedAsync(string runnerId, CancellationToken cancellationToken) => atClaim ? Task.CompletedTask : DieAsync();

        private Task DieAsync()
        {
            _reached.TrySetResult();
            return new TaskCompletionSource().Task; // never completes, whatever the shutdown asks
        }
    }
}
