using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Trace;
using Runnerly.Testing;

namespace Runnerly.Gateway.Tests;

/// <summary>
/// The gateway decides which requests are traced, and the services follow: they are told the decision either way.
/// Activity sources are global to the process: every gateway alive samples every gateway's requests, and a request
/// is recorded when any of them says so. These tests run alone (<see cref="AloneCollection"/>), so that only the
/// gateway under test decides, and each finds its own spans by trace id.
/// </summary>
[Collection(AloneCollection.Name)]
public sealed class EdgeTracingTests(Upstreams upstreams) : IClassFixture<Upstreams>
{
    private readonly List<Activity> _exported = [];

    [Fact]
    public async Task A_request_the_edge_does_not_record_reaches_the_service_marked_not_recorded_even_if_its_caller_asked()
    {
        await using var gateway = Gateway(sampleRatio: 0);
        using var client = await gateway.CreateClientFromAsync(GatewayFactory.NewClientAddress());
        var callerTraceId = ActivityTraceId.CreateRandom().ToHexString();

        var traceparent = await ReceivedTraceparentAsync(client, "/api/runs", callerTraceparent: $"00-{callerTraceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01");

        Assert.Equal(callerTraceId, traceparent.Split('-')[1]);
        Assert.EndsWith("-00", traceparent);
    }

    [Fact]
    public async Task A_recorded_request_reaches_the_service_as_the_child_of_the_edges_span_which_carries_its_route_and_outcome()
    {
        await using var gateway = Gateway(sampleRatio: 1);
        using var client = await gateway.CreateClientFromAsync(GatewayFactory.NewClientAddress());

        var traceparent = await ReceivedTraceparentAsync(client, "/api/runs?limit=5");

        Assert.EndsWith("-01", traceparent);
        var (traceId, parentSpanId) = (traceparent.Split('-')[1], traceparent.Split('-')[2]);
        var request = await ExportedAsync(span => span.TraceId.ToHexString() == traceId && span.SpanId.ToHexString() == parentSpanId);
        Assert.Equal(ActivityKind.Server, request.Kind);
        Assert.Equal("GET /api/runs/{**rest}", request.DisplayName);
        Assert.Equal("/api/runs/{**rest}", request.GetTagItem("http.route"));
        Assert.Equal(200, request.GetTagItem("http.response.status_code"));
        Assert.Equal("/api/runs", request.GetTagItem("url.path"));
        Assert.Equal(ActivityStatusCode.Unset, request.Status);
    }

    [Fact]
    public async Task Health_probes_are_never_recorded()
    {
        await using var gateway = Gateway(sampleRatio: 1);
        using var client = await gateway.CreateClientFromAsync(GatewayFactory.NewClientAddress()); // probes /health until healthy

        Assert.Equal("Healthy", await client.GetStringAsync("/alive"));
        // A recorded request after the probes on the same connection: its span ends after theirs.
        var traceId = (await ReceivedTraceparentAsync(client, "/api/runs")).Split('-')[1];
        await ExportedAsync(span => span.TraceId.ToHexString() == traceId && span.Kind == ActivityKind.Server);

        lock (_exported)
        {
            Assert.DoesNotContain(_exported, span => span.GetTagItem("url.path") is "/health" or "/alive");
        }
    }

    private GatewayFactory Gateway(double sampleRatio) => new(upstreams, TestRedisServer.ConnectionString,
        new Dictionary<string, string?> { [EdgeTelemetry.SampleRatioSetting] = sampleRatio.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        testServices: services => services.ConfigureOpenTelemetryTracerProvider(tracing =>
            tracing.AddProcessor(new Collector(_exported))));

    private static async Task<string> ReceivedTraceparentAsync(HttpClient client, string path, string? callerTraceparent = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (callerTraceparent is not null)
        {
            request.Headers.Add("traceparent", callerTraceparent);
        }

        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return Assert.Single(response.Headers.GetValues(Upstream.ReceivedTraceparent));
    }

    private sealed class Collector(List<Activity> spans) : BaseProcessor<Activity>
    {
        public override void OnEnd(Activity span)
        {
            lock (spans)
            {
                spans.Add(span);
            }
        }
    }

    /// <summary>A span ends once its response is sent: a moment after the client has it.</summary>
    private async Task<Activity> ExportedAsync(Func<Activity, bool> match)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            lock (_exported)
            {
                if (_exported.FirstOrDefault(match) is { } span)
                {
                    return span;
                }
            }

            await Task.Delay(20, timeout.Token);
        }
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AloneCollection
{
    public const string Name = "Run alone: no other gateway in the process";
}
