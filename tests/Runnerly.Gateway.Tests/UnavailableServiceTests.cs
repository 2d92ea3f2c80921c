using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc;
using Runnerly.Testing;

namespace Runnerly.Gateway.Tests;

public sealed class UnavailableServiceTests(Upstreams upstreams) : IClassFixture<Upstreams>
{
    [Theory]
    [InlineData("GET", "/api/races")]
    [InlineData("POST", "/api/plans")]
    [InlineData("GET", "/api/fitness/predictions")]
    [InlineData("GET", "/calendar/c2f1e0.ics")]
    [InlineData("GET", "/api/reports")]
    [InlineData("POST", "/reports/unsubscribe/t0k3n")]
    public async Task A_service_not_deployed_yet_gets_503_with_problem_details_and_the_gateway_still_starts(string method, string path)
    {
        await using var gateway = new GatewayFactory(upstreams, TestRedisServer.ConnectionString, GatewayFactory.Absent("training", "reports"));
        using var client = await gateway.CreateClientFromAsync(GatewayFactory.NewClientAddress()); // waits for a healthy gateway

        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        await AssertUnavailableAsync(response);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/runs")).StatusCode);
    }

    [Fact]
    public async Task A_service_refusing_connections_gets_503_with_problem_details()
    {
        var stopped = await Upstream.StartAsync("training");
        var address = stopped.Address.ToString();
        await stopped.DisposeAsync();
        await using var gateway = new GatewayFactory(upstreams, TestRedisServer.ConnectionString, new Dictionary<string, string?>
        {
            ["ReverseProxy:Clusters:training:Destinations:training:Address"] = address,
        });
        using var client = await gateway.CreateClientFromAsync(GatewayFactory.NewClientAddress());

        using var response = await client.GetAsync("/api/races");

        await AssertUnavailableAsync(response);
    }

    [Fact]
    public async Task A_browser_finding_the_web_down_gets_a_page_to_try_again_from()
    {
        await using var gateway = new GatewayFactory(upstreams, TestRedisServer.ConnectionString, GatewayFactory.Absent("web"));
        using var client = await gateway.CreateClientFromAsync(GatewayFactory.NewClientAddress());

        using var response = await client.SendAsync(BrowserPages.Request(HttpMethod.Get, "/runs/2026/11?page=2"));

        var page = await BrowserPages.AssertAppPageAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.Contains("The web service cannot be reached at the moment", page);
        Assert.Contains("<a class=\"button secondary\" href=\"/runs/2026/11?page=2\">Try again</a>", page);
    }

    private static async Task AssertUnavailableAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>();
        Assert.Equal(503, problem!.Status);
        Assert.Contains("cannot be reached", problem.Detail);
    }
}
