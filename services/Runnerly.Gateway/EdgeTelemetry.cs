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

        builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.SetSampler(new ParentBasedSampler(share,
            remoteParentSampled: share, remoteParentNotSampled: new AlwaysOffSampler(),
            localParentSampled: new AlwaysOnSampler(), localParentNotSampled: new AlwaysOffSampler())));
        return builder;
    }
}
