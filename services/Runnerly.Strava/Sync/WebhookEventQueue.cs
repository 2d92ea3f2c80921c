using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Runnerly.Strava.Infrastructure;
using Runnerly.Strava.Model;

namespace Runnerly.Strava.Sync;

/// <summary>
/// The stored webhook events still to be processed: each claimed by one replica at a time, retried
/// with the links' back-off after a failure, set aside (kept, with its last error) after
/// <see cref="MaxAttempts"/> attempts, and forgotten <see cref="SyncOptions.KeepProcessedEvents"/> after it was processed.
/// </summary>
internal sealed class WebhookEventQueue(StravaDbContext db, TimeProvider clock, IOptions<SyncOptions> options)
{
    public const int MaxAttempts = 10;

    private IQueryable<WebhookEvent> Pending => db.WebhookEvents.Where(e => e.ProcessedAt == null);

    /// <summary>The ids of the events due now, oldest first.</summary>
    public Task<List<long>> DueAsync(int count, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        return Pending.Where(e => e.NextAttemptAt <= now).OrderBy(e => e.Id).Select(e => e.Id).Take(count).ToListAsync(cancellationToken);
    }

    /// <summary>Claims a due event for as long as a link's lease lasts; null when another replica took (or finished) it since it was listed.</summary>
    public async Task<WebhookEvent?> TryClaimAsync(long id, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var claimed = await Pending.Where(e => e.Id == id && e.NextAttemptAt <= now)
            .ExecuteUpdateAsync(set => set.SetProperty(e => e.NextAttemptAt, now + LinkLease.Duration), cancellationToken);
        return claimed == 0 ? null : await db.WebhookEvents.SingleAsync(e => e.Id == id, cancellationToken);
    }

    /// <summary>An event there is nothing to do for (nobody is linked to its athlete any more) counts as processed.</summary>
    public async Task DismissAsync(WebhookEvent webhookEvent, CancellationToken cancellationToken)
    {
        webhookEvent.ProcessedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Not attempted (its link was busy, or the budget refused): due again at <paramref name="until"/>.</summary>
    public Task PostponeAsync(WebhookEvent webhookEvent, DateTimeOffset until, CancellationToken cancellationToken) =>
        Pending.Where(e => e.Id == webhookEvent.Id).ExecuteUpdateAsync(set => set.SetProperty(e => e.NextAttemptAt, until), cancellationToken);

    /// <summary>This event and every other due now wait until <paramref name="until"/> (the share of the budget events may use is spent).</summary>
    public Task PostponeWithAllDueAsync(WebhookEvent webhookEvent, DateTimeOffset until, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        return Pending.Where(e => e.Id == webhookEvent.Id || e.NextAttemptAt <= now)
            .ExecuteUpdateAsync(set => set.SetProperty(e => e.NextAttemptAt, until), cancellationToken);
    }

    /// <summary>A failed attempt (begun at <paramref name="attemptedAt"/>): retried after the back-off, or set aside after the last attempt.</summary>
    public Task RetryAsync(WebhookEvent webhookEvent, DateTimeOffset attemptedAt, string? error, CancellationToken cancellationToken)
    {
        var attempts = webhookEvent.Attempts + 1;
        var retryAt = attemptedAt + LinkLease.Retry.After(attempts);
        DateTimeOffset? setAside = attempts >= MaxAttempts ? attemptedAt : null;
        return Pending.Where(e => e.Id == webhookEvent.Id).ExecuteUpdateAsync(set => set
            .SetProperty(e => e.Attempts, attempts)
            .SetProperty(e => e.NextAttemptAt, retryAt)
            .SetProperty(e => e.ProcessedAt, setAside)
            .SetProperty(e => e.LastError, e => error ?? e.LastError), cancellationToken);
    }

    /// <summary>When the next pending event is due.</summary>
    public Task<DateTimeOffset?> NextAttemptAsync(CancellationToken cancellationToken) =>
        Pending.MinAsync(e => (DateTimeOffset?)e.NextAttemptAt, cancellationToken);

    /// <summary>Deletes processed events past their keeping time.</summary>
    public Task ForgetProcessedAsync(CancellationToken cancellationToken)
    {
        var before = clock.GetUtcNow() - options.Value.KeepProcessedEvents;
        return db.WebhookEvents.Where(e => e.ProcessedAt < before).ExecuteDeleteAsync(cancellationToken);
    }
}
