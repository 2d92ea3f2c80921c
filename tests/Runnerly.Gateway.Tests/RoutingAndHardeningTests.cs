using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc;
using Runnerly.Testing;

namespace Runnerly.Gateway.Tests;

public sealed class RoutingAndHardeningTests(Upstreams upstreams) : IClassFixture<Upstreams>, IAsyncLifetime
{
    private GatewayFactory _gateway = null!;

    public Task InitializeAsync()
    {
        _gateway = new GatewayFactory(upstreams, TestRedisServer.ConnectionString, new Dictionary<string, string?>
        {
            ["Gateway:Hardening:MaxRequestBodyBytes"] = "1024",
        });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Theory]
    [InlineData("/identity/sign-in", "identity")]
    [InlineData("/identity/css/site.css", "identity")]
    [InlineData("/connect/authorize?client_id=web", "identity")]
    [InlineData("/.well-known/openid-configuration", "identity")]
    [InlineData("/api/profile", "data")]
    [InlineData("/api/runs?limit=10", "data")]
    [InlineData("/api/runs/3f1c", "data")]
    [InlineData("/api/stats/weeks", "data")]
    [InlineData("/api/records", "data")]
    [InlineData("/api/strava/status", "strava")]
    [InlineData("/strava/callback?state=s&code=c&scope=read", "strava")]
    [InlineData("/strava/webhook?hub.mode=subscribe", "strava")]
    [InlineData("/api/races", "training")]
    [InlineData("/api/races/", "training")]
    [InlineData("/api/races/2026-berlin/participants", "training")]
    [InlineData("/api/plans", "training")]
    [InlineData("/api/plans/current?week=3", "training")]
    [InlineData("/api/fitness", "training")]
    [InlineData("/calendar/c2f1e0.ics", "training")]
    [InlineData("/api/reports", "reports")]
    [InlineData("/api/reports/2026/10", "reports")]
    [InlineData("/reports/unsubscribe/t0k3n", "reports")]
    [InlineData("/", "web")]
    [InlineData("/dashboard", "web")]
    [InlineData("/runs/2026/11", "web")]
    [InlineData("/signin-oidc?code=c&state=s", "web")]
    public async Task Each_route_reaches_its_service_with_path_and_query_unchanged(string pathAndQuery, string service)
    {
        using var client = await _gateway.CreateClientFromAsync(GatewayFactory.NewClientAddress());

        using var response = await client.GetAsync(pathAndQuery);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($"{service} {pathAndQuery}", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/api/unknown")]
    [InlineData("/identityx")]
    [InlineData("/stravax")]
    [InlineData("/api/runsx")]
    [InlineData("/api/racesx")]
    [InlineData("/calendarx/feed.ics")]
    [InlineData("/reports/2026/10")]
    public async Task Paths_no_other_service_owns_go_to_the_web_which_answers_for_them(string path)
    {
        using var client = await _gateway.CreateClientFromAsync(GatewayFactory.NewClientAddress());

        using var response = await client.GetAsync(path);

        Assert.Equal($"web {path}", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("POST", "/calendar/c2f1e0.ics", "web")]
    [InlineData("DELETE", "/calendar/c2f1e0.ics", "web")]
    [InlineData("POST", "/reports/unsubscribe/t0k3n", "reports")]
    [InlineData("PUT", "/reports/unsubscribe/t0k3n", "web")]
    public async Task Calendar_feeds_are_only_read_and_unsubscribe_links_only_opened_or_posted(string method, string path, string service)
    {
        using var client = await _gateway.CreateClientFromAsync(GatewayFactory.NewClientAddress());

        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal($"{service} {path}", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("GET", "/api/runners")]
    [InlineData("GET", "/api/runners?limit=2")]
    [InlineData("POST", "/api/runners/r1/runs/batch")]
    [InlineData("DELETE", "/API/Runners/r1")]
    [InlineData("GET", "/api/monthly-summaries/2026/10")]
    [InlineData("GET", "/api/monthly-summaries/")]
    public async Task Paths_for_services_only_are_not_on_the_public_edge(string method, string pathAndQuery)
    {
        using var client = await _gateway.CreateClientFromAsync(GatewayFactory.NewClientAddress());

        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), pathAndQuery));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(404, (await response.Content.ReadFromJsonAsync<ProblemDetails>())!.Status);
    }

    [Fact]
    public async Task An_oversized_body_gets_413_with_problem_details()
    {
        using var client = await _gateway.CreateClientFromAsync(GatewayFactory.NewClientAddress());

        using var response = await client.PostAsync("/api/runs", new StringContent(new string('x', 1025)));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>();
        Assert.Contains("1024 bytes", problem!.Detail);
    }

    [Theory]
    [InlineData("GET", "/?x=%00", BrowserPages.Accept, HttpStatusCode.BadRequest, "x: Control characters (such as NUL) are not allowed here.")]
    [InlineData("GET", "/identity/sign-in?returnUrl=%01", BrowserPages.Accept, HttpStatusCode.BadRequest, "returnUrl: Control characters")]
    [InlineData("POST", "/api/runs", BrowserPages.Accept, HttpStatusCode.RequestEntityTooLarge, "at most 1024 bytes")]
    [InlineData("GET", "/?x=%00", "text/html", HttpStatusCode.BadRequest, "x: Control characters")] // no */* at all: once a 500
    [InlineData("GET", "/api/runners/r1", BrowserPages.Accept, HttpStatusCode.NotFound, "There is no page here")]
    public async Task A_browser_gets_the_gateways_own_answers_as_a_page_in_the_apps_look(string method, string path, string accept,
        HttpStatusCode status, string saying)
    {
        using var client = await _gateway.CreateClientFromAsync(GatewayFactory.NewClientAddress());
        using var request = BrowserPages.Request(new HttpMethod(method), path, method == "POST" ? new StringContent(new string('x', 1025)) : null, accept);

        using var response = await client.SendAsync(request);

        var page = await BrowserPages.AssertAppPageAsync(response, status);
        Assert.Contains(saying, page);
    }

    [Fact]
    public async Task An_oversized_account_form_sent_in_chunks_gets_413_too()
    {
        using var client = await _gateway.CreateClientFromAsync(GatewayFactory.NewClientAddress());
        var form = "Email=runner%40example.test&Password=" + new string('x', 2000);

        using var response = await client.PostAsync("/identity/sign-in", new ChunkedForm(form));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task A_body_within_the_limit_is_forwarded_whole()
    {
        using var client = await _gateway.CreateClientFromAsync(GatewayFactory.NewClientAddress());
        var body = new string('x', 1024);

        using var response = await client.PostAsync("/api/runs", new StringContent(body));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($"data /api/runs {body}", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_overlong_url_is_refused()
    {
        using var client = await _gateway.CreateClientFromAsync(GatewayFactory.NewClientAddress());

        using var response = await client.GetAsync("/api/runs?q=" + new string('a', 9000));

        Assert.Equal(HttpStatusCode.RequestUriTooLong, response.StatusCode);
    }

    [Fact]
    public async Task Responses_carry_security_headers_and_not_the_upstream_server_name()
    {
        using var client = await _gateway.CreateClientFromAsync(GatewayFactory.NewClientAddress());

        using var response = await client.GetAsync("/identity/sign-in");

        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("strict-origin-when-cross-origin", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.False(response.Headers.Contains("Server"));
    }

    /// <summary>A form body without a declared length, as a chunked upload sends it.</summary>
    private sealed class ChunkedForm : HttpContent
    {
        private readonly byte[] _body;

        public ChunkedForm(string body)
        {
            _body = System.Text.Encoding.UTF8.GetBytes(body);
            Headers.ContentType = new("application/x-www-form-urlencoded");
        }

        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) => stream.WriteAsync(_body).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
