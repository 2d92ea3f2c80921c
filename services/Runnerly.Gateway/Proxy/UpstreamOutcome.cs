using System.Diagnostics;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

namespace Runnerly.Gateway.Proxy;

/// <summary>What the gateway does once a forwarded request is over: one proxy step, so one await a request.</summary>
internal static class UpstreamOutcome
{
    /// <summary>
    /// A service with no healthy destination, or none that can be reached (not deployed yet, not resolvable,
    /// refusing connections), gets a 503 with ProblemDetails instead of a bare 502/503; then the request's time, from
    /// forwarding to the end of the response, is recorded per cluster with the status the client got.
    /// </summary>
    public static IReverseProxyApplicationBuilder UseUpstreamOutcome(this IReverseProxyApplicationBuilder proxy)
    {
        var metrics = proxy.ApplicationServices.GetRequiredService<GatewayMetrics>();
        proxy.Use(async (context, next) =>
        {
            var started = Stopwatch.GetTimestamp();
            await next(context);
            var cluster = context.GetReverseProxyFeature().Cluster.Config.ClusterId;
            if (!context.Response.HasStarted && IsUnavailable(context.Features.Get<IForwarderErrorFeature>()))
            {
                await AnswerUnavailableAsync(context, cluster);
            }

            metrics.Upstream(cluster, context.Response.StatusCode, Stopwatch.GetElapsedTime(started));
        });
        return proxy;
    }

    private static bool IsUnavailable(IForwarderErrorFeature? error) => error switch
    {
        { Error: ForwarderError.NoAvailableDestinations } => true,
        { Error: ForwarderError.Request, Exception: HttpRequestException failure } =>
            failure.HttpRequestError is HttpRequestError.NameResolutionError or HttpRequestError.ConnectionError,
        _ => false,
    };

    private static ValueTask AnswerUnavailableAsync(HttpContext context, string service)
    {
        context.Response.Clear();
        return context.AnswerProblemAsync(StatusCodes.Status503ServiceUnavailable, "Service unavailable",
            $"The {service} service cannot be reached at the moment; please try again later.");
    }
}
