using Microsoft.EntityFrameworkCore;
using Runnerly.Strava.Model;

namespace Runnerly.Strava.Infrastructure;

/// <summary>
/// Whoever changes a runner's link — a sync step, a webhook event, a disconnection, on any
/// replica — holds it first, so a disconnection never races an import of the same runner.
/// </summary>
internal static class LinkHolds
{
    public static readonly TimeSpan WorkHold = TimeSpan.FromMinutes(5);

    /// <summary>Takes the hold if nobody has it; then loads the link.</summary>
    public static async Task<StravaLink?> TryHoldAsync(this StravaDbContext db, string runnerId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var held = await db.Links
            .Where(l => l.RunnerId == runnerId && (l.HeldUntil == null || l.HeldUntil <= now))
            .ExecuteUpdateAsync(set => set.SetProperty(l => l.HeldUntil, now + WorkHold), cancellationToken);
        if (held == 0)
        {
            return null;
        }

        var link = await db.Links.SingleOrDefaultAsync(l => l.RunnerId == runnerId, cancellationToken);
        if (link is not null)
        {
            // The caller may have had it loaded already: see the hold just taken.
            await db.Entry(link).ReloadAsync(cancellationToken);
        }

        return link;
    }

    /// <summary>Lets go of a link the work succeeded on.</summary>
    public static void Release(this StravaLink link)
    {
        link.HeldUntil = null;
        link.RetryAt = null;
        link.Failures = 0;
    }

    /// <summary>Lets go of a link whose work failed; its sync work waits 30 s, doubling, at most an hour.</summary>
    public static void BackOff(this StravaLink link, DateTimeOffset now)
    {
        link.Failures++;
        link.HeldUntil = null;
        link.RetryAt = now + Retry.After(link.Failures);
    }

    /// <summary>After a failed step: 30 s, doubling, at most an hour.</summary>
    public static readonly Backoff Retry = new(TimeSpan.FromSeconds(30), TimeSpan.FromHours(1));
}
