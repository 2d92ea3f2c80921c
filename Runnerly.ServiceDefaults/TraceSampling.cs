using System.Diagnostics;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Which spans a service records: those of the requests its caller recorded (the gateway samples at the edge), and
/// its own work that starts a trace. Set in code, this wins over the <c>OTEL_TRACES_SAMPLER=always_on</c> that Aspire's
/// AppHost gives every project, which would record every span of every request whatever the gateway chose.
/// </summary>
public static class TraceSampling
{
    public static Sampler FollowCaller() => new ParentBasedSampler(new FollowLinksSampler());

    /// <summary>
    /// A span that starts a trace and is linked to others follows them: Blazor starts its route and event spans as new
    /// traces linked to the request being served. Without links (a scheduled job, a queue worker), it is recorded.
    /// </summary>
    private sealed class FollowLinksSampler : Sampler
    {
        private static readonly SamplingResult Record = new(SamplingDecision.RecordAndSample);
        private static readonly SamplingResult Skip = new(SamplingDecision.Drop);

        public override SamplingResult ShouldSample(in SamplingParameters parameters) =>
            parameters.Links is not { } links || !links.Any() || links.Any(link => link.Context.TraceFlags.HasFlag(ActivityTraceFlags.Recorded))
                ? Record
                : Skip;
    }
}
