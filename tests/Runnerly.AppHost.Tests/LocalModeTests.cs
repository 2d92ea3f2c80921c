using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Npgsql;
using StackExchange.Redis;

namespace Runnerly.AppHost.Tests;

[Collection(LocalAppCollection.Name)]
public sealed class LocalModeTests(LocalAppFixture fixture) : WholeAppTests(fixture);

/// <summary>The stories every copy of the app must hold, whatever number of replicas runs each service.</summary>
public abstract class WholeAppTests(LocalAppFixture fixture)
{
    /// <summary>A test's own work, once the app is up (the fixture waits for that on its own budget).</summary>
    private static readonly TimeSpan TestBudget = TimeSpan.FromMinutes(2);

    /// <summary>A runner's whole Strava history (over a thousand activities) through strava-sim, the strava service and data.</summary>
    internal static readonly TimeSpan BackfillBudget = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task Every_resource_becomes_healthy()
    {
        using var timeout = new CancellationTokenSource(TestBudget);
        var resources = fixture.Resources;
        Assert.Contains(resources, r => r.Name == "postgres");
        Assert.Contains(resources, r => r.Name == "datadb");
        Assert.Contains(resources, r => r.Name == "identitydb");
        Assert.Contains(resources, r => r.Name == "identity");
        Assert.Contains(resources, r => r.Name == "data");
        Assert.Contains(resources, r => r.Name == "redis");
        Assert.Contains(resources, r => r.Name == "mail");
        Assert.Contains(resources, r => r.Name == "gateway");
        Assert.Contains(resources, r => r.Name == "strava-sim");
        Assert.Contains(resources, r => r.Name == "strava");
        Assert.Contains(resources, r => r.Name == "stravadb");
        Assert.Contains(resources, r => r.Name == "training");
        Assert.Contains(resources, r => r.Name == "trainingdb");
        Assert.Contains(resources, r => r.Name == "web");

        foreach (var resource in resources)
        {
            await fixture.App.ResourceNotifications.WaitForResourceHealthyAsync(resource.Name, timeout.Token);
        }
    }

    [Fact]
    public async Task Every_service_answers_health_and_alive()
    {
        using var timeout = new CancellationTokenSource(TestBudget);
        var services = fixture.Model.Resources.OfType<ProjectResource>().ToList();
        Assert.NotEmpty(services);

        foreach (var service in services)
        {
            await fixture.App.ResourceNotifications.WaitForResourceHealthyAsync(service.Name, timeout.Token);
            using var client = fixture.App.CreateHttpClient(service.Name);

            using var health = await client.GetAsync("/health", timeout.Token);
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
            using var alive = await client.GetAsync("/alive", timeout.Token);
            Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
        }
    }

    [Fact]
    public async Task Databases_redis_and_mail_accept_connections()
    {
        using var timeout = new CancellationTokenSource(TestBudget);
        await using (var postgres = new NpgsqlConnection(await fixture.App.GetConnectionStringAsync("datadb", timeout.Token)))
        {
            await postgres.OpenAsync(timeout.Token);
            Assert.Equal("datadb", postgres.Database);
        }

        await using (var redis = await ConnectionMultiplexer.ConnectAsync((await fixture.App.GetConnectionStringAsync("redis", timeout.Token))!))
        {
            var key = $"apphost-test:{Guid.NewGuid():N}";
            Assert.True(await redis.GetDatabase().StringSetAsync(key, "42", TimeSpan.FromMinutes(1)));
            Assert.Equal("42", (string?)await redis.GetDatabase().StringGetAsync(key));
        }

        using var mail = fixture.App.CreateHttpClient("mail", "http");
        using var messages = await mail.GetAsync("/api/messages", timeout.Token);
        Assert.Equal(HttpStatusCode.OK, messages.StatusCode);
        Assert.NotNull(await messages.Content.ReadFromJsonAsync<object>(timeout.Token));
    }

    [Fact]
    public async Task A_runner_signs_up_confirms_signs_in_and_deletes_the_account_and_its_data_everywhere()
    {
        using var timeout = new CancellationTokenSource(TestBudget);
        using var browser = new RunnerBrowser(fixture.App);
        var email = $"runner-{Guid.NewGuid():N}@example.test";
        const string password = "correct horse battery staple";

        await browser.SignUpAndSignInAsync(email, password, timeout.Token);
        await using var identitydb = new NpgsqlConnection(await fixture.App.GetConnectionStringAsync("identitydb", timeout.Token));
        await identitydb.OpenAsync(timeout.Token);
        var runnerId = await fixture.RunnerIdAsync(email, timeout.Token);

        using var delete = await browser.SubmitAsync("/identity/account", new() { ["DeletePassword"] = password },
            action: "/identity/account?handler=Delete", cancellationToken: timeout.Token);
        Assert.Equal(HttpStatusCode.Redirect, delete.StatusCode);

        // The identity service asks each service holding runners' data, with a service token, to delete the runner's (and again once
        // every token issued before the deletion has expired, beyond this test's time: the first pass is what it waits for).
        // The test's own budget covers them all: a slow first service leaves less time to the others, not more.
        foreach (var service in new[] { "data", "strava", "training", "reports" })
        {
            var lastError = "";
            try
            {
                await Waits.UntilAsync(async cancellationToken =>
                {
                    await using var query = new NpgsqlCommand(
                        "SELECT \"FirstPassAt\" IS NOT NULL, coalesce(\"LastError\", '') FROM account_deletions WHERE \"UserId\" = @runner AND \"Service\" = @service ORDER BY \"Id\" DESC LIMIT 1",
                        identitydb);
                    query.Parameters.AddWithValue("runner", runnerId);
                    query.Parameters.AddWithValue("service", service);
                    await using var row = await query.ExecuteReaderAsync(cancellationToken);
                    Assert.True(await row.ReadAsync(cancellationToken), $"no deletion was queued for {service}");
                    lastError = row.GetString(1);
                    return row.GetBoolean(0);
                }, completed => completed, null, timeout.Token);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested)
            {
                Assert.Fail($"{service} never confirmed the deletion within the test's {TestBudget}; last error: {lastError}");
            }
        }
    }

    [Fact]
    public async Task The_gateway_routes_to_identity_and_data_and_tokens_name_it_as_their_issuer()
    {
        using var timeout = new CancellationTokenSource(TestBudget);
        using var gateway = fixture.App.CreateHttpClient("gateway", "http");

        using var discovery = await gateway.GetFromJsonAsync<JsonDocument>("/.well-known/openid-configuration", timeout.Token);
        Assert.Equal(gateway.BaseAddress!.ToString(), discovery!.RootElement.GetProperty("issuer").GetString());

        using var signIn = await gateway.GetAsync("/identity/sign-in", timeout.Token);
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        Assert.Equal("nosniff", signIn.Headers.GetValues("X-Content-Type-Options").Single());
        using var stylesheet = await gateway.GetAsync("/identity/css/site.css", timeout.Token);
        Assert.Equal(HttpStatusCode.OK, stylesheet.StatusCode);

        using var runs = await gateway.GetAsync("/api/runs", timeout.Token);
        Assert.Equal(HttpStatusCode.Unauthorized, runs.StatusCode);
        Assert.Equal("Bearer", runs.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task The_dashboard_s_commands_make_things_happen_on_the_strava_simulator()
    {
        using var timeout = new CancellationTokenSource(TestBudget);
        var created = await fixture.App.ResourceCommands.ExecuteCommandAsync("strava-sim", "new-run", timeout.Token);
        var renamed = await fixture.App.ResourceCommands.ExecuteCommandAsync("strava-sim", "rename-run", timeout.Token);

        Assert.True(created.Success, created.Message);
        Assert.True(renamed.Success, renamed.Message);
    }

    [Fact]
    public async Task A_runner_links_strava_their_history_arrives_in_data_and_a_new_strava_run_follows_through_the_webhook()
    {
        using var timeout = new CancellationTokenSource(TestBudget);
        using var browser = new RunnerBrowser(fixture.App);
        await browser.SignUpAndSignInAsync($"runner-{Guid.NewGuid():N}@example.test", "correct horse battery staple", timeout.Token);
        using var api = fixture.App.CreateHttpClient("gateway", "http");
        api.DefaultRequestHeaders.Authorization = new("Bearer", await browser.AccessTokenAsync(timeout.Token));

        await RunnerBrowser.LinkStravaAsync(api, athleteId: 1005, timeout.Token);

        var status = await Waits.UntilAsync("the Strava history to be imported", BackfillBudget,
            cancellationToken => api.GetFromJsonAsync<JsonElement>("/api/strava/status", cancellationToken), s => s.GetProperty("backfillComplete").GetBoolean());
        using var afterImport = new CancellationTokenSource(TestBudget); // the backfill had its own budget
        var newest = (await api.GetFromJsonAsync<JsonElement>("/api/runs?limit=1", afterImport.Token)).GetProperty("items")[0];
        Assert.True(status.GetProperty("imported").GetInt32() > 1_000);
        Assert.Equal("strava", newest.GetProperty("source").GetString());

        // The strava service subscribed to strava-sim's push events at start-up; a new run on Strava arrives by itself.
        await Waits.UntilAsync("the strava service's push subscription", TestBudget, fixture.StravaPushSubscriptionsAsync, count => count > 0);
        var created = await fixture.App.ResourceCommands.ExecuteCommandAsync("strava-sim", "new-run", afterImport.Token);
        Assert.True(created.Success, created.Message);
        await Waits.UntilAsync("the new Strava run to arrive through the webhook", TestBudget,
            cancellationToken => api.GetFromJsonAsync<JsonElement>("/api/runs?limit=1", cancellationToken),
            runs => runs.GetProperty("items")[0].GetProperty("sourceId").GetString() != newest.GetProperty("sourceId").GetString());
    }
}
