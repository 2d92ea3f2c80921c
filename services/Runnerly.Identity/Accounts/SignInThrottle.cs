using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Runnerly.Identity.Infrastructure;

namespace Runnerly.Identity.Accounts;

/// <summary>
/// Wrong passwords for one email from one client address, counted: the first few cost nothing,
/// then each further attempt from there must wait a doubling delay. A stranger guessing from their
/// own address slows only themselves; the runner signs in from theirs as usual. Unknown emails are
/// counted the same way, so the answers tell nobody which emails have accounts.
/// </summary>
public sealed class SignInThrottle(AccountsDbContext db, TimeProvider time)
{
    public const int FreeFailures = 4;
    private static readonly TimeSpan FirstDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LongestDelay = TimeSpan.FromMinutes(15);

    /// <summary>A day after the last wrong password, the count starts again.</summary>
    private static readonly TimeSpan Forgotten = TimeSpan.FromDays(1);

    /// <summary>The wait after <paramref name="failures"/> wrong passwords in a row: none, then 1 s, 2 s, 4 s… at most 15 minutes.</summary>
    public static TimeSpan DelayAfter(int failures) => failures <= FreeFailures
        ? TimeSpan.Zero
        : TimeSpan.FromTicks(Math.Min(LongestDelay.Ticks, FirstDelay.Ticks << Math.Min(failures - FreeFailures - 1, 20)));

    /// <summary>How long this email must still wait from this address; null when it may try now.</summary>
    public async Task<TimeSpan?> WaitAsync(string normalizedEmail, IPAddress? address, CancellationToken cancellationToken)
    {
        var key = Key(normalizedEmail, address);
        var failures = await db.SignInFailures.AsNoTracking().SingleOrDefaultAsync(f => f.Key == key, cancellationToken);
        var wait = failures is null ? TimeSpan.Zero : failures.RetryAt - time.GetUtcNow();
        return wait > TimeSpan.Zero ? wait : null;
    }

    public async Task FailedAsync(string normalizedEmail, IPAddress? address, CancellationToken cancellationToken)
    {
        var key = Key(normalizedEmail, address);
        var now = time.GetUtcNow();
        var failures = await db.SignInFailures.SingleOrDefaultAsync(f => f.Key == key, cancellationToken);
        if (failures is null)
        {
            failures = new SignInFailures { Key = key };
            db.SignInFailures.Add(failures);
        }

        failures.Count = now - failures.LastAt > Forgotten ? 1 : failures.Count + 1;
        failures.LastAt = now;
        failures.RetryAt = now + DelayAfter(failures.Count);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another attempt counted at the same moment: one of the two is enough.
            db.ChangeTracker.Clear();
        }
    }

    public Task SucceededAsync(string normalizedEmail, IPAddress? address, CancellationToken cancellationToken)
    {
        var key = Key(normalizedEmail, address);
        return db.SignInFailures.Where(f => f.Key == key).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>Hashed: the table keeps no email (typed by anyone, registered or not) and no address.</summary>
    private static string Key(string normalizedEmail, IPAddress? address) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{normalizedEmail}\n{address?.MapToIPv6()}")));
}

/// <summary>Wrong passwords in a row for one email from one client address (<see cref="SignInThrottle"/>).</summary>
public sealed class SignInFailures
{
    public required string Key { get; init; }

    public int Count { get; set; }

    public DateTimeOffset LastAt { get; set; }

    public DateTimeOffset RetryAt { get; set; }
}
