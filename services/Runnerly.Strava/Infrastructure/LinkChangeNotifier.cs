namespace Runnerly.Strava.Infrastructure;

/// <summary>
/// A runner's Strava link may read differently (linked, imported more, synced, a problem, disconnected):
/// <c>{"change":"link"}</c> on <c>runnerly:strava:{runnerId}</c>.
/// </summary>
public sealed class LinkChangeNotifier(IServiceProvider services, ILogger<LinkChangeNotifier> logger) : RunnerChangeNotices(Topic, services, logger)
{
    public const string Topic = "strava";

    /// <summary>Queues the notice and returns at once.</summary>
    public void Changed(string runnerId) => Publish(runnerId, """{"change":"link"}""");
}
