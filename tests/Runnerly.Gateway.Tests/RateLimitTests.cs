using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Time.Testing;
using Runnerly.Testing;

namespace Runnerly.Gateway.Tests;

public sealed class RateLimitTests(Upstreams upstreams) : IClassFixture<Upstreams>
{
    private static Dictionary<string, string?> PerClient(int burst) => new()
    {
        ["Gateway:RateLimits:PerClient:PermitsPerSecond"] = "0.01",
        ["Gateway:RateLimits:PerClient:Burst"] = burst.ToString(),
        ["Gateway:RateLimits:PerClient:LocalBatch"] = "1",
    };

    [Fact]
    public async Task The_burst_passes_and_the_next_request_gets_429_with_retry_after_and_problem_details()
    {
        await using var gateway = new GatewayFactory(upstreams, TestRedisServer.ConnectionString, PerClient(burst: 5));
        using var rejections = new MetricCollector<long>(gateway.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(),
            "Runnerly.Gateway", "runnerly.gateway.rejections");
        using var client = await gateway.CreateClientFromAsync(GatewayFactory.NewClientAddress());

        for (var i = 0; i < 5; i++)
        {
            using var passed = await client.GetAsync("/api/runs");
            Assert.Equal(HttpStatusCode.OK, passed.StatusCode);
        }

        using var refused = await client.GetAsync("/api/runs");
        Assert.Equal(0, gateway.LocalDecisions);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal(TimeSpan.FromSeconds(100), refused.Headers.RetryAfter?.Delta); // one token at 0.01/s, the clock standing still
        var problem = await refused.Content.ReadFromJsonAsync<ProblemDetails>();
        Assert.Equal(429, problem!.Status);
        Assert.Equal("client", problem.Extensions["policy"]?.ToString());

        using var otherClient = await gateway.CreateClientFromAsync(GatewayFactory.NewClientAddress());
        using var other = await otherClient.GetAsync("/api/runs");
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);

        Assert.Equal(1, rejections.GetMeasurementSnapshot().EvaluateAsCounter());
        Assert.Equal("client", rejections.LastMeasurement!.Tags["policy"]);
    }

    [Fact]
    public async Task Two_gateway_instances_share_one_limit()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var first = new GatewayFactory(upstreams, TestRedisServer.ConnectionString, PerClient(burst: 6), clock);
        await using var second = new GatewayFactory(upstreams, TestRedisServer.ConnectionString, PerClient(burst: 6), clock);
        var address = GatewayFactory.NewClientAddress();
        using var throughFirst = await first.CreateClientFromAsync(address);
        using var throughSecond = await second.CreateClientFromAsync(address);

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await throughFirst.GetAsync("/identity/sign-in")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await throughSecond.GetAsync("/identity/sign-in")).StatusCode);
        }

        using var refusedByFirst = await throughFirst.GetAsync("/identity/sign-in");
        using var refusedBySecond = await throughSecond.GetAsync("/identity/sign-in");
        Assert.Equal(0, first.LocalDecisions + second.LocalDecisions);
        Assert.Equal(HttpStatusCode.TooManyRequests, refusedByFirst.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, refusedBySecond.StatusCode);
    }

    [Fact]
    public async Task Instances_taking_tokens_in_batches_still_admit_no_more_than_the_shared_bucket_holds()
    {
        var settings = PerClient(burst: 20);
        settings["Gateway:RateLimits:PerClient:LocalBatch"] = "5";
        // One clock for both instances, standing still: nothing refills, no spare token expires.
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var first = new GatewayFactory(upstreams, TestRedisServer.ConnectionString, settings, clock);
        await using var second = new GatewayFactory(upstreams, TestRedisServer.ConnectionString, settings, clock);
        var address = GatewayFactory.NewClientAddress();
        using var throughFirst = await first.CreateClientFromAsync(address);
        using var throughSecond = await second.CreateClientFromAsync(address);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 20; i++)
        {
            using var viaFirst = await throughFirst.GetAsync("/api/runs");
            using var viaSecond = await throughSecond.GetAsync("/api/runs");
            statuses.AddRange([viaFirst.StatusCode, viaSecond.StatusCode]);
        }

        // One at a time, each instance spends the spare tokens of its batches itself: together they spend the bucket, never more.
        Assert.Equal(0, first.LocalDecisions + second.LocalDecisions);
        Assert.Equal(20, statuses.Count(status => status == HttpStatusCode.OK));
        Assert.Equal(20, statuses.Count(status => status == HttpStatusCode.TooManyRequests));

        // Forty at once on a fresh bucket: callers share refills, and up to a batch may stay unspent on each instance.
        address = GatewayFactory.NewClientAddress();
        using var concurrentFirst = await first.CreateClientFromAsync(address);
        using var concurrentSecond = await second.CreateClientFromAsync(address);
        var responses = await Task.WhenAll(Enumerable.Range(0, 20)
            .SelectMany(_ => new[] { concurrentFirst.GetAsync("/api/runs"), concurrentSecond.GetAsync("/api/runs") }));
        Assert.Equal(0, first.LocalDecisions + second.LocalDecisions);
        Assert.InRange(responses.Count(r => r.IsSuccessStatusCode), 10, 20);
        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.TooManyRequests }));
        Assert.All(responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests),
            refused => Assert.InRange(refused.Headers.RetryAfter?.Delta ?? TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(100)));
    }

    [Fact]
    public async Task Requests_arriving_together_share_the_calls_to_redis()
    {
        var settings = PerClient(burst: 1_000);
        settings["Gateway:RateLimits:PerClient:LocalBatch"] = "10";
        settings["Gateway:RateLimits:ConcurrentPerClient"] = "1000";
        await using var gateway = new GatewayFactory(upstreams, TestRedisServer.ConnectionString, settings);
        using var client = await gateway.CreateClientFromAsync(GatewayFactory.NewClientAddress());

        var responses = await Task.WhenAll(Enumerable.Range(0, 300).Select(_ => client.GetAsync("/api/runs")));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(0, gateway.LocalDecisions);
        // However the requests interleave, a call asks for a token for each request waiting and a batch more, or tops
        // up a half-spent batch: at least 5 tokens a call, of which at most one batch (10) stays unspent.
        Assert.InRange(gateway.RedisCalls, 1, (300 + 10) / 5);
    }

    [Fact]
    public async Task A_flood_past_the_limit_is_refused_without_asking_redis_until_a_token_can_exist()
    {
        var settings = PerClient(burst: 5);
        settings["Gateway:RateLimits:PerClient:LocalBatch"] = "10";
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var gateway = new GatewayFactory(upstreams, TestRedisServer.ConnectionString, settings, clock);
        using var client = await gateway.CreateClientFromAsync(GatewayFactory.NewClientAddress());

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 100; i++)
        {
            using var response = await client.GetAsync("/api/runs");
            statuses.Add(response.StatusCode);
            if (i == 99)
            {
                Assert.Equal(TimeSpan.FromSeconds(100), response.Headers.RetryAfter?.Delta); // the next token, at 0.01/s
            }
        }

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.OK, 5), .. Enumerable.Repeat(HttpStatusCode.TooManyRequests, 95)], statuses);
        Assert.Equal(0, gateway.LocalDecisions);
        // One call took the burst and heard when the next token comes: no top-up and no call for the 95 refused after
        // it, answered by this instance, as the shared bucket cannot hold a token before then.
        Assert.Equal(1, gateway.RedisCalls);

        clock.Advance(TimeSpan.FromSeconds(100));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/runs")).StatusCode);
    }

    [Fact]
    public async Task With_redis_stopped_the_gateway_keeps_serving_under_local_limits()
    {
        var redis = new OwnRedisServer();
        await using var gateway = new GatewayFactory(upstreams, redis.ConnectionString, PerClient(burst: 4));
        using var client = await gateway.CreateClientFromAsync(GatewayFactory.NewClientAddress());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/runs")).StatusCode);
        Assert.Equal(0, gateway.LocalDecisions);

        redis.Dispose();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            using var response = await client.GetAsync("/api/runs");
            statuses.Add(response.StatusCode);
        }

        // The local bucket starts full: four pass, then the local limit refuses; nothing fails.
        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.OK, 4), HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(6, gateway.LocalDecisions);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (await client.GetStringAsync("/health", timeout.Token) != "Degraded")
        {
            await Task.Delay(50, timeout.Token);
        }
    }

    [Fact]
    public async Task Account_forms_are_limited_per_email_whatever_the_address_and_reach_the_service_intact()
    {
        await using var gateway = new GatewayFactory(upstreams, TestRedisServer.ConnectionString, new Dictionary<string, string?>
        {
            ["Gateway:RateLimits:AccountPerEmail:PermitsPerSecond"] = "0.01",
            ["Gateway:RateLimits:AccountPerEmail:Burst"] = "2",
        });
        var email = $"runner-{Guid.NewGuid():N}@example.test";

        for (var i = 0; i < 2; i++)
        {
            using var client = await gateway.CreateClientFromAsync(GatewayFactory.NewClientAddress());
            using var passed = await client.PostAsync("/identity/sign-in", Form(email));
            Assert.Equal(HttpStatusCode.OK, passed.StatusCode);
            Assert.Equal($"identity /identity/sign-in Email={Uri.EscapeDataString(email)}&Password=guess", await passed.Content.ReadAsStringAsync());
        }

        using var third = await gateway.CreateClientFromAsync(GatewayFactory.NewClientAddress());
        using var refused = await third.PostAsync("/identity/sign-in", Form(email.ToUpperInvariant()));
        Assert.Equal(0, gateway.LocalDecisions);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("account-email", (await refused.Content.ReadFromJsonAsync<ProblemDetails>())!.Extensions["policy"]?.ToString());

        using var otherEmail = await third.PostAsync("/identity/forgot-password", Form($"other-{email}"));
        Assert.Equal(HttpStatusCode.OK, otherEmail.StatusCode);
    }

    [Fact]
    public async Task Account_forms_are_limited_per_address()
    {
        await using var gateway = new GatewayFactory(upstreams, TestRedisServer.ConnectionString, new Dictionary<string, string?>
        {
            ["Gateway:RateLimits:AccountPerClient:PermitsPerSecond"] = "0.01",
            ["Gateway:RateLimits:AccountPerClient:Burst"] = "3",
        });
        using var client = await gateway.CreateClientFromAsync(GatewayFactory.NewClientAddress());

        foreach (var page in new[] { "/identity/sign-up", "/identity/resend-confirmation", "/identity/sign-in" })
        {
            Assert.Equal(HttpStatusCode.OK, (await client.PostAsync(page, Form($"{Guid.NewGuid():N}@example.test"))).StatusCode);
        }

        using var refused = await client.PostAsync("/identity/sign-in", Form($"{Guid.NewGuid():N}@example.test"));
        Assert.Equal(0, gateway.LocalDecisions);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("account-client", (await refused.Content.ReadFromJsonAsync<ProblemDetails>())!.Extensions["policy"]?.ToString());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/identity/sign-in")).StatusCode); // reading the page is not limited
    }

    [Fact]
    public async Task A_browser_refused_by_the_sign_in_limit_sees_a_page_saying_how_long_to_wait()
    {
        await using var gateway = new GatewayFactory(upstreams, TestRedisServer.ConnectionString, new Dictionary<string, string?>
        {
            ["Gateway:RateLimits:AccountPerClient:PermitsPerSecond"] = "0.01",
            ["Gateway:RateLimits:AccountPerClient:Burst"] = "1",
        });
        using var client = await gateway.CreateClientFromAsync(GatewayFactory.NewClientAddress());
        using var passed = await client.SendAsync(BrowserPages.Request(HttpMethod.Post, "/identity/sign-in", Form("runner@example.test")));
        Assert.Equal(HttpStatusCode.OK, passed.StatusCode);

        using var refused = await client.SendAsync(BrowserPages.Request(HttpMethod.Post, "/identity/sign-in", Form("runner@example.test")));

        var page = await BrowserPages.AssertAppPageAsync(refused, HttpStatusCode.TooManyRequests);
        var seconds = refused.Headers.RetryAfter?.Delta?.TotalSeconds;
        Assert.InRange(seconds ?? 0, 1, 100);
        Assert.Contains($"Please wait {seconds} s before trying again.", page);
    }

    [Fact]
    public async Task Api_calls_are_limited_per_access_token()
    {
        await using var gateway = new GatewayFactory(upstreams, TestRedisServer.ConnectionString, new Dictionary<string, string?>
        {
            ["Gateway:RateLimits:ApiPerToken:PermitsPerSecond"] = "0.01",
            ["Gateway:RateLimits:ApiPerToken:Burst"] = "3",
        });
        using var client = await gateway.CreateClientFromAsync(GatewayFactory.NewClientAddress());
        var token = Guid.NewGuid().ToString("N");

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(Bearer("/api/runs", token))).StatusCode);
        }

        using var refused = await client.SendAsync(Bearer("/api/stats", token));
        Assert.Equal(0, gateway.LocalDecisions);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("api-token", (await refused.Content.ReadFromJsonAsync<ProblemDetails>())!.Extensions["policy"]?.ToString());
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(Bearer("/api/runs", Guid.NewGuid().ToString("N")))).StatusCode);
    }

    [Fact]
    public async Task Strava_webhook_events_have_a_budget_of_their_own_per_sending_address()
    {
        await using var gateway = new GatewayFactory(upstreams, TestRedisServer.ConnectionString, new Dictionary<string, string?>
        {
            ["Gateway:RateLimits:StravaWebhook:PermitsPerSecond"] = "0.01",
            ["Gateway:RateLimits:StravaWebhook:Burst"] = "2",
        });
        using var strava = await gateway.CreateClientFromAsync(GatewayFactory.NewClientAddress());
        using var other = await gateway.CreateClientFromAsync(GatewayFactory.NewClientAddress());

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await strava.PostAsJsonAsync("/strava/webhook", new { object_type = "activity" });
            statuses.Add(response.StatusCode);
        }

        using var fromElsewhere = await other.PostAsJsonAsync("/strava/webhook", new { object_type = "activity" });
        using var otherTraffic = await strava.GetAsync("/api/runs");

        Assert.Equal(0, gateway.LocalDecisions);
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(HttpStatusCode.OK, fromElsewhere.StatusCode);
        Assert.Equal(HttpStatusCode.OK, otherTraffic.StatusCode);
    }

    [Fact]
    public async Task Account_limits_hold_whatever_the_path_s_case_or_trailing_slash_and_wherever_the_email_is()
    {
        await using var gateway = new GatewayFactory(upstreams, TestRedisServer.ConnectionString, new Dictionary<string, string?>
        {
            ["Gateway:RateLimits:AccountPerEmail:PermitsPerSecond"] = "0.01",
            ["Gateway:RateLimits:AccountPerEmail:Burst"] = "2",
        });
        using var client = await gateway.CreateClientFromAsync(GatewayFactory.NewClientAddress());
        var email = $"runner-{Guid.NewGuid():N}@example.test";

        using var first = await client.PostAsync("/identity/sign-in/", Form(email));
        using var second = await client.PostAsync($"/IDENTITY/Sign-In?Email={Uri.EscapeDataString(email)}",
            new FormUrlEncodedContent([KeyValuePair.Create("Password", "guess")]));
        using var third = await client.PostAsync("/identity/sign-in", new FormUrlEncodedContent(
            [KeyValuePair.Create("Email", email), KeyValuePair.Create("Email", $"other-{Guid.NewGuid():N}@example.test")]));

        Assert.Equal(0, gateway.LocalDecisions);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
    }

    [Fact]
    public async Task A_client_may_have_only_so_many_requests_in_flight()
    {
        await using var gateway = new GatewayFactory(upstreams, TestRedisServer.ConnectionString, new Dictionary<string, string?>
        {
            ["Gateway:RateLimits:ConcurrentPerClient"] = "1",
        });
        using var client = await gateway.CreateClientFromAsync(GatewayFactory.NewClientAddress());

        var slow = client.GetAsync("/api/runs/slow");
        await upstreams.Data.SlowRequestArrived.WaitAsync(TimeSpan.FromSeconds(30));
        using var refused = await client.GetAsync("/api/runs");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("client-concurrency", (await refused.Content.ReadFromJsonAsync<ProblemDetails>())!.Extensions["policy"]?.ToString());
        upstreams.Data.ReleaseSlowRequests();
        Assert.Equal(HttpStatusCode.OK, (await slow).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/runs")).StatusCode);
    }

    private static FormUrlEncodedContent Form(string email) => new(new Dictionary<string, string> { ["Email"] = email, ["Password"] = "guess" });

    private static HttpRequestMessage Bearer(string path, string token) => new(HttpMethod.Get, path)
    {
        Headers = { Authorization = new AuthenticationHeaderValue("Bearer", token) },
    };
}
