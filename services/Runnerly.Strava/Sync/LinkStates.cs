using System.Linq.Expressions;
using Runnerly.Strava.Model;

namespace Runnerly.Strava.Sync;

/// <summary>What a link's columns say about it, as conditions the database evaluates; each written once.</summary>
internal static class LinkStates
{
    /// <summary>The runner (or Strava) ended the link; the disconnection is still to be completed.</summary>
    public static readonly Expression<Func<StravaLink, bool>> Disconnecting = l => l.DisconnectRequestedAt != null;

    /// <summary>Not being disconnected.</summary>
    public static readonly Expression<Func<StravaLink, bool>> Connected = l => l.DisconnectRequestedAt == null;

    /// <summary>Connected, and no problem (a revoked grant) has stopped the imports.</summary>
    public static readonly Expression<Func<StravaLink, bool>> Importing = l => l.DisconnectRequestedAt == null && l.Problem == null;

    public static readonly Expression<Func<StravaLink, bool>> BackfillNotComplete = l => !l.BackfillComplete;

    /// <summary>Safety syncs have started (after the backfill).</summary>
    public static readonly Expression<Func<StravaLink, bool>> SyncScheduled = l => l.NextSyncAt != null;

    public static Expression<Func<StravaLink, bool>> DueForSync(DateTimeOffset now) => l => l.NextSyncAt <= now;

    /// <summary>Nobody holds the link's lease.</summary>
    public static Expression<Func<StravaLink, bool>> Free(DateTimeOffset now) => l => l.HeldUntil == null || l.HeldUntil <= now;

    public static Expression<Func<StravaLink, bool>> Held(DateTimeOffset now) => l => l.HeldUntil > now;

    /// <summary>Not waiting out the back-off of a failed step.</summary>
    public static Expression<Func<StravaLink, bool>> NotBackingOff(DateTimeOffset now) => l => l.RetryAt == null || l.RetryAt <= now;

    public static Expression<Func<StravaLink, bool>> BackingOff(DateTimeOffset now) => l => l.RetryAt > now;
}
