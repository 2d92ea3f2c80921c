using Microsoft.Extensions.Options;
using Runnerly.Reports.Infrastructure;

namespace Runnerly.Reports.Delivery;

/// <summary>
/// Sends the reports that are due: <see cref="ReportsOptions.Workers"/> lanes, each claiming one
/// report at a time and keeping its own SMTP connection. Every replica runs the same lanes; the
/// claim's <c>SKIP LOCKED</c> keeps them apart.
/// </summary>
internal sealed class ReportWorker(
    ReportStore store,
    ReportProcessor processor,
    ReportSignal signal,
    MigrationStatus<ReportsDbContext> migrations,
    IConfiguration configuration,
    IOptions<ReportsOptions> options,
    TimeProvider time,
    ILogger<ReportWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await migrations.Applied.WaitAsync(stoppingToken);
        var lanes = Enumerable.Range(0, Math.Max(1, options.Value.Workers)).Select(_ => RunLaneAsync(stoppingToken));
        await Task.WhenAll(lanes);
    }

    private async Task RunLaneAsync(CancellationToken stoppingToken)
    {
        await using var mail = new MailLane(configuration, options.Value, time);
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var pulsed = signal.Next;
                var report = await store.ClaimAsync(time.GetUtcNow(), options.Value.Lease, stoppingToken);
                failures = 0;
                if (report is null)
                {
                    await ReportSignal.WaitAsync(pulsed, options.Value.PollInterval, time, stoppingToken);
                    continue;
                }

                await processor.ProcessAsync(report, mail, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The database itself is not answering: wait, then look again.
                var wait = new Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1)).After(++failures);
                logger.LogWarning(ex, "Looking for due reports failed; trying again in {Wait}", wait);
                try
                {
                    await Task.Delay(wait, time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
