using System.Net;
using Runnerly.Strava.Infrastructure;
using Runnerly.Strava.Model;
using Runnerly.Strava.StravaApi;

namespace Runnerly.Strava.Sync;

/// <summary>
/// Ending a runner's link, as Strava's terms require: the grant revoked at Strava, the runs
/// imported from Strava deleted, the tokens forgotten. Every step may be repeated, so a
/// disconnection interrupted anywhere is simply completed again later.
/// </summary>
internal sealed class Disconnection(StravaDbContext db, StravaClient strava, AthleteAccess access, DataServiceClient data)
{
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
    }
}
