using System.Diagnostics.Metrics;

namespace Runnerly.Gateway;

/// <summary>The gateway's own instruments (meter <c>Runnerly.Gateway</c>), next to ASP.NET Core's request metrics.</summary>
internal sealed class GatewayMetrics
{
    private readonly Counter<long> _rejections;
    private readonly Counter<long> _localDecisions;
    private readonly Counter<long> _redisCalls;
    private readonly Histogram<double> _upstreamDuration;

    public GatewayMetrics(IMeterFactory meters)
    {
        var meter = meters.Create("Runnerly.Gateway");
        _rejections = meter.CreateCounter<long>("runnerly.gateway.rejections", "{request}",
            "Requests refused by a limit, by policy");
        _localDecisions = meter.CreateCounter<long>("runnerly.gateway.limiter.local_decisions", "{decision}",
            "Limit decisions taken on this instance alone because Redis did not answer");
        _redisCalls = meter.CreateCounter<long>("runnerly.gateway.limiter.redis_calls", "{call}",
            "Calls to Redis for tokens, by policy (with batches, far fewer than requests)");
        _upstreamDuration = meter.CreateHistogram<double>("runnerly.gateway.upstream.duration", "s",
            "Time from forwarding a request to the end of the upstream's response, by cluster",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });
    }

    public void Rejected(string policy) => _rejections.Add(1, new KeyValuePair<string, object?>("policy", policy));

    public void LocalDecision(string policy) => _localDecisions.Add(1, new KeyValuePair<string, object?>("policy", policy));

    public void RedisCall(string policy) => _redisCalls.Add(1, new KeyValuePair<string, object?>("policy", policy));

    public void Upstream(string cluster, int statusCode, TimeSpan elapsed) => _upstreamDuration.Record(elapsed.TotalSeconds,
        new KeyValuePair<string, object?>("cluster", cluster), new KeyValuePair<string, object?>("http.response.status_code", statusCode));
}
