using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc;
using Runnerly.Testing;

namespace Runnerly.Gateway.Tests;

/// <summary>The policies proxy routes name in their metadata (<c>"RateLimit"</c>), on top of the per-client limits.</summary>
public sealed class RoutePolicyTests(Upstreams upstreams) : IClassFixture<Upstreams>
{
    [Fact]
    public async Task A_route_naming_a_policy_the_gateway_does_not_have_stops_the_start()
    {
        await using var gateway = new GatewayFactory(upstreams, TestRedisServer.ConnectionString, new Dictionary<string, string?>
        {
            ["ReverseProxy:Routes:data-runs:Metadata:RateLimit"] = "api-tokens",
        });

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => gateway.CreateClientFromAsync(GatewayFactory.NewClientAddress()));

        Assert.Contains("Route 'data-runs' names the rate-limit policy 'api-tokens'", failure.ToString());
    }

    [Fact]
    public async Task Only_webhook_events_spend_the_webhook_budget_whatever_the_path_s_case_or_trailing_slash()
    {
        await using var gateway = new GatewayFactory(upstreams, TestRedisServer.ConnectionString, new Dictionary<string, string?>
        {
            ["Gateway:RateLimits:StravaWebhook:PermitsPerSecond"] = "0.01",
            ["Gateway:RateLimits:StravaWebhook:Burst"] = "2",
        });
        using var strava = await gateway.CreateClientFromAsync(GatewayFactory.NewClientAddress());

        using var subscriptionCheck = await strava.GetAsync("/strava/webhook?hub.mode=subscribe&hub.challenge=c");
        using var first = await strava.PostAsJsonAsync("/Strava/Webhook/", new { object_type = "activity" });
        using var second = await strava.PostAsJsonAsync("/STRAVA/webhook", new { object_type = "activity" });
        using var refused = await strava.PostAsJsonAsync("/strava/webhook", new { object_type = "activity" });

        Assert.Equal(HttpStatusCode.OK, subscriptionCheck.StatusCode);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("strava /Strava/Webhook/ {\"object_type\":\"activity\"}", await first.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(0, gateway.LocalDecisions);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("strava-webhook", (await refused.Content.ReadFromJsonAsync<ProblemDetails>())!.Extensions["policy"]?.ToString());
    }

    [Theory]
    [InlineData("/connect/userinfo")]
    [InlineData("/dashboard")]
    [InlineData("/api/unknown")]
    public async Task Routes_naming_no_policy_do_not_count_the_token(string path)
    {
        await using var gateway = new GatewayFactory(upstreams, TestRedisServer.ConnectionString, new Dictionary<string, string?>
        {
            ["Gateway:RateLimits:ApiPerToken:PermitsPerSecond"] = "0.01",
            ["Gateway:RateLimits:ApiPerToken:Burst"] = "1",
        });
        using var client = await gateway.CreateClientFromAsync(GatewayFactory.NewClientAddress());
        var token = Guid.NewGuid().ToString("N");

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(Bearer(HttpMethod.Get, path, token))).StatusCode);
        }
    }

    [Fact]
    public async Task Account_limits_apply_to_form_posts_only()
    {
        await using var gateway = new GatewayFactory(upstreams, TestRedisServer.ConnectionString, new Dictionary<string, string?>
        {
            ["Gateway:RateLimits:AccountPerClient:PermitsPerSecond"] = "0.01",
            ["Gateway:RateLimits:AccountPerClient:Burst"] = "1",
        });
        using var client = await gateway.CreateClientFromAsync(GatewayFactory.NewClientAddress());

        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/identity/sign-up", null)).StatusCode);
        using var refused = await client.PostAsync("/identity/forgot-password", null);
        Assert.Equal(0, gateway.LocalDecisions);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/identity/sign-up")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/identity/sign-out", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/identity/sign-in/more", null)).StatusCode);
    }

    [Fact]
    public async Task Calendar_feeds_have_a_budget_per_client_address()
    {
        await using var gateway = new GatewayFactory(upstreams, TestRedisServer.ConnectionString, new Dictionary<string, string?>
        {
            ["Gateway:RateLimits:Calendar:PermitsPerSecond"] = "0.01",
            ["Gateway:RateLimits:Calendar:Burst"] = "2",
        });
        using var calendarApp = await gateway.CreateClientFromAsync(GatewayFactory.NewClientAddress());
        using var other = await gateway.CreateClientFromAsync(GatewayFactory.NewClientAddress());

        Assert.Equal(HttpStatusCode.OK, (await calendarApp.GetAsync("/calendar/feed-a.ics")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await calendarApp.GetAsync("/Calendar/feed-b.ics")).StatusCode);
        using var refused = await calendarApp.GetAsync("/calendar/feed-a.ics");

        Assert.Equal(0, gateway.LocalDecisions);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter?.Delta);
        Assert.Equal("calendar", (await refused.Content.ReadFromJsonAsync<ProblemDetails>())!.Extensions["policy"]?.ToString());
        Assert.Equal(HttpStatusCode.OK, (await calendarApp.GetAsync("/api/races")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/calendar/feed-a.ics")).StatusCode);
    }

    [Fact]
    public async Task Unsubscribe_links_opened_and_posted_share_a_budget_per_client_address()
    {
        await using var gateway = new GatewayFactory(upstreams, TestRedisServer.ConnectionString, new Dictionary<string, string?>
        {
            ["Gateway:RateLimits:Unsubscribe:PermitsPerSecond"] = "0.01",
            ["Gateway:RateLimits:Unsubscribe:Burst"] = "2",
        });
        using var client = await gateway.CreateClientFromAsync(GatewayFactory.NewClientAddress());

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/reports/unsubscribe/t0k3n")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/reports/unsubscribe/t0k3n",
            new FormUrlEncodedContent([KeyValuePair.Create("List-Unsubscribe", "One-Click")]))).StatusCode);
        using var refused = await client.PostAsync("/reports/unsubscribe/other", null);

        Assert.Equal(0, gateway.LocalDecisions);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("unsubscribe", (await refused.Content.ReadFromJsonAsync<ProblemDetails>())!.Extensions["policy"]?.ToString());
    }

    [Theory]
    [InlineData("/api/races", "/api/plans/current")]
    [InlineData("/api/fitness", "/api/reports/2026/10")]
    [InlineData("/api/strava/status", "/api/profile")]
    public async Task Every_api_route_counts_the_token_in_one_budget(string first, string then)
    {
        await using var gateway = new GatewayFactory(upstreams, TestRedisServer.ConnectionString, new Dictionary<string, string?>
        {
            ["Gateway:RateLimits:ApiPerToken:PermitsPerSecond"] = "0.01",
            ["Gateway:RateLimits:ApiPerToken:Burst"] = "1",
        });
        using var client = await gateway.CreateClientFromAsync(GatewayFactory.NewClientAddress());
        var token = Guid.NewGuid().ToString("N");

        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(Bearer(HttpMethod.Get, first, token))).StatusCode);
        using var refused = await client.SendAsync(Bearer(HttpMethod.Post, then, token));

        Assert.Equal(0, gateway.LocalDecisions);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("api-token", (await refused.Content.ReadFromJsonAsync<ProblemDetails>())!.Extensions["policy"]?.ToString());
    }

    private static HttpRequestMessage Bearer(HttpMethod method, string path, string token) => new(method, path)
    {
        Headers = { Authorization = new AuthenticationHeaderValue("Bearer", token) },
    };
}
