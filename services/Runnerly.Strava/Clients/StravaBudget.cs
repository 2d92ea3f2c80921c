using StackExchange.Redis;

namespace Runnerly.Strava.Clients;

/// <summary>Who asks: live work (incremental syncs, disconnections), a webhook event's reads, or the backfill of a whole history.</summary>
internal enum StravaWork
{
    Live,
    Backfill,

    /// <summary>Reads a webhook event asks for: anyone can post an event, so they may use only <see cref="StravaBudget.EventShare"/>.</summary>
    Event,
}

/// <summary>
/// One Strava rate-limit budget for the whole application — every runner, every replica —
/// kept in Redis. A request is sent only after a reservation the budget can afford; every
/// answer's usage headers correct the counts; after a 429 nothing is sent until the window
/// resets. Backfill may use only part of each window, and of the day only what leaves live work
/// a reserve for the rest of it: the reserve shrinks as the day goes, so by midnight backfill may
/// have used all of it.
/// </summary>
internal sealed class StravaBudget(IConnectionMultiplexer redis, TimeProvider clock)
{
    /// <summary>The share of each 15-minute window backfill may use.</summary>
    public const double BackfillShare = 0.8;

    /// <summary>The share of the daily limits kept for live work at midnight, shrinking to nothing by the next.</summary>
    public const double LiveDailyReserve = 0.2;

    /// <summary>The share of each 15-minute window's reads, and of the day's, that webhook events may use: the rest stays for syncs and backfill.</summary>
    public const double EventShare = 0.5;

    // Until the first answer tells the real limits, Strava's defaults: 200/2,000 overall, 100/1,000 reads.
    // KEYS: limits, window usage, day usage, blocked-until.
    // ARGV: now (ms), is read (0/1), share of the 15-minute limits allowed, window end (ms), day end (ms),
    //       the daily reserve left for live work now (a share of the daily limits; 0 for live work itself), the reserve at midnight,
    //       the share of the reads webhook events may use (0 for other work), 1 to only check (nothing is reserved).
    // Returns { 1 } when granted (or affordable); { 0, retry at (ms), 1 when only this kind of work is refused }.
    private const string ReserveScript = """
        local now = tonumber(ARGV[1])
        local blocked = tonumber(redis.call('GET', KEYS[4]) or '0')
        if blocked > now then return { 0, blocked } end
        local limits = redis.call('HMGET', KEYS[1], 'overall15', 'overallDay', 'read15', 'readDay')
        local overall15 = tonumber(limits[1]) or 200
        local overallDay = tonumber(limits[2]) or 2000
        local read15 = tonumber(limits[3]) or 100
        local readDay = tonumber(limits[4]) or 1000
        local share = tonumber(ARGV[3])
        local isRead = ARGV[2] == '1'
        local window = redis.call('HMGET', KEYS[2], 'overall', 'read')
        local day = redis.call('HMGET', KEYS[3], 'overall', 'read')
        local w_overall, w_read = tonumber(window[1]) or 0, tonumber(window[2]) or 0
        local d_overall, d_read = tonumber(day[1]) or 0, tonumber(day[2]) or 0
        local dayEnd = tonumber(ARGV[5])
        if d_overall + 1 > overallDay or (isRead and d_read + 1 > readDay) then return { 0, dayEnd } end
        local reserve = tonumber(ARGV[6])
        if reserve > 0 then
          -- The reserve shrinks linearly to midnight: one more request fits once it is small enough.
          local function fitsAt(used, limit)
            return dayEnd - math.max(0, (1 - (used + 1) / limit) / tonumber(ARGV[7])) * 86400000
          end
          local retry = 0
          if d_overall + 1 > math.floor(overallDay * (1 - reserve)) then retry = fitsAt(d_overall, overallDay) end
          if isRead and d_read + 1 > math.floor(readDay * (1 - reserve)) then retry = math.max(retry, fitsAt(d_read, readDay)) end
          if retry > 0 then return { 0, math.ceil(math.max(retry, now + 1000)) } end
        end
        if w_overall + 1 > math.floor(overall15 * share) or (isRead and w_read + 1 > math.floor(read15 * share)) then return { 0, tonumber(ARGV[4]) } end
        local eventShare = tonumber(ARGV[8])
        if eventShare > 0 then
          local w_events = tonumber(redis.call('HGET', KEYS[2], 'events') or '0')
          local d_events = tonumber(redis.call('HGET', KEYS[3], 'events') or '0')
          if d_events + 1 > math.floor(readDay * eventShare) then return { 0, dayEnd, 1 } end
          if w_events + 1 > math.floor(read15 * eventShare) then return { 0, tonumber(ARGV[4]), 1 } end
        end
        if ARGV[9] == '1' then return { 1, 0 } end
        if eventShare > 0 then
          redis.call('HINCRBY', KEYS[2], 'events', 1)
          redis.call('HINCRBY', KEYS[3], 'events', 1)
        end
        redis.call('HINCRBY', KEYS[2], 'overall', 1)
        redis.call('HINCRBY', KEYS[3], 'overall', 1)
        if isRead then
          redis.call('HINCRBY', KEYS[2], 'read', 1)
          redis.call('HINCRBY', KEYS[3], 'read', 1)
        end
        -- Kept a minute past the window and the day, as durations: Redis's clock need not agree with ours.
        redis.call('PEXPIRE', KEYS[2], tonumber(ARGV[4]) - now + 60000)
        redis.call('PEXPIRE', KEYS[3], dayEnd - now + 60000)
        return { 1, 0 }
        """;

    // KEYS: limits, window usage, day usage. ARGV: the four limits, then the four usages (-1 when absent).
    // Usage only ever goes up: Strava's count may include requests this budget has not seen.
    private const string ObserveScript = """
        if tonumber(ARGV[1]) >= 0 then
          redis.call('HSET', KEYS[1], 'overall15', ARGV[1], 'overallDay', ARGV[2], 'read15', ARGV[3], 'readDay', ARGV[4])
        end
        local function raise(key, field, value)
          local v = tonumber(value)
          if v >= 0 and v > tonumber(redis.call('HGET', key, field) or '0') then redis.call('HSET', key, field, v) end
        end
        raise(KEYS[2], 'overall', ARGV[5])
        raise(KEYS[3], 'overall', ARGV[6])
        raise(KEYS[2], 'read', ARGV[7])
        raise(KEYS[3], 'read', ARGV[8])
        return 1
        """;

    private const string LimitsKey = "runnerly:strava:budget:limits";
    private const string BlockedKey = "runnerly:strava:budget:blocked-until";

    /// <summary>Reserves one request; when the budget cannot afford it, says when to ask again.</summary>
    public Task<BudgetDecision> ReserveAsync(StravaWork work, bool isRead) => DecideAsync(work, isRead, reserve: true);

    /// <summary>When a read for <paramref name="work"/> could next be sent; null when it could be now. Reserves nothing.</summary>
    public async Task<DateTimeOffset?> NextReadAtAsync(StravaWork work)
    {
        var decision = await DecideAsync(work, isRead: true, reserve: false);
        return decision.IsGranted ? null : decision.RetryAt;
    }

    private async Task<BudgetDecision> DecideAsync(StravaWork work, bool isRead, bool reserve)
    {
        var (now, windowKey, dayKey, windowEnd, dayEnd) = Windows();
        var result = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(ReserveScript,
            [LimitsKey, windowKey, dayKey, BlockedKey],
            [now.ToUnixTimeMilliseconds(), isRead ? 1 : 0, work == StravaWork.Backfill ? BackfillShare : 1.0,
                windowEnd.ToUnixTimeMilliseconds(), dayEnd.ToUnixTimeMilliseconds(),
                work == StravaWork.Backfill ? LiveDailyReserve * (dayEnd - now) / TimeSpan.FromDays(1) : 0.0, LiveDailyReserve,
                work == StravaWork.Event ? EventShare : 0.0, reserve ? 0 : 1]))!;
        return (long)result[0] == 1
            ? BudgetDecision.Granted
            : new BudgetDecision(false, DateTimeOffset.FromUnixTimeMilliseconds((long)result[1]), OnlyThisWork: result.Length > 2 && (long)result[2] == 1);
    }

    /// <summary>Takes the limits and usage Strava reports in an answer's headers; after a 429, returns when sending may resume.</summary>
    public async Task<DateTimeOffset?> ObserveAsync(HttpResponseMessage response)
    {
        var limit = Pair(response, "X-RateLimit-Limit");
        var usage = Pair(response, "X-RateLimit-Usage");
        var readLimit = Pair(response, "X-ReadRateLimit-Limit");
        var readUsage = Pair(response, "X-ReadRateLimit-Usage");
        var limits = limit is not null && readLimit is not null ? (limit.Value.Window, limit.Value.Day, readLimit.Value.Window, readLimit.Value.Day) : (-1, -1, -1, -1);
        var (_, windowKey, dayKey, windowEnd, dayEnd) = Windows();
        var database = redis.GetDatabase();
        await database.ScriptEvaluateAsync(ObserveScript, [LimitsKey, windowKey, dayKey],
        [
            limits.Item1, limits.Item2, limits.Item3, limits.Item4,
            usage?.Window ?? -1, usage?.Day ?? -1, readUsage?.Window ?? -1, readUsage?.Day ?? -1,
        ]);

        if ((int)response.StatusCode == 429)
        {
            // Nothing more until the window resets — or the day, when the daily limit is what was hit.
            var dailyHit = (usage is { } u && limit is { } l && u.Day >= l.Day) || (readUsage is { } ru && readLimit is { } rl && ru.Day >= rl.Day);
            var resetAt = dailyHit ? dayEnd : windowEnd;
            await database.StringSetAsync(BlockedKey, resetAt.ToUnixTimeMilliseconds(), resetAt - clock.GetUtcNow() + TimeSpan.FromMinutes(1));
            return resetAt;
        }

        return null;
    }

    /// <summary>The start of Strava's 15-minute window holding <paramref name="now"/> (windows begin at :00, :15, :30 and :45 UTC).</summary>
    public static DateTimeOffset WindowStart(DateTimeOffset now)
    {
        var utc = now.ToUniversalTime();
        return new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, utc.Minute / 15 * 15, 0, TimeSpan.Zero);
    }

    private (DateTimeOffset Now, string WindowKey, string DayKey, DateTimeOffset WindowEnd, DateTimeOffset DayEnd) Windows()
    {
        var now = clock.GetUtcNow();
        var windowStart = WindowStart(now);
        var dayStart = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        return (now, $"runnerly:strava:budget:window:{windowStart:yyyyMMddHHmm}", $"runnerly:strava:budget:day:{dayStart:yyyyMMdd}",
            windowStart.AddMinutes(15), dayStart.AddDays(1));
    }

    private static (int Window, int Day)? Pair(HttpResponseMessage response, string header)
    {
        if (!response.Headers.TryGetValues(header, out var values))
        {
            return null;
        }

        var parts = values.First().Split(',');
        return parts.Length == 2 && int.TryParse(parts[0], out var window) && int.TryParse(parts[1], out var day) ? (window, day) : null;
    }
}

/// <summary>Whether a request may be sent; if not, when to ask again, and whether only its kind of work is refused (its share is spent).</summary>
internal readonly record struct BudgetDecision(bool IsGranted, DateTimeOffset RetryAt, bool OnlyThisWork = false)
{
    public static readonly BudgetDecision Granted = new(true, default);
}
