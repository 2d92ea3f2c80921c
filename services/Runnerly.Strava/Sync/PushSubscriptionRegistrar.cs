using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Runnerly.Strava.Apis;
using Runnerly.Strava.Clients;
using Runnerly.Strava.Infrastructure;

namespace Runnerly.Strava.Sync;

/// <summary>
/// Makes sure Strava pushes events to <c>Strava:Webhook:CallbackUrl</c>: once the service is up
/// (Strava calls the callback to check it before creating the subscription), it creates the
/// subscription if Strava has none, retrying until it succeeds. An existing subscription to
/// another URL is left alone and reported: there is only one per application. The subscription's
/// id is kept, so the webhook can refuse events that name another.
/// </summary>
internal sealed partial class PushSubscriptionRegistrar(IServiceScopeFactory scopes, IOptions<WebhookOptions> options,
    IHostApplicationLifetime lifetime, ILogger<PushSubscriptionRegistrar> logger) : BackgroundService
{
    private static readonly Backoff Retry = new(TimeSpan.FromSeconds(2), TimeSpan.FromMinutes(5));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.CallbackUrl is not { } callbackUrl)
        {
            return;
        }

        await WhenStartedAsync(stoppingToken);
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var strava = scope.ServiceProvider.GetRequiredService<StravaClient>();
                var existing = await strava.ListPushSubscriptionsAsync(stoppingToken);
                if (existing.Count == 0)
                {
                    await RecordAsync(scope.ServiceProvider, await strava.CreatePushSubscriptionAsync(callbackUrl, options.Value.VerifyToken, stoppingToken),
                        callbackUrl, stoppingToken);
                    LogCreated(logger, callbackUrl);
                }
                else if (existing.FirstOrDefault(s => s.CallbackUrl == callbackUrl.ToString()) is { } ours)
                {
                    await RecordAsync(scope.ServiceProvider, ours.Id, callbackUrl, stoppingToken);
                }
                else
                {
                    LogOtherSubscription(logger, existing[0].CallbackUrl ?? "", callbackUrl);
                }

                return;
            }
            catch (Exception e) when ((e is StravaException or HttpRequestException or TaskCanceledException or System.Data.Common.DbException)
                && !stoppingToken.IsCancellationRequested)
            {
                var delay = Retry.After(++failures);
                LogRetry(logger, e.Message, delay);
                await Task.Delay(delay, stoppingToken);
            }
        }
    }

    /// <summary>Keeps the subscription's id, the one every replica's webhook checks events against (the only one Strava keeps).</summary>
    private async Task RecordAsync(IServiceProvider services, long id, Uri callbackUrl, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<StravaDbContext>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        await db.PushSubscriptions.Where(s => s.Id != id).ExecuteDeleteAsync(cancellationToken);
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO push_subscriptions ("Id", "CallbackUrl", "RecordedAt") VALUES ({id}, {callbackUrl.ToString()}, {now})
            ON CONFLICT ("Id") DO UPDATE SET "CallbackUrl" = EXCLUDED."CallbackUrl", "RecordedAt" = EXCLUDED."RecordedAt"
            """, cancellationToken);
    }

    private Task WhenStartedAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        return started.Task.WaitAsync(stoppingToken);
    }

    [LoggerMessage(LogLevel.Information, "Strava now pushes events to {CallbackUrl}")]
    private static partial void LogCreated(ILogger logger, Uri callbackUrl);

    [LoggerMessage(LogLevel.Warning, "Strava pushes events to {Existing}, not {CallbackUrl}: delete that subscription to move it here (docs/strava.md)")]
    private static partial void LogOtherSubscription(ILogger logger, string existing, Uri callbackUrl);

    [LoggerMessage(LogLevel.Warning, "Creating the Strava push subscription failed ({Error}); trying again in {Delay}")]
    private static partial void LogRetry(ILogger logger, string error, TimeSpan delay);
}
