namespace Runnerly.Gateway.Proxy;

internal static class GatewayProxy
{
    /// <summary>
    /// The routes of the <c>ReverseProxy</c> section, through YARP's standard pipeline, with each
    /// forwarded request timed and a ProblemDetails 503 for a service that cannot be reached.
    /// </summary>
    public static WebApplication MapGatewayProxy(this WebApplication app)
    {
        app.MapReverseProxy(proxy =>
        {
            proxy.UseUpstreamTiming();
            proxy.UseUnavailableServiceAnswers();
            proxy.UseSessionAffinity();
            proxy.UseLoadBalancing();
            proxy.UsePassiveHealthChecks();
        });
        return app;
    }
}
