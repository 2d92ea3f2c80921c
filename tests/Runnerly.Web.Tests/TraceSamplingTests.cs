using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Trace;

namespace Runnerly.Web.Tests;

/// <summary>
/// The services' spans follow the gateway's sampling, even under the AppHost, which sets
/// <c>OTEL_TRACES_SAMPLER=always_on</c> for every project (and then every page's spans were recorded and exported).
/// </summary>
public sealed class TraceSamplingTests : IDisposable
{
    private readonly IHost _host;
    private readonly ActivitySource _source = new("Runnerly.Tests.Sampling");

    public TraceSamplingTests()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["OTEL_TRACES_SAMPLER"] = "always_on"; // as the AppHost sets it
        builder.AddServiceDefaults();
        _host = builder.Build();
        _ = _host.Services.GetRequiredService<TracerProvider>();
    }

    [Fact]
    public void A_request_the_gateway_did_not_record_is_not_recorded()
    {
        using var span = _source.StartActivity("GET /dashboard", ActivityKind.Server, Remote(recorded: false));

        Assert.False(span?.Recorded ?? false);
    }

    [Fact]
    public void A_request_the_gateway_recorded_is_recorded()
    {
        using var span = _source.StartActivity("GET /dashboard", ActivityKind.Server, Remote(recorded: true));

        Assert.True(span?.Recorded);
    }

    [Fact]
    public void A_span_that_starts_a_trace_linked_to_the_request_follows_the_request()
    {
        // Blazor's route span: a new trace, linked to the request it renders for.
        Assert.False(RouteSpanRecorded(Remote(recorded: false)));
        Assert.True(RouteSpanRecorded(Remote(recorded: true)));
    }

    [Fact]
    public void The_services_own_work_is_recorded()
    {
        // A scheduled job or queue worker starts its own trace, with nothing to follow.
        using var job = _source.StartActivity("monthly reports", ActivityKind.Internal, parentContext: default);

        Assert.True(job?.Recorded);
    }

    private bool RouteSpanRecorded(ActivityContext request)
    {
        using var route = _source.StartActivity(ActivityKind.Internal, links: [new ActivityLink(request)], name: "Route /dashboard");
        return route?.Recorded ?? false;
    }

    private static ActivityContext Remote(bool recorded) =>
        new(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), recorded ? ActivityTraceFlags.Recorded : ActivityTraceFlags.None, isRemote: true);

    public void Dispose()
    {
        _source.Dispose();
        _host.Dispose();
    }
}
