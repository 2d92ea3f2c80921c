namespace Runnerly.Strava.Sync;

/// <summary>
/// Decides what the worker does next, for every runner, on any number of replicas: the kinds of
/// work in order, live work first and the backfill last, one round at a time with live work looked
/// at again between rounds. Everything stops when Strava's shared budget says so, and resumes when
/// it allows again.
/// </summary>
internal sealed class SyncEngine(IServiceScopeFactory scopes, TimeProvider clock)
{
    /// <summary>In order. A new kind of work is a new line here.</summary>
    private readonly SyncWork[] _work =
    [
        new DisconnectWork(scopes, clock),
        new WebhookEventWork(scopes, clock),
        new SafetySyncWork(scopes, clock),
        new BackfillWork(scopes, clock),
    ];

    /// <summary>Does all the work that is due and the budget affords; returns when there may be more to do.</summary>
    public async Task<DateTimeOffset> RunOnceAsync(CancellationToken cancellationToken)
    {
        for (var more = true; more;)
        {
            more = false;
            foreach (var work in _work)
            {
                var pass = await work.RunAsync(cancellationToken);
                if (pass.BlockedUntil is { } blockedUntil)
                {
                    // Backfill refused may still leave room for live work that comes due sooner.
                    return work.IsLive ? blockedUntil : SyncWork.Earliest(blockedUntil, await NextDueAsync(cancellationToken))!.Value;
                }

                more |= pass.MayHaveMore;
            }
        }

        return await NextDueAsync(cancellationToken);
    }

    /// <summary>The earliest moment work waiting now becomes due (free work was done, or the budget said when it may go on).</summary>
    private async Task<DateTimeOffset> NextDueAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        DateTimeOffset? next = null;
        foreach (var work in _work)
        {
            next = SyncWork.Earliest(next, await work.NextDueAsync(now, cancellationToken));
        }

        // Whatever is due now could not be done this turn (its link was held a moment ago): look again shortly, never spin.
        return next is not { } due ? DateTimeOffset.MaxValue : due <= now ? now + TimeSpan.FromSeconds(1) : due;
    }
}
