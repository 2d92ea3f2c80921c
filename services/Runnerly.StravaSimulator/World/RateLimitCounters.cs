namespace Runnerly.StravaSimulator.World;

/// <summary>
/// Strava's application-wide limits: all requests and read requests, each per 15 minutes
/// (windows starting at :00, :15, :30 and :45 UTC) and per UTC day. A request over a limit is
/// refused, and still counts toward the daily usage.
/// </summary>
internal sealed class RateLimitCounters(StravaWorld world, TimeProvider clock)
{
    private readonly Lock _lock = new();
    private DateTimeOffset _window;
    private DateOnly _day;
    private int _overall15, _overallDay, _read15, _readDay;

    public RateLimitDecision Count(bool isRead)
    {
        var options = world.Options;
        var now = clock.GetUtcNow();
        lock (_lock)
        {
            var window = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute / 15 * 15, 0, TimeSpan.Zero);
            if (window != _window)
            {
                (_window, _overall15, _read15) = (window, 0, 0);
            }

            if (DateOnly.FromDateTime(now.UtcDateTime) != _day)
            {
                (_day, _overallDay, _readDay) = (DateOnly.FromDateTime(now.UtcDateTime), 0, 0);
            }

            var allowed = _overall15 < options.OverallPer15Minutes && _overallDay < options.OverallPerDay
                && (!isRead || (_read15 < options.ReadPer15Minutes && _readDay < options.ReadPerDay));
            _overallDay++;
            _readDay += isRead ? 1 : 0;
            if (allowed)
            {
                _overall15++;
                _read15 += isRead ? 1 : 0;
            }

            return new RateLimitDecision(allowed,
                $"{options.OverallPer15Minutes},{options.OverallPerDay}", $"{_overall15},{_overallDay}",
                $"{options.ReadPer15Minutes},{options.ReadPerDay}", $"{_read15},{_readDay}");
        }
    }
}

internal sealed record RateLimitDecision(bool Allowed, string Limit, string Usage, string ReadLimit, string ReadUsage);
