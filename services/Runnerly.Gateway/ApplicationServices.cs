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
        builder.Services.AddOptions<HardeningOptions>().BindConfiguration(HardeningOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<GatewayMetrics>();
        builder.Services.AddSingleton<SharedTokenBuckets>();
        builder.Services.AddSingleton<ClientConcurrency>();
        builder.Services.AddHealthChecks().AddCheck<SharedLimitsHealthCheck>("shared-limits");

        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
        builder.Services.Configure<ForwardedHeadersOptions>(options =>
        {
            // Behind a cloud ingress the client's address arrives in X-Forwarded-For; trust only the ingress's networks.
            foreach (var network in builder.Configuration.GetSection("Gateway:TrustedProxyNetworks").Get<string[]>() ?? [])
            {
                options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });

        return builder;
    }
}
