using System.Runtime.CompilerServices;
using System.Security.Claims;
using Runnerly.Web.Clients;
using StackExchange.Redis;

namespace Runnerly.Web.Apis;

/// <summary>What an open dashboard listens to, so it updates in place when the runner's runs change.</summary>
internal static class RunChangesApi
{
    public static void MapRunChangesApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/dashboard/changes", RunChanges).RequireAuthorization();

    /// <summary>
    /// Server-sent events: a notice each time the data service says the runner's runs changed
    /// (its Redis channel <c>runnerly:runs:{id}</c>), and a comment every 15 s to keep the line open.
    /// </summary>
    private static IResult RunChanges(ClaimsPrincipal runner, IConnectionMultiplexer redis, IHostApplicationLifetime lifetime, CancellationToken cancellationToken)
    {
        var channel = RunnerChangeNotices.ChannelFor("runs", runner.RunnerId());
        return TypedResults.ServerSentEvents(NoticesAsync(redis.GetSubscriber(), channel, cancellationToken, lifetime.ApplicationStopping), eventType: "runs-changed");
    }

    private static async IAsyncEnumerable<string> NoticesAsync(ISubscriber subscriber, RedisChannel channel, [EnumeratorCancellation] CancellationToken cancellationToken,
        CancellationToken stopping)
    {
        using var open = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stopping);
        // This page's own queue: unsubscribing it leaves the runner's other tabs subscribed.
        var notices = await subscriber.SubscribeAsync(channel);
        try
        {
            while (!open.IsCancellationRequested)
            {
                using var keepAlive = CancellationTokenSource.CreateLinkedTokenSource(open.Token);
                keepAlive.CancelAfter(TimeSpan.FromSeconds(15));
                string notice;
                try
                {
                    notice = (await notices.ReadAsync(keepAlive.Token)).Message.ToString();
                }
                catch (OperationCanceledException) when (!open.IsCancellationRequested)
                {
                    notice = "{}"; // nothing changed: an empty notice keeps the line open through the gateway's idle timeout
                }
                catch (OperationCanceledException)
                {
                    yield break;
                }

                yield return notice;
            }
        }
        finally
        {
            await notices.UnsubscribeAsync();
        }
    }
}
