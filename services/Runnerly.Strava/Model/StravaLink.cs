namespace Runnerly.Strava.Model;

/// <summary>A runner's link to their Strava athlete. Tokens are stored encrypted (<see cref="Infrastructure.TokenProtector"/>).</summary>
internal sealed class StravaLink
{
    public required string RunnerId { get; set; }

    public long AthleteId { get; set; }

    /// <summary>The athlete's name as Strava gave it at linking (a display string); null for links made before it was kept.</summary>
    public string? AthleteName { get; set; }

    public required string AccessToken { get; set; }

    public required string RefreshToken { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public required string Scope { get; set; }

    public DateTimeOffset LinkedAt { get; set; }

    /// <summary>Runs imported so far, and the estimate of all of them from the athlete's stats.</summary>
    public int Imported { get; set; }

    public int? EstimatedTotal { get; set; }

    public bool BackfillComplete { get; set; }

    public DateTimeOffset? LastSyncedAt { get; set; }

    /// <summary>
    /// The backfill's durable checkpoint: the start of the oldest activity imported so far. The
    /// next page asks for activities before it; null until the first page is imported.
    /// </summary>
    public DateTimeOffset? BackfillBefore { get; set; }

    /// <summary>Pages of history imported: runners take turns, the one with fewest pages first.</summary>
    public int BackfillPages { get; set; }

    /// <summary>The start of the newest activity seen: incremental syncs ask for activities after it.</summary>
    public DateTimeOffset? NewestStart { get; set; }

    /// <summary>When the next incremental (safety) sync is due.</summary>
    public DateTimeOffset? NextSyncAt { get; set; }

    /// <summary>Nobody else works on the link before then: a replica holds it while it works (a crashed replica's hold simply runs out).</summary>
    public DateTimeOffset? HeldUntil { get; set; }

    /// <summary>After a failure, sync work waits until then (a disconnection does not).</summary>
    public DateTimeOffset? RetryAt { get; set; }

    /// <summary>Failures in a row, for the back-off.</summary>
    public int Failures { get; set; }

    /// <summary>Set when the runner (or Strava) ended the link; the disconnection completes, with retries, before the link is removed.</summary>
    public DateTimeOffset? DisconnectRequestedAt { get; set; }

    /// <summary>The 15-minute window <see cref="EventReads"/> counts in.</summary>
    public DateTimeOffset? EventReadsWindow { get; set; }

    /// <summary>Strava reads the athlete's webhook events made in that window (one more once the rest were folded into a safety sync).</summary>
    public int EventReads { get; set; }

    /// <summary>Why syncing stopped, in words for the runner (e.g. Strava no longer accepts the grant).</summary>
    public string? Problem { get; set; }
}

/// <summary>
/// A "Connect Strava" in progress: its state is single-use, expires, and only completes in the
/// browser that holds the binding cookie set when it started.
/// </summary>
internal sealed class LinkRequest
{
    public required string State { get; set; }

    public required string RunnerId { get; set; }

    public required string BindingHash { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? UsedAt { get; set; }
}
