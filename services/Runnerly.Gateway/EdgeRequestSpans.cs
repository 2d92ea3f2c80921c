using System.Diagnostics;
using OpenTelemetry.Trace;

namespace Runnerly.Gateway;

/// <summary>
/// The edge's request spans, started here for the requests its sampler records and for no other. With OpenTelemetry's
/// ASP.NET Core and HttpClient tracing, every request paid for being sampled and for the activities that carried a
/// "not recorded" decision, about a fifth of the gateway's time for the 95% of requests never recorded; without a
/// tracer listening to every request, the gateway keeps pace with YARP alone (docs/benchmarks.md: "the edge's own request spans").
/// The decision still reaches the services in the forwarded request's <c>traceparent</c>, which this sets: YARP
/// copies it (its client sends none of its own, <see cref="Proxy.GatewayProxy"/>). A recorded request's span is the
/// services' parent; the forwarded call's time is <c>runnerly.gateway.upstream.duration</c> and the service's own span.
/// </summary>
internal sealed class EdgeRequestSpans(RequestDelegate next, EdgeRequestSpans.Sampling sampling)
{
    public static readonly ActivitySource Source = new("Runnerly.Gateway");

    /// <summary>The edge's sampler: which requests are recorded (<see cref="EdgeTelemetry"/>).</summary>
    public sealed record Sampling(Sampler Sampler);

    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (Extensions.IsHealthRequest(request.Path))
        {
            return next(context);
        }

        var caller = ActivityContext.TryParse(request.Headers.TraceParent, request.Headers.TraceState, isRemote: true, out var parsed) ? parsed : default;
        var traceId = caller == default ? ActivityTraceId.CreateRandom() : caller.TraceId;
        var decision = sampling.Sampler.ShouldSample(new SamplingParameters(caller, traceId, request.Method, ActivityKind.Server));
        return decision.Decision == SamplingDecision.RecordAndSample
            ? RecordAsync(context, caller, traceId)
            : NotRecorded(context, traceId);
    }

    private Task NotRecorded(HttpContext context, ActivityTraceId traceId)
    {
        context.Request.Headers.TraceParent = $"00-{traceId.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-00";
        return next(context);
    }

    private async Task RecordAsync(HttpContext context, ActivityContext caller, ActivityTraceId traceId)
    {
        var hosting = Activity.Current; // ASP.NET Core's own, for the logs' trace ids: never exported, so not a parent
        Activity.Current = null;
        var span = Source.StartActivity(ActivityKind.Server, caller, name: context.Request.Method);
        if (span is null) // telemetry off
        {
            Activity.Current = hosting;
            await NotRecorded(context, traceId);
            return;
        }

        span.SetTag("http.request.method", context.Request.Method);
        span.SetTag("url.path", context.Request.Path.Value);
        span.SetTag("url.scheme", context.Request.Scheme);
        context.Request.Headers.TraceParent = span.Id;
        try
        {
            await next(context);
        }
        catch (Exception exception)
        {
            span.SetTag("error.type", exception.GetType().FullName);
            span.SetStatus(ActivityStatusCode.Error);
            throw;
        }
        finally
        {
            Outcome(context, span);
            span.Stop();
            Activity.Current = hosting;
        }
    }

    private static void Outcome(HttpContext context, Activity span)
    {
        if ((context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText is { } route)
        {
            span.DisplayName = $"{context.Request.Method} {route}";
            span.SetTag("http.route", route);
        }

        var status = context.Response.StatusCode;
        span.SetTag("http.response.status_code", status);
        if (status >= StatusCodes.Status500InternalServerError && span.Status != ActivityStatusCode.Error)
        {
            span.SetTag("error.type", status.ToString(System.Globalization.CultureInfo.InvariantCulture));
            span.SetStatus(ActivityStatusCode.Error);
        }
    }
}
