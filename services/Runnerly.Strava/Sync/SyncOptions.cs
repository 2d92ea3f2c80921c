namespace Runnerly.Strava.Sync;

/// <summary>How the strava worker paces itself (section <c>Strava:Sync</c>).</summary>
internal sealed class SyncOptions
{
    public const string Section = "Strava:Sync";

    /// <summary>How often a linked runner's recent activities are listed again, in case a webhook event was lost.</summary>
    public TimeSpan SafetySyncInterval { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How far back a safety sync looks before the newest activity already seen, to catch edits it missed.</summary>
    public TimeSpan SafetySyncOverlap { get; set; } = TimeSpan.FromDays(2);

    /// <summary>The longest the worker sleeps without looking for work (real time): other replicas' work and time itself wake it.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Set to false to run the API without the worker (a replica that only answers requests).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Strava reads one athlete's webhook events may make per 15-minute window; the events beyond it
    /// are folded into one safety sync of that runner (anyone can post events for a known athlete id).
    /// </summary>
    public int EventReadsPerAthlete { get; set; } = 5;

    /// <summary>Processed webhook events are kept this long, for the record.</summary>
    public TimeSpan KeepProcessedEvents { get; set; } = TimeSpan.FromDays(7);
}
