namespace Runnerly.Identity.Accounts;

/// <summary>
/// A runner's data still to delete in one service after their account was deleted. Written in
/// the same transaction that deletes the account, and retried until the service confirms twice
/// (<see cref="FirstPassAt"/>), so no service keeps data of an account that no longer exists.
/// </summary>
public sealed class AccountDeletion
{
    public long Id { get; init; }

    public required string UserId { get; init; }

    /// <summary>The service's name in configuration (<c>Identity:RunnerDataServices</c>).</summary>
    public required string Service { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public int Attempts { get; set; }

    public DateTimeOffset NextAttemptAt { get; set; }

    /// <summary>
    /// When the service first confirmed the deletion. Access tokens issued before the account was
    /// deleted still work until they expire, and a write made with one would recreate data nobody can
    /// remove: a second pass deletes again once they have all expired, and only then is it complete.
    /// </summary>
    public DateTimeOffset? FirstPassAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    public string? LastError { get; set; }
}
