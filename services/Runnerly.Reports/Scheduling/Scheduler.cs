using Microsoft.Extensions.Options;
using Quartz;
using Runnerly.Reports.Infrastructure;

namespace Runnerly.Reports.Scheduling;

/// <summary>The hourly due sweep as a Quartz job; one node of the cluster runs it at a time.</summary>
[DisallowConcurrentExecution]
internal sealed class DueSweepJob(DueSweep sweep) : IJob
{
    public static readonly JobKey Key = new("monthly-report-sweep", "reports");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var result = await sweep.RunAsync(cancellationToken);
        // Nothing is lost when a sweep has errors: the next hour's sweep reads what this one could not.
        context.Result = result;
    }
}

/// <summary>
/// Quartz with its PostgreSQL job store in reportsdb (schema <c>quartz</c>, created by a
/// migration), clustered: every replica runs a scheduler, and each firing of the hourly
/// trigger is taken by exactly one of them.
/// </summary>
internal static class Scheduler
{
    public const string InstanceName = "runnerly-reports";
    public const string TablePrefix = "quartz.qrtz_";
    public const string TriggerName = "monthly-report-sweep-hourly";

    public static IHostApplicationBuilder AddReportScheduler(this IHostApplicationBuilder builder, string connectionName)
    {
        var options = builder.Configuration.GetSection(ReportsOptions.Section).Get<ReportsOptions>() ?? new ReportsOptions();
        var connectionString = builder.Configuration.GetConnectionString(connectionName)
            ?? throw new InvalidOperationException($"No connection string '{connectionName}' for the scheduler's job store.");
        builder.Services.AddQuartz(InstanceName, quartz =>
        {
            quartz.ConfigureScheduler(scheduler => scheduler.GenerateInstanceId = true); // one id per replica: clustering needs them distinct
            // Quartz's own timers (check-ins, their retries, the hourly firing) run on the machine's clock; the service's
            // TimeProvider only decides what is due. On a clock that stands still (the tests') a check-in that failed
            // would never be retried. A clock given to a named scheduler stays that scheduler's.
            quartz.UseTimeProvider(TimeProvider.System);
            quartz.UsePersistentStore(store =>
            {
                store.UsePostgres(connectionString);
                // Quartz's tables are created by reportsdb's migrations (its published PostgreSQL DDL); Quartz checks them at start.
                store.ConfigureStore(job => job.TablePrefix = TablePrefix);
                store.UseClustering(cluster =>
                {
                    cluster.CheckinInterval = TimeSpan.FromSeconds(10);
                    cluster.CheckinMisfireThreshold = TimeSpan.FromSeconds(30);
                });
            });
            quartz.AddJob<DueSweepJob>(job => job
                .WithIdentity(DueSweepJob.Key)
                .StoreDurably()
                .DisallowConcurrentExecution()
                .WithDescription("Queues the monthly reports that have come due."));
            quartz.AddTrigger(trigger => trigger
                .ForJob(DueSweepJob.Key)
                .WithIdentity(TriggerName, DueSweepJob.Key.Group)
                .WithCronSchedule(options.SweepCron, cron => cron
                    .InTimeZone(TimeZoneInfo.Utc)
                    .WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed)));
        });
        builder.Services.AddHostedService<SchedulerRunner>();
        return builder;
    }

    /// <summary>
    /// Starts this replica's scheduler once reportsdb has the job store's tables, and asks for a
    /// sweep at once: whatever was missed while the service was down is caught up now, not at
    /// the next hour (with several replicas starting, the extra sweeps find nothing left to do).
    /// </summary>
    private sealed class SchedulerRunner(
        [FromKeyedServices(Scheduler.InstanceName)] ISchedulerFactory factory,
        MigrationStatus<ReportsDbContext> migrations,
        IOptions<ReportsOptions> options,
        ILogger<SchedulerRunner> logger) : BackgroundService
    {
        private IScheduler? _scheduler;

        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            if (!options.Value.SchedulerEnabled)
            {
                logger.LogInformation("The report scheduler is off on this replica");
                return;
            }

            await migrations.Applied.WaitAsync(stoppingToken);
            _scheduler = await factory.GetScheduler(stoppingToken);
            // Started to the end even when the service stops meanwhile: Quartz's cluster manager cannot be shut down
            // during its first check-in (it throws), so stopping waits for the start instead.
            await _scheduler.Start(CancellationToken.None);
            await _scheduler.TriggerJob(DueSweepJob.Key, stoppingToken);
            logger.LogInformation("Report scheduler {Instance} started", _scheduler.SchedulerInstanceId);
        }

        public override async Task StopAsync(CancellationToken cancellationToken)
        {
            await base.StopAsync(cancellationToken); // the start above has finished (or never began)
            if (_scheduler is { } scheduler && await scheduler.GetStatus(cancellationToken) is not (SchedulerStatus.Shutdown or SchedulerStatus.ShuttingDown))
            {
                await scheduler.Shutdown(waitForJobsToComplete: true, cancellationToken);
            }
        }
    }
}
