using System.Text.Json;
using System.Threading.Channels;
using StackExchange.Redis;

namespace Runnerly.Data.Infrastructure;

/// <summary>
/// Tells whoever listens (open dashboards, caches) that a runner's runs (or profile) changed, on the Redis
/// channel <c>runnerly:runs:{runnerId}</c>. A notice never holds up the write it follows: it is
/// queued and published in the background, each with a short timeout, and a queue Redis cannot
/// keep up with drops its oldest notices. A lost notice costs a refresh, never data: the runs are
/// already committed.
/// </summary>
public sealed partial class RunChangeNotifier(IServiceProvider services, ILogger<RunChangeNotifier> logger) : BackgroundService
{
    public static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(2);
    private const int MaxQueued = 1_000;

    private readonly Channel<(string RunnerId, string Message)> _queue = Channel.CreateBounded<(string, string)>(
        new BoundedChannelOptions(MaxQueued) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    public static RedisChannel ChannelFor(string runnerId) => RedisChannel.Literal($"runnerly:runs:{runnerId}");

    /// <summary>Queues the notice and returns at once.</summary>
    public void RunsChanged(string runnerId, string change, int count = 1) =>
        _queue.Writer.TryWrite((runnerId, JsonSerializer.Serialize(new { change, count })));

    /// <summary>
    /// The runner changed their profile (<c>{"change":"profile","count":0}</c>, on the same channel): the units and the time
    /// zone change how their runs read, so whoever keeps the runs' totals reads them again.
    /// </summary>
    public void ProfileChanged(string runnerId) => RunsChanged(runnerId, "profile", 0);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Connecting to a Redis that does not answer takes its whole connect timeout: never on a request, nor at start-up.
        await Task.Yield();
        var redis = services.GetRequiredService<IConnectionMultiplexer>();
        await foreach (var (runnerId, message) in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            var publish = redis.GetSubscriber().PublishAsync(ChannelFor(runnerId), message);
            try
            {
                await publish.WaitAsync(PublishTimeout, stoppingToken);
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                // Whatever the abandoned publish ends with later is seen here, not as an unobserved task.
                _ = publish.ContinueWith(static task => task.Exception, TaskContinuationOptions.OnlyOnFaulted);
                LogNoticeLost(logger, ex, runnerId);
            }
        }
    }

    [LoggerMessage(LogLevel.Warning, "Could not announce a change to runner {RunnerId}'s runs; listeners catch up on their next refresh")]
    private static partial void LogNoticeLost(ILogger logger, Exception exception, string runnerId);
}
