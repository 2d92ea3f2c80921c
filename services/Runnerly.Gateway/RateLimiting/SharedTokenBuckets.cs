using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using StackExchange.Redis;

namespace Runnerly.Gateway.RateLimiting;

/// <summary>
/// Token buckets kept in Redis, so every gateway instance draws on the same counters. A call
/// to Redis is one atomic script that takes up to <see cref="TokenBucket.LocalBatch"/> tokens;
/// this instance spends the spare ones itself for up to a second and holds at most one batch.
/// Tokens are only ever spent after Redis gave them, so the shared limit is exceeded by at
/// most one batch per instance and partition. When Redis cannot answer, decisions fall back
/// to per-instance buckets with the same settings for a few seconds, and requests keep flowing.
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
    private readonly ConcurrentDictionary<(string Policy, string Partition), SpareTokens> _spare = new();
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
        var shared = bucket.LocalBatch > 1
            ? await TakeBatchedAsync(policy, partition, bucket)
            : await TakeFromRedisAsync(RedisKey(policy, partition), bucket, wanted: 1) is { } taken ? Decide(taken) : null;
        if (shared is { } decision)
        {
            return decision;
        }

        _metrics.LocalDecision(policy);
        using var lease = _local.AttemptAcquire(new BucketKey(policy, partition, bucket.PermitsPerSecond, bucket.Burst));
        return lease.IsAcquired ? BucketDecision.Allowed
            : BucketDecision.Refused(lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1));
    }

    /// <summary>
    /// Spends a spare token if there is one, asking Redis for the next batch in the background
    /// when half of them are spent. With none left, one caller asks Redis for a batch while the
    /// others arriving meanwhile wait for it and share it.
    /// </summary>
    private async ValueTask<BucketDecision?> TakeBatchedAsync(string policy, string partition, TokenBucket bucket)
    {
        // Most requests end here, on a spare token: no Redis key to format, nothing allocated.
        var spare = _spare.GetOrAdd((policy, partition),
            static (bucketId, batch) => new SpareTokens(batch, RedisKey(bucketId.Policy, bucketId.Partition)), bucket.LocalBatch);
        var key = spare.RedisKey;
        for (var round = 0; round < 4; round++)
        {
            var (took, prefetch, topUp) = spare.TryTake(Now());
            if (took)
            {
                if (prefetch is not null)
                {
                    _ = RefillAsync(spare, prefetch, key, bucket, topUp, callerTakesOne: false);
                }

                return BucketDecision.Allowed;
            }

            var (refill, isMine) = spare.JoinRefill();
            if (isMine)
            {
                return await RefillAsync(spare, refill, key, bucket, bucket.LocalBatch, callerTakesOne: true) is { } mine ? Decide(mine) : null;
            }

            var outcome = await refill.Task;
            if (outcome is not { Count: > 0 })
            {
                return outcome is { } refused ? Decide(refused) : null;
            }
        }

        // Too many callers for the batches: take a token of one's own.
        return await TakeFromRedisAsync(key, bucket, wanted: 1) is { } single ? Decide(single) : null;
    }

    private async Task<TakenTokens?> RefillAsync(SpareTokens spare, TaskCompletionSource<TakenTokens?> refill, string key, TokenBucket bucket,
        int wanted, bool callerTakesOne)
    {
        TakenTokens? taken = null;
        try
        {
            taken = await TakeFromRedisAsync(key, bucket, wanted);
            if (taken is { Count: > 0 } batch)
            {
                spare.Add(batch.Count - (callerTakesOne ? 1 : 0), Now() + (long)SpareTokensLifetime.TotalMilliseconds);
            }
        }
        finally
        {
            // Whatever happened, the callers waiting for this refill must be released.
            spare.CompleteRefill(refill, taken);
        }

        return taken;
    }

    /// <summary>Tokens taken from the shared bucket, or null when Redis cannot be asked now.</summary>
    private async Task<TakenTokens?> TakeFromRedisAsync(string key, TokenBucket bucket, int wanted)
    {
        var now = Now();
        if (!_redis.IsConnected || now < Interlocked.Read(ref _redisPausedUntil))
        {
            return null;
        }

        try
        {
            var result = (RedisResult[])(await _redis.GetDatabase().ScriptEvaluateAsync(TakeScript,
                [key], [bucket.PermitsPerSecond, bucket.Burst, now, wanted]))!;
            return new TakenTokens((int)result[0], TimeSpan.FromMilliseconds((long)result[1]));
        }
        catch (Exception e)
        {
            // Any failure (timeouts, lost connections, a server refusing the script) means: decide locally for a while.
            Interlocked.Exchange(ref _redisPausedUntil, Now() + (long)RedisPause.TotalMilliseconds);
            _logger.LogWarning(e, "Redis did not answer; rate limits are per instance for the next {Pause}", RedisPause);
            return null;
        }
    }

    private static string RedisKey(string policy, string partition) => $"runnerly:gateway:{policy}:{partition}";

    private static BucketDecision Decide(TakenTokens taken) =>
        taken.Count > 0 ? BucketDecision.Allowed : BucketDecision.Refused(taken.RetryAfter);

    private long Now() => _clock.GetUtcNow().ToUnixTimeMilliseconds();

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
            if (spare.TryRetire(now))
            {
                _spare.TryRemove(KeyValuePair.Create(key, spare));
            }
        }
    }

    private static TokenBucketRateLimiterOptions LocalBucketOptions(BucketKey key)
    {
        // Whole tokens per period, the period sized so the average rate is exact (25/s: 25 each second; 0.2/s: 1 each 5 s).
        var tokensPerPeriod = Math.Max(1, (int)key.PermitsPerSecond);
        return new TokenBucketRateLimiterOptions
        {
            TokenLimit = key.Burst,
            TokensPerPeriod = tokensPerPeriod,
            ReplenishmentPeriod = TimeSpan.FromSeconds(tokensPerPeriod / key.PermitsPerSecond),
            AutoReplenishment = false,
            QueueLimit = 0,
        };
    }

    private readonly record struct TakenTokens(int Count, TimeSpan RetryAfter);

    private readonly record struct BucketKey(string Policy, string Partition, double PermitsPerSecond, int Burst);

    /// <summary>Tokens Redis gave this instance and no request has spent yet, spendable until they expire.</summary>
    private sealed class SpareTokens(int batch, string redisKey)
    {
        private readonly Lock _lock = new();
        private int _count;
        private long _expiresAt;
        private TaskCompletionSource<TakenTokens?>? _refill;
        private bool _retired;

        public string RedisKey { get; } = redisKey;

        /// <summary>The refill under way, or a new one the caller must run (and complete).</summary>
        public (TaskCompletionSource<TakenTokens?> Refill, bool IsMine) JoinRefill()
        {
            lock (_lock)
            {
                if (_refill is not null)
                {
                    return (_refill, false);
                }

                _refill = new TaskCompletionSource<TakenTokens?>(TaskCreationOptions.RunContinuationsAsynchronously);
                return (_refill, true);
            }
        }

        public void CompleteRefill(TaskCompletionSource<TakenTokens?> refill, TakenTokens? taken)
        {
            lock (_lock)
            {
                _refill = null;
            }

            refill.TrySetResult(taken);
        }

        /// <summary>
        /// Takes a token if there is one; with half the batch spent, also hands out a refill to run
        /// in the background, for as many tokens as bring the spare ones back to one batch.
        /// </summary>
        public (bool Took, TaskCompletionSource<TakenTokens?>? Prefetch, int TopUp) TryTake(long now)
        {
            lock (_lock)
            {
                if (_retired || _count == 0 || now >= _expiresAt)
                {
                    return (false, null, 0);
                }

                _count--;
                if (_count > batch / 2 || _refill is not null)
                {
                    return (true, null, 0);
                }

                _refill = new TaskCompletionSource<TakenTokens?>(TaskCreationOptions.RunContinuationsAsynchronously);
                return (true, _refill, batch - _count);
            }
        }

        public void Add(int count, long expiresAt)
        {
            lock (_lock)
            {
                // Refills ask for no more than fits, so this only bites after the batch size is lowered.
                _count = _retired ? 0 : Math.Min(batch, _count + count);
                _expiresAt = expiresAt;
            }
        }

        /// <summary>
        /// Retires the entry once its tokens have expired and no refill is under way. A retired
        /// entry gives and keeps nothing, so callers still holding it cannot spend a second batch.
        /// </summary>
        public bool TryRetire(long now)
        {
            lock (_lock)
            {
                _retired = _refill is null && now >= _expiresAt;
                return _retired;
            }
        }
    }
}

internal readonly record struct BucketDecision(bool IsAllowed, TimeSpan RetryAfter)
{
    public static readonly BucketDecision Allowed = new(true, TimeSpan.Zero);

    public static BucketDecision Refused(TimeSpan retryAfter) => new(false, retryAfter);
}
