namespace Runnerly.Strava.Model;

/// <summary>
/// The push subscription Strava sends this application's events through, as Strava answered when
/// it was created or listed: an event naming another subscription did not come from Strava.
/// </summary>
internal sealed class PushSubscription
{
    /// <summary>Strava's id of the subscription.</summary>
    public long Id { get; set; }

    public required string CallbackUrl { get; set; }

    public DateTimeOffset RecordedAt { get; set; }
}
