using Microsoft.EntityFrameworkCore;
using Runnerly.Strava.Infrastructure;

namespace Runnerly.Strava.Sync;

/// <summary>
/// Stored webhook events, oldest first (<see cref="RunnerSync.ProcessEventAsync"/>), each under the
/// lease of the link of the athlete it is about. Processed events are forgotten once an hour, not every turn.
/// </summary>
internal sealed class WebhookEventWork(IServiceScopeFactory scopes, TimeProvider clock) : SyncWork
{
    private static readonly TimeSpan BusyLinkRetry = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan ForgetEvery = TimeSpan.FromHours(1);

    private DateTimeOffset _lastForgotten = DateTimeOffset.MinValue;

    public override bool IsLive => true;

    public override async Task<WorkPass> RunAsync(CancellationToken cancellationToken)
    {
        await ForgetProcessedEventsAsync(cancellationToken);
        while (true)
        {
            List<long> due;
            await using (var scope = scopes.CreateAsyncScope())
            {
                due = await scope.ServiceProvider.GetRequiredService<WebhookEventQueue>().DueAsync(Batch, cancellationToken);
            }

            if (due.Count == 0)
            {
                return WorkPass.NothingDue;
            }

            foreach (var id in due)
            {
                if (await ProcessAsync(id, cancellationToken) is { } blockedUntil)
                {
                    return WorkPass.Blocked(blockedUntil);
                }
            }
        }
    }

    public override async Task<DateTimeOffset?> NextDueAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<WebhookEventQueue>().NextAttemptAsync(cancellationToken);
    }

    /// <summary>Processes one event, unless another replica claimed it; returns until when the budget refuses, if it did.</summary>
    private async Task<DateTimeOffset?> ProcessAsync(long id, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var queue = services.GetRequiredService<WebhookEventQueue>();
        if (await queue.TryClaimAsync(id, cancellationToken) is not { } webhookEvent)
        {
            return null;
        }

        var runnerId = await services.GetRequiredService<StravaDbContext>().Links
            .Where(l => l.AthleteId == webhookEvent.OwnerId).Where(LinkStates.Connected)
            .Select(l => l.RunnerId).SingleOrDefaultAsync(cancellationToken);
        if (runnerId is null)
        {
            await queue.DismissAsync(webhookEvent, cancellationToken);
            return null;
        }

        var sync = services.GetRequiredService<RunnerSync>();
        var attemptedAt = clock.GetUtcNow();
        var result = await services.GetRequiredService<LinkStep>().RunAsync("webhook", runnerId, onlyIf: null,
            link => sync.ProcessEventAsync(link, webhookEvent, cancellationToken), cancellationToken);
        await (result.Outcome switch
        {
            StepOutcome.Done => Task.CompletedTask,
            StepOutcome.Busy => queue.PostponeAsync(webhookEvent, attemptedAt + BusyLinkRetry, cancellationToken),
            // Only the events' share is spent: they wait, and syncs and backfill go on meanwhile.
            StepOutcome.Blocked when result.OnlyThisWork => queue.PostponeWithAllDueAsync(webhookEvent, result.BlockedUntil!.Value, cancellationToken),
            StepOutcome.Blocked => queue.PostponeAsync(webhookEvent, result.BlockedUntil!.Value, cancellationToken),
            _ => queue.RetryAsync(webhookEvent, attemptedAt, result.Error, cancellationToken),
        });
        return result.OnlyThisWork ? null : result.BlockedUntil;
    }

    private async Task ForgetProcessedEventsAsync(CancellationToken cancellationToken)
    {
        if (clock.GetUtcNow() - _lastForgotten < ForgetEvery)
        {
            return;
        }

        _lastForgotten = clock.GetUtcNow();
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<WebhookEventQueue>().ForgetProcessedAsync(cancellationToken);
    }
}
