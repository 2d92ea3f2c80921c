namespace Runnerly.Gateway.Proxy;

internal static class GatewayProxy
{
    /// <summary>The routes and clusters of the <c>ReverseProxy</c> section, destinations from service discovery.</summary>
    public static WebApplicationBuilder AddGatewayProxy(this WebApplicationBuilder builder)
    {
        builder.Services.AddReverseProxy()
            .LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"))
            .AddServiceDiscoveryDestinationResolver()
            .ForwardingTheEdgesTraceparent();
        return builder;
    }

    /// <summary>
    /// The routes of the <c>ReverseProxy</c> section, through YARP's standard pipeline, with each
    /// forwarded request timed and a ProblemDetails 503 for a service that cannot be reached.
    /// </summary>
    public static WebApplication MapGatewayProxy(this WebApplication app)
    {
        app.MapReverseProxy(proxy =>
        {
            proxy.UseUpstreamOutcome();
            proxy.UseSessionAffinity();
            proxy.UseLoadBalancing();
            proxy.UsePassiveHealthChecks();
        });
        return app;
    }
}
