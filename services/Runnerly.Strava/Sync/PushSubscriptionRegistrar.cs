using Microsoft.Extensions.Options;
using Runnerly.Strava.Apis;
using Runnerly.Strava.Clients;

namespace Runnerly.Strava.Sync;

/// <summary>
/// Makes sure Strava pushes events to <c>Strava:Webhook:CallbackUrl</c>: once the service is up
/// (Strava calls the callback to check it before creating the subscription), it creates the
/// subscription if Strava has none, retrying until it succeeds. An existing subscription to
/// another URL is left alone and reported: there is only one per application.
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
                    await strava.CreatePushSubscriptionAsync(callbackUrl, options.Value.VerifyToken, stoppingToken);
                    LogCreated(logger, callbackUrl);
                }
                else if (existing.All(s => s.CallbackUrl != callbackUrl.ToString()))
                {
                    LogOtherSubscription(logger, existing[0].CallbackUrl, callbackUrl);
                }

                return;
            }
            catch (Exception e) when ((e is StravaException or HttpRequestException or TaskCanceledException) && !stoppingToken.IsCancellationRequested)
            {
                var delay = Retry.After(++failures);
                LogRetry(logger, e.Message, delay);
                await Task.Delay(delay, stoppingToken);
            }
        }
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
