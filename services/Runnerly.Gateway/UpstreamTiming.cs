using System.Diagnostics;
using Yarp.ReverseProxy.Model;

namespace Runnerly.Gateway;

internal static class UpstreamTiming
{
    /// <summary>YARP's standard proxy pipeline, timing each forwarded request per cluster.</summary>
    public static void UseTimedProxyPipeline(this IReverseProxyApplicationBuilder proxy)
    {
        var metrics = proxy.ApplicationServices.GetRequiredService<GatewayMetrics>();
        proxy.Use(async (context, next) =>
        {
            var started = Stopwatch.GetTimestamp();
            await next();
            var cluster = context.GetReverseProxyFeature().Cluster.Config.ClusterId;
            metrics.Upstream(cluster, context.Response.StatusCode, Stopwatch.GetElapsedTime(started));
        });
        proxy.UseSessionAffinity();
        proxy.UseLoadBalancing();
        proxy.UsePassiveHealthChecks();
    }
}
