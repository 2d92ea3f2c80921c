using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc;
using Runnerly.Testing;

namespace Runnerly.Gateway.Tests;

public sealed class ForwardedHeadersTests(Upstreams upstreams) : IClassFixture<Upstreams>
{
    [Fact]
    public async Task By_default_a_client_cannot_pick_its_partition_with_x_forwarded_for()
    {
        // The deployed default: no trusted proxy network, so not even loopback may forward.
        await using var gateway = new GatewayFactory(upstreams, TestRedisServer.ConnectionString, new Dictionary<string, string?>
        {
            ["Gateway:RateLimits:ConcurrentPerClient"] = "1",
        }, trustLoopbackProxy: false);
        using var first = await gateway.CreateClientFromAsync(GatewayFactory.NewClientAddress());
        using var second = await gateway.CreateClientFromAsync(GatewayFactory.NewClientAddress());

        var slow = first.GetAsync("/api/runs/slow");
        await upstreams.Data.SlowRequestArrived.WaitAsync(TimeSpan.FromSeconds(30));
        using var refused = await second.GetAsync("/api/runs");
        upstreams.Data.ReleaseSlowRequests();

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("client-concurrency", (await refused.Content.ReadFromJsonAsync<ProblemDetails>())!.Extensions["policy"]?.ToString());
        Assert.Equal(HttpStatusCode.OK, (await slow).StatusCode);
    }
}
