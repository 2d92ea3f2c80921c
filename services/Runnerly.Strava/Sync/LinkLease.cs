using Microsoft.EntityFrameworkCore;
using Runnerly.Strava.Infrastructure;
using Runnerly.Strava.Model;

namespace Runnerly.Strava.Sync;

/// <summary>
/// Whoever works on a runner's link — a sync step, a webhook event, a disconnection, on any
/// replica — takes its lease first, so a disconnection never races an import of the same runner.
/// A crashed replica's lease simply runs out.
/// </summary>
internal sealed class LinkLease(StravaDbContext db, TimeProvider clock)
{
    public static readonly TimeSpan Duration = TimeSpan.FromMinutes(5);

    /// <summary>After a failure: 30 s, doubling, at most an hour.</summary>
    public static readonly Backoff Retry = new(TimeSpan.FromSeconds(30), TimeSpan.FromHours(1));

    /// <summary>
    /// Takes the lease if nobody holds it — and, with <paramref name="onlyIf"/>, only while the link
    /// still passes that filter (another replica may have done the work since it was listed); then loads the link.
    /// </summary>
    public async Task<StravaLink?> TryTakeAsync(string runnerId, Func<IQueryable<StravaLink>, IQueryable<StravaLink>>? onlyIf,
        CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var free = db.Links.Where(l => l.RunnerId == runnerId).Where(LinkStates.Free(now));
        if (await (onlyIf?.Invoke(free) ?? free).ExecuteUpdateAsync(set => set.SetProperty(l => l.HeldUntil, now + Duration), cancellationToken) == 0)
        {
            return null;
        }

        var link = await db.Links.SingleOrDefaultAsync(l => l.RunnerId == runnerId, cancellationToken);
        if (link is not null)
        {
            // The caller may have had it loaded already: see the lease just taken.
            await db.Entry(link).ReloadAsync(cancellationToken);
        }

        return link;
    }

    /// <summary>Lets go of a link the work succeeded on (unless the work removed it), with whatever else the work left unsaved.</summary>
    public async Task ReleaseAsync(StravaLink link, CancellationToken cancellationToken)
    {
        if (db.Entry(link).State == EntityState.Detached)
        {
            return;
        }

        link.HeldUntil = null;
        link.RetryAt = null;
        link.Failures = 0;
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Lets go of a link without a back-off (the budget refused, or the work must simply go round again).</summary>
    public Task LetGoAsync(string runnerId, CancellationToken cancellationToken) =>
        SettleAsync(runnerId, set => set.SetProperty(l => l.HeldUntil, (DateTimeOffset?)null), cancellationToken);

    /// <summary>
    /// Lets go of a link whose work failed: its work waits <see cref="Retry"/> from <paramref name="attemptedAt"/>,
    /// when the failed attempt began. Returns the failures in a row.
    /// </summary>
    public async Task<int> BackOffAsync(StravaLink link, DateTimeOffset attemptedAt, CancellationToken cancellationToken)
    {
        var failures = link.Failures + 1;
        var retryAt = attemptedAt + Retry.After(failures);
        await SettleAsync(link.RunnerId, set => set
            .SetProperty(l => l.HeldUntil, (DateTimeOffset?)null)
            .SetProperty(l => l.Failures, failures)
            .SetProperty(l => l.RetryAt, retryAt), cancellationToken);
        return failures;
    }

    /// <summary>The earliest moment a lease or a back-off on one of <paramref name="links"/> runs out.</summary>
    public static async Task<DateTimeOffset?> WhenFreeAgainAsync(IQueryable<StravaLink> links, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var leaseEnds = await links.Where(LinkStates.Held(now)).MinAsync(l => l.HeldUntil, cancellationToken);
        var backOffEnds = await links.Where(LinkStates.BackingOff(now)).MinAsync(l => l.RetryAt, cancellationToken);
        return SyncWork.Earliest(leaseEnds, backOffEnds);
    }

    private async Task SettleAsync(string runnerId, Action<Microsoft.EntityFrameworkCore.Query.UpdateSettersBuilder<StravaLink>> set,
        CancellationToken cancellationToken)
    {
        // Whatever the work changed and did not save is dropped; what it saved (a rotated token, a page) stays.
        db.ChangeTracker.Clear();
        await db.Links.Where(l => l.RunnerId == runnerId).ExecuteUpdateAsync(set, cancellationToken);
    }
}
