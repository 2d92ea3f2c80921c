using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace Runnerly.Gateway.RateLimiting;

/// <summary>
/// Degraded, never unhealthy, without Redis: the gateway still serves, but its limits are per
/// instance until Redis answers again.
/// </summary>
internal sealed class SharedLimitsHealthCheck(IConnectionMultiplexer redis) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(redis.IsConnected
            ? HealthCheckResult.Healthy("Rate limits are shared through Redis.")
            : HealthCheckResult.Degraded("Redis does not answer: rate limits are per instance."));
}
