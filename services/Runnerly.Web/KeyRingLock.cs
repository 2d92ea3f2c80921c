using StackExchange.Redis;

namespace Runnerly.Web;

/// <summary>The web replicas' lock beside their key ring in Redis, so one of them makes the first key.</summary>
internal static class KeyRingLock
{
    private const string Key = "runnerly:web:data-protection-keys:lock";

    public static async Task<IAsyncDisposable> TakeAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var redis = services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        var owner = Guid.NewGuid().ToString("N");
        while (!await redis.LockTakeAsync(Key, owner, TimeSpan.FromSeconds(30)))
        {
            await Task.Delay(100, cancellationToken);
        }

        return new Held(redis, owner);
    }

    private sealed class Held(IDatabase redis, string owner) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await redis.LockReleaseAsync(Key, owner);
    }
}
