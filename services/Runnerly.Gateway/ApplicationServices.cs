using Runnerly.Gateway.Hardening;
using Runnerly.Gateway.Proxy;
using Runnerly.Gateway.RateLimiting;

namespace Runnerly.Gateway;

internal static class ApplicationServices
{
    public const string InlineSchedulingSetting = "Gateway:Transport:InlineScheduling";

    public static WebApplicationBuilder AddApplicationServices(this WebApplicationBuilder builder)
    {
        builder.UseInlineSchedulingWhenSet();
        builder.AddTrustedProxies();
        builder.Services.AddRequestHardening();
        builder.AddGatewayRateLimits();
        builder.AddGatewayProxy();
        builder.AddEdgeTelemetry();
        return builder;
    }

    /// <summary>
    /// With <c>Gateway:Transport:InlineScheduling</c>, Kestrel runs each request on the socket's own thread instead of
    /// handing it to the thread pool (with <c>DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1</c>, so do the sockets):
    /// one thread hop less per read, safe only because nothing in the gateway blocks a thread.
    /// </summary>
    public static void UseInlineSchedulingWhenSet(this WebApplicationBuilder builder)
    {
        if (builder.Configuration.GetValue<bool>(InlineSchedulingSetting))
        {
            builder.WebHost.UseSockets(sockets => sockets.UnsafePreferInlineScheduling = true);
        }
    }
}
