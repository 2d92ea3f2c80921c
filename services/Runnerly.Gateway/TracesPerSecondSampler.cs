using OpenTelemetry.Trace;

namespace Runnerly.Gateway;

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
