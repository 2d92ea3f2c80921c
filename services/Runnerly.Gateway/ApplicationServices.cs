using Runnerly.Gateway.Hardening;
using Runnerly.Gateway.Proxy;
using Runnerly.Gateway.RateLimiting;

namespace Runnerly.Gateway;

internal static class ApplicationServices
{
    public static WebApplicationBuilder AddApplicationServices(this WebApplicationBuilder builder)
    {
        builder.AddTrustedProxies();
        builder.Services.AddRequestHardening();
        builder.AddGatewayRateLimits();
        builder.AddGatewayProxy();
        builder.AddEdgeTelemetry();
        return builder;
    }
}
