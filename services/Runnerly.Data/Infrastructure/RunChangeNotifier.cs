using System.Text.Json;
using StackExchange.Redis;

namespace Runnerly.Data.Infrastructure;

/// <summary>
/// Tells whoever listens (open dashboards, caches) that a runner's runs changed, on the Redis
/// channel <c>runnerly:runs:{runnerId}</c>. A lost notice costs a refresh, never data: the runs
/// are already committed, so a Redis failure is logged and ignored.
/// </summary>
public sealed class RunChangeNotifier(IConnectionMultiplexer redis, ILogger<RunChangeNotifier> logger)
{
    public static RedisChannel ChannelFor(string runnerId) => RedisChannel.Literal($"runnerly:runs:{runnerId}");

    public async Task RunsChangedAsync(string runnerId, string change, int count = 1)
    {
        try
        {
            var message = JsonSerializer.Serialize(new { change, count });
            await redis.GetSubscriber().PublishAsync(ChannelFor(runnerId), message);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            logger.LogWarning(ex, "Could not announce a change to runner {RunnerId}'s runs", runnerId);
        }
    }
}
