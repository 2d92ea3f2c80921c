using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Runnerly.Gateway.RateLimiting;
using StackExchange.Redis;

namespace Runnerly.Gateway.Infrastructure;

/// <summary>
/// Token buckets kept in Redis, so every gateway instance draws on the same counters. A call
/// to Redis is one atomic script that takes up to <see cref="TokenBucket.LocalBatch"/> tokens;
/// this instance spends the spare ones itself for up to a second. Tokens are only ever spent
/// after Redis gave them, so the shared limit is exceeded by at most (batch − 1) tokens per
/// instance and partition. When Redis cannot answer, decisions fall back to per-instance
/// buckets with the same settings for a few seconds, and requests keep flowing.
/// </summary>
internal sealed class SharedTokenBuckets : IDisposable
{
    // Refill by elapsed time, then take as many of the wanted tokens as there are.
    // The callers' clocks may differ slightly: time never runs backwards for a bucket.
    private const string TakeScript = """
        local rate = tonumber(ARGV[1])
        local burst = tonumber(ARGV[2])
        local now = tonumber(ARGV[3])
        local wanted = tonumber(ARGV[4])
        local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
        local tokens = tonumber(state[1]) or burst
        local at = tonumber(state[2]) or now
        if now > at then
          tokens = math.min(burst, tokens + (now - at) * rate / 1000)
          at = now
        end
        local taken = math.min(wanted, math.floor(tokens))
        tokens = tokens - taken
        local wait = 0
        if taken == 0 then
          wait = math.ceil((1 - tokens) * 1000 / rate)
        end
        redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(at))
        redis.call('PEXPIRE', KEYS[1], math.ceil(burst * 1000 / rate) + 1000)
        return { taken, wait }
        """;

    private static readonly TimeSpan RedisPause = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan SpareTokensLifetime = TimeSpan.FromSeconds(1);

    private readonly IConnectionMultiplexer _redis;
    private readonly TimeProvider _clock;
    private readonly GatewayMetrics _metrics;
    private readonly ILogger<SharedTokenBuckets> _logger;
    private readonly ConcurrentDictionary<string, SpareTokens> _spare = new();
    private readonly ITimer _sweeper;
    private readonly PartitionedRateLimiter<BucketKey> _local = PartitionedRateLimiter.Create<BucketKey, BucketKey>(
        key => RateLimitPartition.GetTokenBucketLimiter(key, LocalBucketOptions));

    private long _redisPausedUntil;

    public SharedTokenBuckets(IConnectionMultiplexer redis, TimeProvider clock, GatewayMetrics metrics, ILogger<SharedTokenBuckets> logger)
    {
        (_redis, _clock, _metrics, _logger) = (redis, clock, metrics, logger);
        _sweeper = clock.CreateTimer(_ => SweepSpareTokens(), null, SpareTokensLifetime, SpareTokensLifetime);
    }

    public async ValueTask<BucketDecision> TakeAsync(string policy, string partition, TokenBucket bucket)
    {
        var now = _clock.GetUtcNow().ToUnixTimeMilliseconds();
        var key = $"runnerly:gateway:{policy}:{partition}";
        if (bucket.LocalBatch > 1 && _spare.TryGetValue(key, out var spare) && spare.TryTake(now))
        {
            return BucketDecision.Allowed;
        }

        if (_redis.IsConnected && now >= Interlocked.Read(ref _redisPausedUntil))
        {
            try
            {
                var result = (RedisResult[])(await _redis.GetDatabase().ScriptEvaluateAsync(TakeScript,
                    [key], [bucket.PermitsPerSecond, bucket.Burst, now, bucket.LocalBatch]))!;
                var taken = (int)result[0];
                if (taken == 0)
                {
                    return BucketDecision.Refused(TimeSpan.FromMilliseconds((long)result[1]));
                }

                if (taken > 1)
                {
                    _spare.GetOrAdd(key, _ => new SpareTokens()).Add(taken - 1, bucket.LocalBatch - 1,
                        now + (long)SpareTokensLifetime.TotalMilliseconds);
                }

                return BucketDecision.Allowed;
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                Interlocked.Exchange(ref _redisPausedUntil, now + (long)RedisPause.TotalMilliseconds);
                _logger.LogWarning(e, "Redis did not answer; rate limits are per instance for the next {Pause}", RedisPause);
            }
        }

        _metrics.LocalDecision(policy);
        using var lease = _local.AttemptAcquire(new BucketKey(policy, partition, bucket.PermitsPerSecond, bucket.Burst));
        return lease.IsAcquired ? BucketDecision.Allowed
            : BucketDecision.Refused(lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1));
    }

    public void Dispose()
    {
        _sweeper.Dispose();
        _local.Dispose();
    }

    private void SweepSpareTokens()
    {
        var now = _clock.GetUtcNow().ToUnixTimeMilliseconds();
        foreach (var (key, spare) in _spare)
        {
            if (spare.HasExpired(now))
            {
                _spare.TryRemove(KeyValuePair.Create(key, spare));
            }
        }
    }

    private static TokenBucketRateLimiterOptions LocalBucketOptions(BucketKey key)
    {
        // The partitioned limiter refills every 100 ms; slower buckets get one token per period.
        var fast = key.PermitsPerSecond >= 10;
        return new TokenBucketRateLimiterOptions
        {
            TokenLimit = key.Burst,
            TokensPerPeriod = fast ? (int)Math.Round(key.PermitsPerSecond / 10) : 1,
            ReplenishmentPeriod = fast ? TimeSpan.FromMilliseconds(100) : TimeSpan.FromSeconds(1 / key.PermitsPerSecond),
            AutoReplenishment = false,
            QueueLimit = 0,
        };
    }

    private readonly record struct BucketKey(string Policy, string Partition, double PermitsPerSecond, int Burst);

    /// <summary>Tokens Redis gave this instance beyond the one it asked for, spendable until they expire.</summary>
    private sealed class SpareTokens
    {
        private readonly Lock _lock = new();
        private int _count;
        private long _expiresAt;

        public bool TryTake(long now)
        {
            lock (_lock)
            {
                if (_count == 0 || now >= _expiresAt)
                {
                    return false;
                }

                _count--;
                return true;
            }
        }

        public void Add(int count, int max, long expiresAt)
        {
            lock (_lock)
            {
                // Never hold more than one batch: extra tokens from concurrent refills go unused.
                _count = Math.Min(max, _count + count);
                _expiresAt = expiresAt;
            }
        }

        public bool HasExpired(long now)
        {
            lock (_lock)
            {
                return now >= _expiresAt;
            }
        }
    }
}

internal readonly record struct BucketDecision(bool IsAllowed, TimeSpan RetryAfter)
{
    public static readonly BucketDecision Allowed = new(true, TimeSpan.Zero);

    public static BucketDecision Refused(TimeSpan retryAfter) => new(false, retryAfter);
}
