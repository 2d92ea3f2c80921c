using Microsoft.AspNetCore.HttpOverrides;
using Runnerly.Gateway;
using Runnerly.Gateway.Hardening;
using Runnerly.Gateway.RateLimiting;
using Yarp.ReverseProxy.Configuration;

/// <summary>
/// The floors and the gateway's parts added one at a time, each a process of its own under test
/// (<c>serve SETUP UPSTREAM GATEWAY-FOLDER</c>, listening on <c>ASPNETCORE_URLS</c>): Kestrel answering itself, YARP alone, then forwarded
/// headers, the hardening and the limiter, each wired as the gateway wires it; and YARP alone with the gateway's telemetry.
/// </summary>
internal static class EdgeHosts
{
    public const string Kestrel = "kestrel";
    public const string Yarp = "yarp";
    public const string Forwarded = "forwarded";
    public const string Hardening = "hardening";
    public const string Limiter = "limiter";

    /// <summary>YARP alone with the gateway's telemetry (its sampler, its metrics, the OTLP export): a floor of its own.</summary>
    public const string YarpWithTelemetry = "yarp-telemetry";

    private static readonly string[] Steps = [Yarp, Forwarded, Hardening, Limiter];

    public static async Task ServeAsync(string setup, Uri upstream, string gatewayFolder)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = gatewayFolder });
        var step = setup == YarpWithTelemetry ? 0 : Array.IndexOf(Steps, setup);
        builder.UseInlineSchedulingWhenSet();
        if (setup == YarpWithTelemetry)
        {
            builder.ConfigureOpenTelemetry(instrumentRequests: false);
            builder.AddEdgeTelemetry();
        }

        if (step >= 0)
        {
            var proxy = builder.Services.AddReverseProxy().LoadFromMemory([new RouteConfig { RouteId = "all", ClusterId = "upstream", Match = new() { Path = "/{**rest}" } }],
                [new ClusterConfig { ClusterId = "upstream", Destinations = new Dictionary<string, DestinationConfig> { ["upstream"] = new() { Address = upstream.ToString() } } }]);
            if (setup == YarpWithTelemetry)
            {
                proxy.ForwardingTheEdgesTraceparent();
            }
        }

        if (step >= 1)
        {
            builder.AddTrustedProxies();
            builder.Services.Configure<ForwardedHeadersOptions>(options =>
                options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost);
        }

        if (step >= 2)
        {
            builder.Services.AddRequestHardening();
            builder.Services.AddProblemDetails();
        }

        if (step >= 3)
        {
            builder.AddGatewayRateLimits();
        }

        var app = builder.Build();
        if (step < 0)
        {
            app.Run(BenchmarkUpstream.AnswerAsync);
            await app.RunAsync();
            return;
        }

        if (setup == YarpWithTelemetry)
        {
            app.UseEdgeRequestSpans();
        }

        if (step >= 1)
        {
            app.UseForwardedHeaders();
        }

        if (step >= 2)
        {
            app.UseRequestHardening();
        }

        if (step >= 3)
        {
            app.UseGatewayRateLimits();
        }

        app.MapReverseProxy();
        await app.RunAsync();
    }
}
