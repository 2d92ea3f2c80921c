using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Runnerly.Gateway.RateLimiting;

/// <summary>
/// How many requests one client address may have in flight. Kept per instance: a request in
/// flight lives on one instance, and a crashed instance must not leave permits taken in Redis.
/// </summary>
internal sealed class ClientConcurrency(IOptions<RateLimitOptions> options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(client =>
        RateLimitPartition.GetConcurrencyLimiter(client, _ => new ConcurrencyLimiterOptions
        {
            PermitLimit = options.Value.ConcurrentPerClient,
            QueueLimit = 0,
        }));

    public RateLimitLease TryEnter(string client) => _limiter.AttemptAcquire(client);

    public void Dispose() => _limiter.Dispose();
}
