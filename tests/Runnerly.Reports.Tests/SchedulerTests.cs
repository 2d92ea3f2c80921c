using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Runnerly.Reports.Infrastructure;
using Runnerly.Reports.Model;
using Runnerly.Testing;

namespace Runnerly.Reports.Tests;

public sealed class SchedulerTests
{
    [Fact]
    public async Task Replicas_join_one_Quartz_cluster_on_reportsdb_and_a_sweep_runs_when_the_service_comes_back()
    {
        var database = new PostgresDatabase();
        await database.InitializeAsync();
        try
        {
            await using var rig = await ReportsRig.StartAsync(reports => reports.Settings["Reports:SchedulerEnabled"] = "true", database);
            var runner = await rig.RunnerAsync("scheduled");
            await rig.AddRunAsync(runner, new DateTime(2026, 11, 12, 7, 0, 0), "Europe/Paris", 8_000, TimeSpan.FromMinutes(42));
            var second = await rig.StartReportsAsync(database, reports => reports.Settings["Reports:SchedulerEnabled"] = "true");

            // The replica that started last asked for a sweep on start: it queued (and so sent) the report, without waiting for the hour.
            Assert.Equal(ReportStatus.Sent, (await second.WaitForEndAsync(runner, 2026, 11)).Status);

            await using var scope = second.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ReportsDbContext>();
            var triggers = await db.Database.SqlQuery<string>($"SELECT trigger_name AS \"Value\" FROM quartz.qrtz_triggers").ToListAsync();
            Assert.Contains("monthly-report-sweep-hourly", triggers);
            Assert.Equal("0 0 * * * ?", await db.Database.SqlQuery<string>($"SELECT cron_expression AS \"Value\" FROM quartz.qrtz_cron_triggers").SingleAsync());

            // Both replicas check in to the cluster, and keep checking in on the machine's clock while the service's
            // clock stands still (Quartz's retries and check-ins must not wait for the service's time to move).
            var joined = await WaitForCheckInsAsync(db, states => states.Count == 2);
            await WaitForCheckInsAsync(db, states => states.Count == 2 && states.All(state => state.LastCheckinTicks > joined.Single(first => first.Instance == state.Instance).LastCheckinTicks));
        }
        finally
        {
            await database.DisposeAsync();
        }
    }

    /// <summary>The cluster's check-ins once <paramref name="done"/> holds for them; a failure lists what was seen.</summary>
    private static async Task<List<SchedulerState>> WaitForCheckInsAsync(ReportsDbContext db, Func<List<SchedulerState>, bool> done)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        while (true)
        {
            var states = await db.Database.SqlQuery<SchedulerState>(
                $"SELECT instance_name AS \"Instance\", last_checkin_time AS \"LastCheckinTicks\" FROM quartz.qrtz_scheduler_state").ToListAsync();
            if (done(states))
            {
                return states;
            }

            Assert.False(timeout.IsCancellationRequested, $"At {DateTimeOffset.UtcNow:O} the cluster had: {string.Join(", ", states)}");
            await Task.Delay(200);
        }
    }

    private sealed record SchedulerState(string Instance, long LastCheckinTicks)
    {
        public override string ToString() => $"{Instance} (last check-in {new DateTimeOffset(LastCheckinTicks, TimeSpan.Zero):O})";
    }
}
