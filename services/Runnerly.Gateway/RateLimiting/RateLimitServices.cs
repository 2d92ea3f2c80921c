using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Runnerly.Gateway.RateLimiting;

internal static class RateLimitServices
{
    /// <summary>The limits, their buckets in Redis and the health check that reports them.</summary>
    public static WebApplicationBuilder AddGatewayRateLimits(this WebApplicationBuilder builder)
    {
        // Redis holds the shared counters, but the gateway must keep serving without it:
        // no readiness check on it, and commands fail at once instead of queueing while it is away.
        // No spans for its commands: the instrumentation profiles every command, sampled or not, which cost
        // the gateway a third of its throughput (docs/benchmarks.md); the limiter's metrics say what matters.
        builder.AddRedisClient("redis", settings =>
        {
            settings.DisableHealthChecks = true;
            settings.DisableTracing = true;
        }, options =>
        {
            options.AbortOnConnectFail = false;
            options.BacklogPolicy = BacklogPolicy.FailFast;
            options.ConnectTimeout = 2_000;
            options.AsyncTimeout = 500;
        });

        builder.Services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<RateLimitOptions>, RateLimitOptionsValidator>();
        builder.Services.AddOptions<RoutePolicyOptions>().BindConfiguration(RoutePolicyOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<RoutePolicyOptions>, RoutePolicyOptionsValidator>();

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<GatewayMetrics>();
        builder.Services.AddSingleton<SharedTokenBuckets>();
        builder.Services.AddSingleton<ClientConcurrency>();
        builder.Services.AddHealthChecks().AddCheck<SharedLimitsHealthCheck>("shared-limits");
        return builder;
    }
}
