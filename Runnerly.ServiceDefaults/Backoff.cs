namespace Microsoft.Extensions.Hosting;

/// <summary>
/// How long to wait after failures in a row: <see cref="First"/> after the first, doubling with
/// each one after it, never more than <see cref="Max"/>. Every retry loop in Runnerly uses it.
/// </summary>
public readonly record struct Backoff(TimeSpan First, TimeSpan Max)
{
    /// <summary>The wait after <paramref name="failures"/> failures in a row (none after none).</summary>
    public TimeSpan After(int failures)
    {
        if (failures < 1)
        {
            return TimeSpan.Zero;
        }

        // Past 2^30 the doubling has long passed any sensible cap; stopping there keeps it from overflowing.
        var wait = First * Math.Pow(2, Math.Min(failures - 1, 30));
        return wait < Max ? wait : Max;
    }
}
