using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Runnerly.Gateway;

internal static class EdgeTelemetry
{
    public const string SampleRatioSetting = "Gateway:Telemetry:TraceSampleRatio";
    public const string MaxTracesPerSecondSetting = "Gateway:Telemetry:MaxTracesPerSecond";

    /// <summary>
    /// Traces for a share of the requests (<c>Gateway:Telemetry:TraceSampleRatio</c>), chosen by trace id, and at
    /// most <c>Gateway:Telemetry:MaxTracesPerSecond</c> of them when set; the services' spans follow the gateway's
    /// decision. A caller's traceparent cannot ask for more: at the edge, a remote parent is sampled the same way.
    /// Health probes are never recorded.
    /// </summary>
    public static WebApplicationBuilder AddEdgeTelemetry(this WebApplicationBuilder builder)
    {
        var ratio = builder.Configuration.GetValue(SampleRatioSetting, 1.0);
        var perSecond = builder.Configuration.GetValue<double?>(MaxTracesPerSecondSetting);
        Sampler share = new TraceIdRatioBasedSampler(ratio);
        if (perSecond is { } cap)
        {
            if (!double.IsFinite(cap) || cap < 1)
            {
                throw new InvalidOperationException($"{MaxTracesPerSecondSetting} must be a number of at least 1 (it is {cap}).");
            }

            share = new TracesPerSecondSampler(share, cap, TimeProvider.System);
        }

        builder.Services.AddSingleton(new EdgeRequestSpans.Sampling(new ParentBasedSampler(share,
            remoteParentSampled: share, remoteParentNotSampled: new AlwaysOffSampler())));
        // The edge's spans exist only for the requests it records (EdgeRequestSpans decides): record what exists.
        builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.SetSampler(new AlwaysOnSampler()));
        builder.Services.ConfigureOpenTelemetryMeterProvider(metrics =>
        {
            foreach (var instrument in UnrecordedInstruments)
            {
                metrics.AddView(instrument, MetricStreamConfiguration.Drop);
            }
        });

        return builder;
    }

    public static IApplicationBuilder UseEdgeRequestSpans(this IApplicationBuilder app) => app.UseMiddleware<EdgeRequestSpans>();

    /// <summary>
    /// The forwarded request carries the traceparent <see cref="EdgeRequestSpans"/> set, as YARP copies it: the
    /// client's own propagation would make an activity for every call, recorded or not.
    /// </summary>
    public static IReverseProxyBuilder ForwardingTheEdgesTraceparent(this IReverseProxyBuilder proxy) =>
        proxy.ConfigureHttpClient((_, handler) => handler.ActivityHeadersPropagator = null);

    /// <summary>
    /// Instruments the gateway does not record: each costs a measurement or two on every request at the edge, and
    /// says nothing the recorded ones do not. In-flight counts follow from the request rate and duration (an upstream
    /// connection is open and active for each request in flight, idle between them); the forwarded calls' time is
    /// <c>runnerly.gateway.upstream.duration</c>, by cluster and to the end of the response (HttpClient's own stops at
    /// the headers, by address); routing always matches (the web's route is a catch-all); Kestrel's buffer pool counts
    /// every block rented and returned, while its growth (<c>aspnetcore.memory_pool.allocated</c>, <c>.evicted</c>)
    /// stays recorded. A dropped instrument is not listened to at all, so ASP.NET Core and HttpClient skip it.
    /// </summary>
    internal static readonly string[] UnrecordedInstruments =
    [
        "http.server.active_requests",
        "aspnetcore.routing.match_attempts",
        "http.client.active_requests",
        "http.client.open_connections",
        "http.client.request.duration",
        "http.client.request.time_in_queue",
        "aspnetcore.memory_pool.rented",
        "aspnetcore.memory_pool.pooled",
    ];
}
