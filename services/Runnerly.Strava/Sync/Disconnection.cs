using System.Net;
using Microsoft.EntityFrameworkCore;
using Runnerly.Strava.Clients;
using Runnerly.Strava.Infrastructure;
using Runnerly.Strava.Model;

namespace Runnerly.Strava.Sync;

/// <summary>
/// Ending a runner's link, as Strava's terms require: the grant revoked at Strava, the runs
/// imported from Strava deleted, the tokens forgotten. Every step may be repeated, so a
/// disconnection interrupted anywhere is simply completed again later.
/// </summary>
internal sealed partial class Disconnection(StravaDbContext db, LinkLease lease, StravaClient strava, AthleteAccess access, DataServiceClient data,
    LinkChangeNotifier notifier, SyncSignal signal, TimeProvider clock, ILogger<Disconnection> logger)
{
    /// <summary>
    /// Writes the request down (from then on nothing more is imported) and tries to complete it at
    /// once, waiting up to <paramref name="waitForWork"/> for a sync step in progress. True when done
    /// (or nothing was linked); false when the worker completes it later.
    /// </summary>
    public async Task<bool> RequestAsync(string runnerId, bool deleteImportedRuns, TimeSpan waitForWork, CancellationToken cancellationToken)
    {
        var link = await db.Links.SingleOrDefaultAsync(l => l.RunnerId == runnerId, cancellationToken);
        if (link is null)
        {
            return true;
        }

        // Taken before the request is written, when nobody works on the link, so the worker cannot start completing it in between.
        var held = await lease.TryTakeAsync(runnerId, onlyIf: null, cancellationToken);
        link.DisconnectRequestedAt ??= clock.GetUtcNow();
        link.RetryAt = null; // asked now: no back-off from earlier sync failures
        await db.SaveChangesAsync(cancellationToken);
        notifier.Changed(runnerId);

        for (var waited = TimeSpan.Zero; held is null && waited < waitForWork; waited += TimeSpan.FromMilliseconds(100))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
            held = await lease.TryTakeAsync(runnerId, onlyIf: null, cancellationToken);
            if (held is null && !await db.Links.AnyAsync(l => l.RunnerId == runnerId, cancellationToken))
            {
                return true; // the worker completed it meanwhile
            }
        }

        if (held is not null)
        {
            try
            {
                await CompleteAsync(held, deleteImportedRuns, cancellationToken);
                return true;
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                LogCompletesLater(logger, e, runnerId);
                await lease.BackOffAsync(held, clock.GetUtcNow(), CancellationToken.None);
            }
        }

        signal.Wake();
        return false;
    }

    /// <summary>Completes the disconnection of a link the caller holds. Throws when Strava or the data service cannot be reached; nothing is forgotten then.</summary>
    public async Task CompleteAsync(StravaLink link, bool deleteImportedRuns, CancellationToken cancellationToken)
    {
        try
        {
            await access.CallAsync(link, async token =>
            {
                await strava.DeauthorizeAsync(token, cancellationToken);
                return true;
            }, cancellationToken);
        }
        catch (Exception e) when (e is StravaGrantRevokedException or StravaException { Status: HttpStatusCode.Unauthorized })
        {
            // The runner (or Strava) revoked the grant already: nothing left to revoke.
        }

        if (deleteImportedRuns)
        {
            await data.DeleteStravaRunsAsync(link.RunnerId, cancellationToken);
        }

        db.Links.Remove(link);
        await db.SaveChangesAsync(cancellationToken);
        notifier.Changed(link.RunnerId);
    }

    [LoggerMessage(LogLevel.Warning, "Disconnecting runner {RunnerId} from Strava will complete in the background")]
    private static partial void LogCompletesLater(ILogger logger, Exception exception, string runnerId);
}
