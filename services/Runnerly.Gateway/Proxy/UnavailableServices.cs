using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

namespace Runnerly.Gateway.Proxy;

internal static class UnavailableServices
{
    /// <summary>
    /// A service with no healthy destination, or none that can be reached (not deployed yet, not
    /// resolvable, refusing connections), gets a 503 with ProblemDetails instead of a bare 502/503.
    /// </summary>
    public static IReverseProxyApplicationBuilder UseUnavailableServiceAnswers(this IReverseProxyApplicationBuilder proxy)
    {
        proxy.Use(async (context, next) =>
        {
            await next();
            if (context.Response.HasStarted || !IsUnavailable(context.Features.Get<IForwarderErrorFeature>()))
            {
                return;
            }

            var service = context.GetReverseProxyFeature().Cluster.Config.ClusterId;
            context.Response.Clear();
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails =
                {
                    Status = StatusCodes.Status503ServiceUnavailable,
                    Title = "Service unavailable",
                    Detail = $"The {service} service cannot be reached at the moment; please try again later.",
                },
            });
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
}
