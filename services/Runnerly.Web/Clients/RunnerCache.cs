using System.Collections.Concurrent;
using Microsoft.Extensions.Caching.Memory;
using StackExchange.Redis;

namespace Runnerly.Web.Clients;

/// <summary>
/// What the dashboard read for a runner (their numbers from the data service; their fitness, week of plan and next race
/// from training; their Strava link's status), kept until a service says something of the runner's changed — a notice
/// on the Redis channel <c>runnerly:{topic}:{runnerId}</c> of one of <see cref="Topics"/> drops the runner's entry — or,
/// at the latest, <see cref="MaxAge"/> after it was read, for a notice a service could not publish. Nothing is kept
/// while this replica is not subscribed (Redis down or reconnecting): a notice it cannot hear would leave an entry
/// stale. Values carry the day they are for and the reader checks it, as totals, fitness and plans move on at the
/// runner's midnight.
/// </summary>
public sealed class RunnerCache : IDisposable
{
    /// <summary>The data service's (runs and profile), training's (races and plans) and Strava's (the link).</summary>
    public static readonly IReadOnlyList<string> Topics = ["runs", "training", "strava"];

    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(1);

    /// <summary>How far two replicas' clocks may disagree: an entry begun less than this after a change is not trusted with it.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(1);
    public const int MaxRunners = 10_000;

    private readonly MemoryCache _entries;
    private readonly TimeProvider _time;
    private volatile bool _listening;

    public RunnerCache(TimeProvider time)
    {
        _time = time;
        _entries = new MemoryCache(new MemoryCacheOptions { SizeLimit = MaxRunners, Clock = new SystemClockFrom(time) });
    }

    /// <summary>True while this replica hears the data service's notices, and so may keep what it reads.</summary>
    public bool IsListening => _listening;

    /// <summary>
    /// The runner's entry, to read from and to keep what was read in; null while notices cannot be heard. Take it
    /// before reading from the services: a notice that arrives during the read drops this entry, so what the read
    /// keeps in it is never seen. <paramref name="lastChange"/>: when the runner last changed something (through any
    /// replica, by their browser's stamp); an entry begun before that, give or take <see cref="ClockSkew"/>, is replaced.
    /// </summary>
    public Entry? For(string runnerId, DateTimeOffset? lastChange = null)
    {
        if (!_listening)
        {
            return null;
        }

        if (lastChange is { } changed && _entries.TryGetValue(runnerId, out Entry? kept) && kept!.Begun - ClockSkew < changed)
        {
            _entries.Remove(runnerId);
        }

        return _entries.GetOrCreate(runnerId, entry =>
        {
            entry.Size = 1;
            entry.AbsoluteExpirationRelativeToNow = MaxAge;
            return new Entry(_time.GetUtcNow());
        });
    }

    /// <summary>Something of the runner's changed: what was kept for them is read again.</summary>
    public void Changed(string runnerId) => _entries.Remove(runnerId);

    /// <summary>A notice on <paramref name="channel"/> (<c>runnerly:{topic}:{runnerId}</c>).</summary>
    public void Notice(RedisChannel channel)
    {
        var name = channel.ToString().AsSpan();
        if (name.StartsWith(RunnerChangeNotices.ChannelPrefix, StringComparison.Ordinal)
            && name[RunnerChangeNotices.ChannelPrefix.Length..] is var rest && rest.IndexOf(':') is > 0 and var colon
            && colon < rest.Length - 1 && Topics.Contains(rest[..colon].ToString()))
        {
            Changed(rest[(colon + 1)..].ToString());
        }
    }

    /// <summary>Subscribed (again): start keeping, from an empty cache, as notices may have been missed.</summary>
    public void Listening()
    {
        _entries.Clear();
        _listening = true;
    }

    /// <summary>The subscription is lost: keep nothing and forget everything.</summary>
    public void Deaf()
    {
        _listening = false;
        _entries.Clear();
    }

    public void Dispose() => _entries.Dispose();

    /// <summary>One runner's values by name; each value says which of the runner's days it holds for, and the reader checks.</summary>
    public sealed class Entry(DateTimeOffset begun)
    {
        /// <summary>When the entry was made: what it keeps was read after that.</summary>
        public DateTimeOffset Begun { get; } = begun;

        private readonly ConcurrentDictionary<string, object> _values = new();
        private readonly ConcurrentDictionary<string, SemaphoreSlim> _readers = new();

        public T? Get<T>(string name) where T : class => _values.TryGetValue(name, out var value) ? value as T : null;

        public void Keep<T>(string name, T value) where T : class => _values[name] = value;

        /// <summary>
        /// The value kept under <paramref name="name"/> while <paramref name="current"/> says it still holds; otherwise
        /// <paramref name="read"/>s it, one request at a time: loads arriving together (a runner's tabs, a new entry after
        /// <see cref="MaxAge"/>) wait for the first one's read and take what it kept, instead of each reading everything.
        /// Each request reads with its own credentials; a read that fails or is not <paramref name="worthKeeping"/> leaves
        /// the next one to read again.
        /// </summary>
        public async Task<T> ReadOnceAsync<T>(
            string name, Func<T, bool> current, Func<Task<T>> read, Func<T, bool> worthKeeping, CancellationToken cancellationToken) where T : class
        {
            if (Get<T>(name) is { } kept && current(kept))
            {
                return kept;
            }

            var reader = _readers.GetOrAdd(name, _ => new SemaphoreSlim(1, 1));
            await reader.WaitAsync(cancellationToken);
            try
            {
                if (Get<T>(name) is { } meanwhile && current(meanwhile))
                {
                    return meanwhile;
                }

                var value = await read();
                if (worthKeeping(value))
                {
                    Keep(name, value);
                }

                return value;
            }
            finally
            {
                reader.Release();
            }
        }
    }

#pragma warning disable CS0618 // MemoryCacheOptions.Clock takes the older ISystemClock
    private sealed class SystemClockFrom(TimeProvider time) : Microsoft.Extensions.Internal.ISystemClock
    {
        public DateTimeOffset UtcNow => time.GetUtcNow();
    }
#pragma warning restore CS0618
}

/// <summary>Subscribes the <see cref="RunnerCache"/> to every runner's change notices (one pattern subscription per topic and replica).</summary>
internal sealed partial class RunChangeListener(IServiceProvider services, RunnerCache cache, ILogger<RunChangeListener> logger) : BackgroundService
{
    private readonly TaskCompletionSource _subscribed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Done once the first subscription is in place.</summary>
    public Task Subscribed => _subscribed.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Connecting to a Redis that does not answer takes its whole connect timeout: not at start-up.
        await Task.Yield();
        var redis = services.GetRequiredService<IConnectionMultiplexer>();
        var subscriber = redis.GetSubscriber();
        redis.ConnectionFailed += (_, e) =>
        {
            if (e.ConnectionType == ConnectionType.Subscription)
            {
                cache.Deaf();
            }
        };
        redis.ConnectionRestored += (_, e) =>
        {
            if (e.ConnectionType == ConnectionType.Subscription)
            {
                // The client subscribes again on the new connection; a round trip on it after that, then keep again.
                _ = Task.Run(async () =>
                {
                    try
                    {
                        await subscriber.PingAsync();
                        cache.Listening();
                    }
                    catch (Exception ex) when (ex is RedisException or TimeoutException)
                    {
                        LogNotListening(logger, ex);
                    }
                });
            }
        };

        var subscribed = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                for (; subscribed < RunnerCache.Topics.Count; subscribed++)
                {
                    var pattern = RedisChannel.Pattern($"{RunnerChangeNotices.ChannelPrefix}{RunnerCache.Topics[subscribed]}:*");
                    await subscriber.SubscribeAsync(pattern, (channel, _) => cache.Notice(channel));
                }

                cache.Listening();
                _subscribed.TrySetResult();
                return;
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                LogNotListening(logger, ex);
                await Task.Delay(TimeSpan.FromSeconds(5), stoppingToken);
            }
        }
    }

    [LoggerMessage(LogLevel.Warning, "Not subscribed to the runners' change notices; the dashboard reads everything on each load until it is")]
    private static partial void LogNotListening(ILogger logger, Exception exception);
}
