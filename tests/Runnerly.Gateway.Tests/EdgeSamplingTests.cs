using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;
using OpenTelemetry.Trace;

namespace Runnerly.Gateway.Tests;

public sealed class EdgeSamplingTests
{
    private readonly FakeTimeProvider _clock = new();

    [Fact]
    public void Every_trace_is_recorded_up_to_the_cap_then_no_more_within_that_second()
    {
        var sampler = new TracesPerSecondSampler(new AlwaysOnSampler(), 20, _clock);

        var recorded = Enumerable.Range(0, 50).Count(_ => Records(sampler));

        Assert.Equal(20, recorded);
    }

    [Fact]
    public void The_cap_refills_with_time_at_its_rate()
    {
        var sampler = new TracesPerSecondSampler(new AlwaysOnSampler(), 20, _clock);
        Enumerable.Range(0, 20).ToList().ForEach(_ => Records(sampler));

        _clock.Advance(TimeSpan.FromMilliseconds(250));
        var afterQuarterSecond = Enumerable.Range(0, 50).Count(_ => Records(sampler));
        _clock.Advance(TimeSpan.FromSeconds(10));
        var afterLongQuiet = Enumerable.Range(0, 50).Count(_ => Records(sampler));

        Assert.Equal(5, afterQuarterSecond);
        Assert.Equal(20, afterLongQuiet); // never more than one second's worth at once
    }

    [Fact]
    public void What_the_ratio_leaves_out_does_not_use_the_cap()
    {
        var sampler = new TracesPerSecondSampler(new AlwaysOffSampler(), 20, _clock);

        Assert.Equal(0, Enumerable.Range(0, 50).Count(_ => Records(sampler)));
    }

    private static bool Records(Sampler sampler) =>
        sampler.ShouldSample(new SamplingParameters(default, ActivityTraceId.CreateRandom(), "GET /dashboard", ActivityKind.Server)).Decision
            == SamplingDecision.RecordAndSample;
}
