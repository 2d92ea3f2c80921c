using System.Threading.RateLimiting;
using Runnerly.Gateway.RateLimiting;
using StackExchange.Redis;

namespace Runnerly.Gateway.Infrastructure;

/// <summary>
/// Token buckets kept in Redis, so every gateway instance draws on the same counters. Each
/// decision is one atomic script call. When Redis cannot answer, decisions fall back to
/// per-instance buckets with the same settings for a few seconds, and requests keep flowing.
/// </summary>
internal sealed class SharedTokenBuckets(IConnectionMultiplexer redis, TimeProvider clock, GatewayMetrics metrics,
    ILogger<SharedTokenBuckets> logger) : IDisposable
{
    // Refill by elapsed time, take one token if there is one, and say how long until the next.
    // The callers' clocks may differ slightly: time never runs backwards for a bucket.
    private const string TakeScript = """
        local rate = tonumber(ARGV[1])
        local burst = tonumber(ARGV[2])
        local now = tonumber(ARGV[3])
        local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
        local tokens = tonumber(state[1]) or burst
        local at = tonumber(state[2]) or now
        if now > at then
          tokens = math.min(burst, tokens + (now - at) * rate / 1000)
          at = now
        end
        local taken = 0
        local wait = 0
        if tokens >= 1 then
          tokens = tokens - 1
          taken = 1
        else
          wait = math.ceil((1 - tokens) * 1000 / rate)
        end
        redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(at))
        redis.call('PEXPIRE', KEYS[1], math.ceil(burst * 1000 / rate) + 1000)
        return { taken, wait }
        """;

    private static readonly TimeSpan RedisPause = TimeSpan.FromSeconds(5);

    private readonly PartitionedRateLimiter<BucketKey> _local = PartitionedRateLimiter.Create<BucketKey, BucketKey>(
        key => RateLimitPartition.GetTokenBucketLimiter(key, LocalBucketOptions));

    private long _redisPausedUntil;

    public async ValueTask<BucketDecision> TakeAsync(string policy, string partition, TokenBucket bucket)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        if (redis.IsConnected && now >= Interlocked.Read(ref _redisPausedUntil))
        {
            try
            {
                var result = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(TakeScript,
                    [$"runnerly:gateway:{policy}:{partition}"], [bucket.PermitsPerSecond, bucket.Burst, now]))!;
                return (long)result[0] == 1 ? BucketDecision.Allowed : BucketDecision.Refused(TimeSpan.FromMilliseconds((long)result[1]));
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                Interlocked.Exchange(ref _redisPausedUntil, now + (long)RedisPause.TotalMilliseconds);
                logger.LogWarning(e, "Redis did not answer; rate limits are per instance for the next {Pause}", RedisPause);
            }
        }

        metrics.LocalDecision(policy);
        using var lease = _local.AttemptAcquire(new BucketKey(policy, partition, bucket.PermitsPerSecond, bucket.Burst));
        return lease.IsAcquired ? BucketDecision.Allowed
            : BucketDecision.Refused(lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1));
    }

    public void Dispose() => _local.Dispose();

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
}

internal readonly record struct BucketDecision(bool IsAllowed, TimeSpan RetryAfter)
{
    public static readonly BucketDecision Allowed = new(true, TimeSpan.Zero);

    public static BucketDecision Refused(TimeSpan retryAfter) => new(false, retryAfter);
}
