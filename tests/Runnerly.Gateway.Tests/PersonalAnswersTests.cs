using System.Net;
using Runnerly.Testing;

namespace Runnerly.Gateway.Tests;

/// <summary>API answers are a runner's own data: no shared cache may keep them, whatever the service said.</summary>
public sealed class PersonalAnswersTests(Upstreams upstreams) : IClassFixture<Upstreams>, IAsyncLifetime
{
    private GatewayFactory _gateway = null!;

    public Task InitializeAsync()
    {
        _gateway = new GatewayFactory(upstreams, TestRedisServer.ConnectionString);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Theory]
    [InlineData("/api/runs", null, null, "private, no-store")]
    [InlineData("/api/races", "public, max-age=600", null, "private, no-store")]
    [InlineData("/api/plans/current", "s-maxage=60", null, "private, no-store")]
    [InlineData("/api/stats", "no-store", null, "no-store")]
    [InlineData("/api/profile", "private, no-store, max-age=0", null, "private, no-store, max-age=0")]
    [InlineData("/api/runs/2026/6", "private, no-cache", "\"abc\"", "private, no-cache")]
    [InlineData("/api/records", "public, max-age=600", "\"abc\"", "private, no-cache")]
    [InlineData("/api/unknown", null, null, "private, no-store")]
    [InlineData("/dashboard", "public, max-age=600", null, "public, max-age=600")]
    [InlineData("/calendar/c2f1e0.ics", "private, max-age=900", null, "private, max-age=900")]
    public async Task Api_answers_may_be_kept_by_no_shared_cache(string path, string? upstreamCacheControl, string? etag, string expected)
    {
        using var client = await _gateway.CreateClientFromAsync(GatewayFactory.NewClientAddress());
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        foreach (var (header, value) in new[] { (Upstream.AnswerCacheControl, upstreamCacheControl), (Upstream.AnswerETag, etag) })
        {
            if (value is not null)
            {
                request.Headers.Add(header, value);
            }
        }

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(expected, response.Headers.NonValidated["Cache-Control"].ToString());
        Assert.Equal(etag, response.Headers.ETag?.ToString());
    }

    [Theory]
    [InlineData("/api/runners/r1")] // the gateway's own 404 for service-only paths
    [InlineData("/api/monthly-summaries/2026/10")]
    public async Task The_gateway_s_own_api_answers_are_not_stored_either(string path)
    {
        using var client = await _gateway.CreateClientFromAsync(GatewayFactory.NewClientAddress());

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("private, no-store", response.Headers.NonValidated["Cache-Control"].ToString());
    }
}
