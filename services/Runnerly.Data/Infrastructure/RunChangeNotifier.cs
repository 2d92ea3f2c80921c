using System.Text.Json;
using StackExchange.Redis;

namespace Runnerly.Data.Infrastructure;

/// <summary>The runner's runs (or profile) changed: <c>{"change":"created","count":1}</c> on <c>runnerly:runs:{runnerId}</c>.</summary>
public sealed class RunChangeNotifier(IServiceProvider services, ILogger<RunChangeNotifier> logger) : RunnerChangeNotices(Topic, services, logger)
{
    public const string Topic = "runs";

    public static RedisChannel ChannelFor(string runnerId) => ChannelFor(Topic, runnerId);

    /// <summary>Queues the notice and returns at once.</summary>
    public void RunsChanged(string runnerId, string change, int count = 1) => Publish(runnerId, JsonSerializer.Serialize(new { change, count }));

    /// <summary>
    /// The runner changed their profile (<c>{"change":"profile","count":0}</c>, on the same channel): the units and the time
    /// zone change how their runs read, so whoever keeps the runs' totals reads them again.
    /// </summary>
    public void ProfileChanged(string runnerId) => RunsChanged(runnerId, "profile", 0);
}
