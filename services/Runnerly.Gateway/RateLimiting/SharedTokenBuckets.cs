using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using StackExchange.Redis;

namespace Runnerly.Gateway.RateLimiting;

/// <summary>
/// Token buckets kept in Redis, so every gateway instance draws on the same counters. A call
/// to Redis is one atomic script that takes a token for each request waiting on this instance
/// and up to <see cref="TokenBucket.LocalBatch"/> more; this instance spends the spare ones
/// itself for up to a second and holds at most one batch. Tokens are only ever spent after
/// Redis gave them, so the shared limit is exceeded by at most one batch per instance and
/// partition. When Redis cannot answer, decisions fall back to per-instance buckets with the
/// same settings for a few seconds, and requests keep flowing.
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
        if taken < wanted then
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
            : await TakeFromRedisAsync(policy, RedisKey(policy, partition), bucket, wanted: 1) is { } taken ? Decide(taken) : null;
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
    /// when half of them are spent. With none left, the caller waits for the refill under way (or
    /// starts one): a refill first hands its tokens to the callers waiting for it, in turn, and is
    /// sized to them, so no caller races others for a token and each Redis call serves them all.
    /// </summary>
    private async ValueTask<BucketDecision?> TakeBatchedAsync(string policy, string partition, TokenBucket bucket)
    {
        // Most requests end here, on a spare token: no Redis key to format, nothing allocated.
        var spare = _spare.GetOrAdd((policy, partition),
            static (bucketId, batch) => new SpareTokens(batch, RedisKey(bucketId.Policy, bucketId.Partition)), bucket.LocalBatch);
        var (decided, waiting, refill) = spare.Take(Now());
        if (refill > 0)
        {
            _ = RefillAsync(spare, policy, bucket, refill);
        }

        if (decided is { } decision)
        {
            return decision;
        }

        if (waiting is not null)
        {
            return await waiting;
        }

        // The sweeper retired this entry a moment ago: take a token of one's own.
        return await TakeFromRedisAsync(policy, spare.RedisKey, bucket, wanted: 1) is { } single ? Decide(single) : null;
    }

    /// <summary>Runs refills for the entry until no caller is left waiting for one.</summary>
    private async Task RefillAsync(SpareTokens spare, string policy, TokenBucket bucket, int wanted)
    {
        List<WaiterAnswer>? answers = null;
        while (wanted > 0)
        {
            TakenTokens? taken = null;
            try
            {
                taken = await TakeFromRedisAsync(policy, spare.RedisKey, bucket, wanted);
            }
            finally
            {
                // Whatever happened, the callers waiting for this refill must be answered. They go on here, one after
                // the other, up to their next wait (forwarding the request): one thread for all of them instead of a
                // thread-pool item each, and outside the lock, so a caller taking the next token finds it free.
                wanted = spare.CompleteRefill(wanted, taken, Now(), ref answers);
                if (answers is not null)
                {
                    foreach (var (waiter, decision) in answers)
                    {
                        waiter.TrySetResult(decision);
                    }

                    answers.Clear();
                }
            }
        }
    }

    /// <summary>Tokens taken from the shared bucket, or null when Redis cannot be asked now.</summary>
    private async Task<TakenTokens?> TakeFromRedisAsync(string policy, string key, TokenBucket bucket, int wanted)
    {
        var now = Now();
        if (!_redis.IsConnected || now < Interlocked.Read(ref _redisPausedUntil))
        {
            return null;
        }

        _metrics.RedisCall(policy);
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

    /// <summary>A caller waiting for a refill and its answer: a decision, or null to decide on this instance.</summary>
    private readonly record struct WaiterAnswer(TaskCompletionSource<BucketDecision?> Waiter, BucketDecision? Decision);

    private readonly record struct BucketKey(string Policy, string Partition, double PermitsPerSecond, int Burst);

    /// <summary>
    /// Tokens Redis gave this instance and no request has spent yet, spendable until they expire,
    /// the callers waiting for the refill under way (there is one whenever a caller waits), and until
    /// when the shared bucket is known to be empty.
    /// </summary>
    private sealed class SpareTokens(int batch, string redisKey)
    {
        private readonly Lock _lock = new();
        private readonly Queue<TaskCompletionSource<BucketDecision?>> _waiting = new();
        private int _count;
        private long _expiresAt;
        private long _emptyUntil;
        private bool _refilling;
        private bool _retired;

        public string RedisKey { get; } = redisKey;

        /// <summary>
        /// Takes a spare token; or refuses, while the shared bucket is known to be empty (Redis said when its next
        /// token comes, and no instance can add one sooner: a flood is refused here, without a call); or else gives a
        /// place in the queue for the next refill. Also says how many tokens a refill the caller must start should
        /// ask for (0: none to start): enough for the callers waiting and a batch to spare, or a top-up once half the
        /// batch is spent. Neither a decision nor a place: the entry is retired.
        /// </summary>
        public (BucketDecision? Decided, Task<BucketDecision?>? Waiting, int Refill) Take(long now)
        {
            lock (_lock)
            {
                if (_retired)
                {
                    return (null, null, 0);
                }

                if (now >= _expiresAt)
                {
                    _count = 0;
                }

                if (_count > 0)
                {
                    _count--;
                    return (BucketDecision.Allowed, null, _refilling || _count > batch / 2 || now < _emptyUntil ? 0 : StartRefill(batch - _count));
                }

                if (now < _emptyUntil)
                {
                    return (BucketDecision.Refused(TimeSpan.FromMilliseconds(_emptyUntil - now)), null, 0);
                }

                var waiter = new TaskCompletionSource<BucketDecision?>();
                _waiting.Enqueue(waiter);
                return (null, waiter.Task, _refilling ? 0 : StartRefill(_waiting.Count + batch));
            }
        }

        /// <summary>
        /// Hands the tokens of a refill to the callers waiting, in turn (their answers added to
        /// <paramref name="answers"/>, created when there is one, for the caller to give once the lock is released), and keeps the rest.
        /// Returns the size of the next refill to run when callers are still waiting and Redis had
        /// every token asked for (0 otherwise). When it had fewer, the bucket is empty and the
        /// callers left are refused; when Redis did not answer, they decide locally.
        /// </summary>
        public int CompleteRefill(int wanted, TakenTokens? taken, long now, ref List<WaiterAnswer>? answers)
        {
            lock (_lock)
            {
                if (taken is { } some && some.Count < wanted)
                {
                    _emptyUntil = now + (long)some.RetryAfter.TotalMilliseconds;
                }

                var left = taken?.Count ?? 0;
                while (left > 0 && _waiting.TryDequeue(out var waiter))
                {
                    (answers ??= []).Add(new WaiterAnswer(waiter, BucketDecision.Allowed));
                    left--;
                }

                if (_waiting.Count > 0 && taken is { } full && full.Count == wanted)
                {
                    return _waiting.Count + batch;
                }

                while (_waiting.TryDequeue(out var waiter))
                {
                    (answers ??= []).Add(new WaiterAnswer(waiter, taken is { } refused ? BucketDecision.Refused(refused.RetryAfter) : null));
                }

                _refilling = false;
                if (left > 0)
                {
                    // Refills ask for no more than fits, so the cap only bites after the batch size is lowered.
                    _count = Math.Min(batch, _count + left);
                    _expiresAt = now + (long)SpareTokensLifetime.TotalMilliseconds;
                }

                return 0;
            }
        }

        /// <summary>
        /// Retires the entry once its tokens have expired, the bucket may hold tokens again and no refill is under way. A retired
        /// entry gives and keeps nothing, so callers still holding it cannot spend a second batch.
        /// </summary>
        public bool TryRetire(long now)
        {
            lock (_lock)
            {
                _retired = !_refilling && now >= _expiresAt && now >= _emptyUntil;
                return _retired;
            }
        }

        private int StartRefill(int wanted)
        {
            _refilling = true;
            return wanted;
        }
    }
}

internal readonly record struct BucketDecision(bool IsAllowed, TimeSpan RetryAfter)
{
    public static readonly BucketDecision Allowed = new(true, TimeSpan.Zero);

    public static BucketDecision Refused(TimeSpan retryAfter) => new(false, retryAfter);
}
