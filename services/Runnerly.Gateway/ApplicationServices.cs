using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;
using Runnerly.Gateway.Hardening;
using Runnerly.Gateway.RateLimiting;
using StackExchange.Redis;

namespace Runnerly.Gateway;

internal static class ApplicationServices
{
    public static WebApplicationBuilder AddApplicationServices(this WebApplicationBuilder builder)
    {
        // Redis holds the shared counters, but the gateway must keep serving without it:
        // no readiness check on it, and commands fail at once instead of queueing while it is away.
        builder.AddRedisClient("redis", settings => settings.DisableHealthChecks = true, options =>
        {
            options.AbortOnConnectFail = false;
            options.BacklogPolicy = BacklogPolicy.FailFast;
            options.ConnectTimeout = 2_000;
            options.AsyncTimeout = 500;
        });

        builder.Services.AddReverseProxy()
            .LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"))
            .AddServiceDiscoveryDestinationResolver();

        builder.Services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<RateLimitOptions>, RateLimitOptionsValidator>();
        builder.Services.AddOptions<RoutePolicyOptions>().BindConfiguration(RoutePolicyOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<RoutePolicyOptions>, RoutePolicyOptionsValidator>();
        builder.Services.AddRequestHardening();

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<GatewayMetrics>();
        builder.Services.AddSingleton<SharedTokenBuckets>();
        builder.Services.AddSingleton<ClientConcurrency>();
        builder.Services.AddHealthChecks().AddCheck<SharedLimitsHealthCheck>("shared-limits");

        builder.Services.Configure<ForwardedHeadersOptions>(options => TrustOnly(options,
            builder.Configuration.GetSection("Gateway:TrustedProxyNetworks").Get<string[]>() ?? []));

        return builder;
    }

    /// <summary>
    /// The client's address and scheme come from X-Forwarded-* only when the peer is in one of the
    /// ingress's networks. The framework trusts loopback by default, which would let any local
    /// client pick its rate-limit partition, and trusts every peer when both lists are empty: with
    /// no network configured the headers are not read at all.
    /// </summary>
    private static void TrustOnly(ForwardedHeadersOptions options, string[] trustedNetworks)
    {
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        if (trustedNetworks.Length == 0)
        {
            options.ForwardedHeaders = ForwardedHeaders.None;
            return;
        }

        foreach (var network in trustedNetworks)
        {
            options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
        }
    }
}
