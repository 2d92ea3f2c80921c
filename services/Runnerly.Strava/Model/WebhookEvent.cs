namespace Runnerly.Strava.Model;

/// <summary>
/// A Strava push event, stored before it is acknowledged and processed afterwards. Processing
/// reads the object's current state at Strava, so one pending event per object is enough: a
/// repeat, or a later event for the same object, only counts in <see cref="Repeats"/>, and an
/// event that was repeated while it was being processed is processed again.
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

    /// <summary>Events for the same object received while this one was pending (a concurrency token).</summary>
    public int Repeats { get; set; }

    public DateTimeOffset? ProcessedAt { get; set; }

    public string? LastError { get; set; }

    /// <summary>Processed without reading Strava: its athlete's events had used their reads for the window, so a safety sync stands in for it.</summary>
    public bool Folded { get; set; }
}
