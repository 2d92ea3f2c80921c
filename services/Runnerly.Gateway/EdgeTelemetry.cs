using OpenTelemetry.Trace;

namespace Runnerly.Gateway;

internal static class EdgeTelemetry
{
    public const string SampleRatioSetting = "Gateway:Telemetry:TraceSampleRatio";

    /// <summary>
    /// Traces for a share of the requests (<c>Gateway:Telemetry:TraceSampleRatio</c>), chosen by
    /// trace id, and the services' spans follow the gateway's decision. A caller's traceparent
    /// cannot ask for more: at the edge, a remote parent is sampled at the same ratio.
    /// </summary>
    public static WebApplicationBuilder AddEdgeTelemetry(this WebApplicationBuilder builder)
    {
        var ratio = builder.Configuration.GetValue(SampleRatioSetting, 1.0);
        var share = new TraceIdRatioBasedSampler(ratio);
        builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.SetSampler(new ParentBasedSampler(share,
            remoteParentSampled: share, remoteParentNotSampled: new AlwaysOffSampler(),
            localParentSampled: new AlwaysOnSampler(), localParentNotSampled: new AlwaysOffSampler())));
        return builder;
    }
}
