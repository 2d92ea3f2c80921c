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

            // Both replicas check in to the cluster.
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            while (await db.Database.SqlQuery<int>($"SELECT count(*)::int AS \"Value\" FROM quartz.qrtz_scheduler_state").SingleAsync(timeout.Token) < 2)
            {
                await Task.Delay(200, timeout.Token);
            }
        }
        finally
        {
            await database.DisposeAsync();
        }
    }
}
