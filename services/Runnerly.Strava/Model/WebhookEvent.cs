namespace Runnerly.Strava.Model;

/// <summary>
/// A Strava push event, stored before it is acknowledged and processed afterwards. Strava may
/// send the same event more than once: its natural key is unique, so a repeat is stored once.
/// </summary>
internal sealed class WebhookEvent
{
    public long Id { get; set; }

    /// <summary><c>activity</c> or <c>athlete</c>.</summary>
    public required string ObjectType { get; set; }

    public long ObjectId { get; set; }

    /// <summary><c>create</c>, <c>update</c> or <c>delete</c>.</summary>
    public required string AspectType { get; set; }

    /// <summary>The athlete the object belongs to.</summary>
    public long OwnerId { get; set; }

    public long EventTime { get; set; }

    /// <summary>Strava's <c>updates</c> object, as JSON.</summary>
    public required string Updates { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }

    /// <summary>Not processed before then: while a replica works on it, or after a failure.</summary>
    public DateTimeOffset NextAttemptAt { get; set; }

    public int Attempts { get; set; }

    public DateTimeOffset? ProcessedAt { get; set; }

    public string? LastError { get; set; }
}
