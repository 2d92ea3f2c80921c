using System.Diagnostics;
using Yarp.ReverseProxy.Model;

namespace Runnerly.Gateway.Proxy;

internal static class UpstreamTiming
{
    /// <summary>Times each forwarded request, from forwarding to the end of the response, per cluster.</summary>
    public static IReverseProxyApplicationBuilder UseUpstreamTiming(this IReverseProxyApplicationBuilder proxy)
    {
        var metrics = proxy.ApplicationServices.GetRequiredService<GatewayMetrics>();
        proxy.Use(async (context, next) =>
        {
            var started = Stopwatch.GetTimestamp();
            await next();
            var cluster = context.GetReverseProxyFeature().Cluster.Config.ClusterId;
            metrics.Upstream(cluster, context.Response.StatusCode, Stopwatch.GetElapsedTime(started));
        });
        return proxy;
    }
}
