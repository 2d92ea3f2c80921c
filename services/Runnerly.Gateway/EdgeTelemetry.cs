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

/// <summary>
/// What <paramref name="inner"/> records, up to <paramref name="perSecond"/> traces a second (a bucket of one
/// second's worth): in development every trace of a developer's clicks, without a load test burying the dashboard.
/// </summary>
internal sealed class TracesPerSecondSampler(Sampler inner, double perSecond, TimeProvider clock) : Sampler
{
    private static readonly SamplingResult Skip = new(SamplingDecision.Drop);

    private readonly Lock _gate = new();
    private double _tokens = double.PositiveInfinity; // full: capped to one second's worth at the first decision
    private long _filledAt = clock.GetTimestamp();

    public override SamplingResult ShouldSample(in SamplingParameters parameters)
    {
        var decision = inner.ShouldSample(parameters);
        if (decision.Decision == SamplingDecision.Drop)
        {
            return decision;
        }

        lock (_gate)
        {
            var now = clock.GetTimestamp();
            _tokens = Math.Min(perSecond, _tokens + clock.GetElapsedTime(_filledAt, now).TotalSeconds * perSecond);
            _filledAt = now;
            if (_tokens < 1)
            {
                return Skip;
            }

            _tokens--;
        }

        return decision;
    }
}
