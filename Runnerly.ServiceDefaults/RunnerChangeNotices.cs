using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Tells whoever listens (the web's caches, open dashboards) that something of a runner's changed, on the Redis channel
/// <c>runnerly:{topic}:{runnerId}</c>; each service announces its own topic. A notice never holds up the write it
/// follows: it is queued and published in the background, each with a short timeout, and a queue Redis cannot keep up
/// with drops its oldest notices. A lost notice costs a listener a refresh (caches keep things a minute at most), never
/// data: the change is already committed.
/// </summary>
public abstract partial class RunnerChangeNotices(string topic, IServiceProvider services, ILogger logger) : BackgroundService
{
    public const string ChannelPrefix = "runnerly:";
    public static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(2);
    private const int MaxQueued = 1_000;

    private readonly Channel<(string RunnerId, string Message)> _queue = Channel.CreateBounded<(string, string)>(
        new BoundedChannelOptions(MaxQueued) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    /// <summary>The channel of <paramref name="runnerId"/>'s notices on <paramref name="topic"/>.</summary>
    public static RedisChannel ChannelFor(string topic, string runnerId) => RedisChannel.Literal($"{ChannelPrefix}{topic}:{runnerId}");

    /// <summary>Queues the notice and returns at once.</summary>
    protected void Publish(string runnerId, string message) => _queue.Writer.TryWrite((runnerId, message));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Connecting to a Redis that does not answer takes its whole connect timeout: never on a request, nor at start-up.
        await Task.Yield();
        var redis = services.GetRequiredService<IConnectionMultiplexer>();
        await foreach (var (runnerId, message) in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            var publish = redis.GetSubscriber().PublishAsync(ChannelFor(topic, runnerId), message);
            try
            {
                await publish.WaitAsync(PublishTimeout, stoppingToken);
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                // Whatever the abandoned publish ends with later is seen here, not as an unobserved task.
                _ = publish.ContinueWith(static task => task.Exception, TaskContinuationOptions.OnlyOnFaulted);
                LogNoticeLost(logger, ex, topic, runnerId);
            }
        }
    }

    [LoggerMessage(LogLevel.Warning, "Could not announce a change to runner {RunnerId}'s {Topic}; listeners catch up on their next refresh")]
    private static partial void LogNoticeLost(ILogger logger, Exception exception, string topic, string runnerId);
}

public static class RunnerChangeNoticesExtensions
{
    /// <summary>The service's <typeparamref name="TNotices"/>, to inject where changes are made, publishing in the background.</summary>
    public static IHostApplicationBuilder AddRunnerChangeNotices<TNotices>(this IHostApplicationBuilder builder) where TNotices : RunnerChangeNotices
    {
        builder.Services.AddSingleton<TNotices>();
        builder.Services.AddHostedService(services => services.GetRequiredService<TNotices>());
        return builder;
    }
}
