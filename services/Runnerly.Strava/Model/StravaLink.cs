namespace Runnerly.Strava.Model;

/// <summary>A runner's link to their Strava athlete. Tokens are stored encrypted (<see cref="Infrastructure.TokenProtector"/>).</summary>
internal sealed class StravaLink
{
    public required string RunnerId { get; set; }

    public long AthleteId { get; set; }

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
