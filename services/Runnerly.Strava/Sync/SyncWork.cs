namespace Runnerly.Strava.Sync;

/// <summary>One kind of work the engine schedules (<see cref="SyncEngine"/> lists them, in order).</summary>
internal abstract class SyncWork
{
    /// <summary>How many items one query lists; the next are listed once these are done.</summary>
    protected const int Batch = 20;

    /// <summary>
    /// Live work is done until none is due, before any backfill, and when the budget refuses it nothing
    /// else goes first. Other work does one round at a time, so live work is looked at again between rounds.
    /// </summary>
    public abstract bool IsLive { get; }

    /// <summary>Does the work that is due now (all of it, or one round), as far as the budget allows.</summary>
    public abstract Task<WorkPass> RunAsync(CancellationToken cancellationToken);

    /// <summary>The earliest moment work of this kind that waits now becomes due; null when none waits.</summary>
    public abstract Task<DateTimeOffset?> NextDueAsync(DateTimeOffset now, CancellationToken cancellationToken);

    public static DateTimeOffset? Earliest(DateTimeOffset? first, DateTimeOffset? second) =>
        first is { } a && second is { } b ? (a < b ? a : b) : first ?? second;
}

/// <summary>What a pass did: whether another round may find more work due, or until when the budget refuses it.</summary>
internal readonly record struct WorkPass(bool MayHaveMore, DateTimeOffset? BlockedUntil)
{
    public static readonly WorkPass NothingDue = new(false, null);

    public static readonly WorkPass RoundDone = new(true, null);

    public static WorkPass Blocked(DateTimeOffset until) => new(false, until);
}
