using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using Runnerly.Testing;

namespace Runnerly.Gateway.Tests;

public sealed class EdgeMetricsTests(Upstreams upstreams) : IClassFixture<Upstreams>
{
    [Fact]
    public async Task Requests_and_upstream_times_are_exported_and_the_per_request_duplicates_are_not_recorded()
    {
        var exported = new List<Metric>();
        await using var gateway = new GatewayFactory(upstreams, TestRedisServer.ConnectionString,
            testServices: services => services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddInMemoryExporter(exported)));
        using var client = await gateway.CreateClientFromAsync(GatewayFactory.NewClientAddress());

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/runs")).StatusCode);
        Assert.True(gateway.Services.GetRequiredService<MeterProvider>().ForceFlush());

        var names = exported.Select(metric => metric.Name).ToHashSet();
        Assert.Contains("http.server.request.duration", names);
        Assert.Contains("runnerly.gateway.upstream.duration", names);
        Assert.Contains("kestrel.active_connections", names);
        Assert.Empty(names.Intersect(EdgeTelemetry.UnrecordedInstruments));
    }
}
