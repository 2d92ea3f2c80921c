using Microsoft.Extensions.Options;
using Runnerly.Strava.Infrastructure;

namespace Runnerly.Strava.Sync;

/// <summary>Wakes the worker at once when there is new work (a link, a webhook event, a disconnection).</summary>
internal sealed class SyncSignal
{
    private readonly SemaphoreSlim _work = new(0, 1);

    public void Wake()
    {
        try
        {
            _work.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already awake or about to be.
        }
    }

    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _work.WaitAsync(timeout, cancellationToken);
}

/// <summary>Runs the sync engine for as long as the service runs, sleeping until work is due, the budget allows, or a signal comes.</summary>
internal sealed partial class SyncWorker(SyncEngine engine, SyncSignal signal, MigrationStatus<StravaDbContext> migrations, TimeProvider clock,
    IOptions<SyncOptions> options, ILogger<SyncWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await migrations.Applied.WaitAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = clock.GetUtcNow();
            var next = now + options.Value.PollInterval;
            try
            {
                next = await engine.RunOnceAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogTurnFailed(logger, e);
            }

            var sleep = next - clock.GetUtcNow();
            if (sleep > TimeSpan.Zero)
            {
                await signal.WaitAsync(sleep < options.Value.PollInterval ? sleep : options.Value.PollInterval, stoppingToken);
            }
        }
    }

    [LoggerMessage(LogLevel.Error, "The Strava sync worker failed a turn; it tries again shortly")]
    private static partial void LogTurnFailed(ILogger logger, Exception exception);
}
