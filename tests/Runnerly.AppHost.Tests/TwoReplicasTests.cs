using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Playwright;
using Npgsql;

namespace Runnerly.AppHost.Tests;

/// <summary>
/// The whole app with two copies of every service (<c>Runnerly:Replicas=2</c>; strava-sim stays one, as Strava is one):
/// every story of <see cref="WholeAppTests"/> again, and what replicas could break — a session made by one web replica
/// read by the other, one push subscription, a history imported once.
/// </summary>
[Collection(TwoReplicasCollection.Name)]
public sealed class TwoReplicasTests(TwoReplicasAppFixture fixture) : WholeAppTests(fixture)
{
    private static readonly TimeSpan TestBudget = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Every_service_runs_twice_and_strava_sim_once()
    {
        // The notifications replay every instance's current state first: collect them for a moment.
        var running = new Dictionary<string, HashSet<string>>();
        using var enough = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await foreach (var update in fixture.App.ResourceNotifications.WatchAsync(enough.Token))
            {
                if (update.Resource is ProjectResource && update.Snapshot.State?.Text == KnownResourceStates.Running)
                {
                    (running.TryGetValue(update.Resource.Name, out var ids) ? ids : running[update.Resource.Name] = []).Add(update.ResourceId);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }

        Assert.Single(running["strava-sim"]);
        Assert.All(new[] { "gateway", "identity", "data", "strava", "training", "reports", "web" }, name => Assert.Equal(2, running[name].Count));
    }

    [Fact]
    public async Task A_signed_in_runner_stays_signed_in_whichever_replicas_serve_each_request()
    {
        var site = fixture.App.GetEndpoint("gateway", "http").ToString().TrimEnd('/');
        using var playwright = await Playwright.CreateAsync();
        await using var chromium = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = "/usr/bin/chromium",
            Args = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update"],
        });
        var context = await chromium.NewContextAsync();
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        await JourneyPages.SignUpAsync(page, site, fixture.App, $"runner-{Guid.NewGuid():N}@example.test");
        var cookies = string.Join("; ", (await context.CookiesAsync()).Select(c => $"{c.Name}={c.Value}"));

        // Each load on a new connection, through either gateway to either web replica: the session cookie, made by one
        // web replica, and the access token inside it are read by whichever copy answers.
        using var timeout = new CancellationTokenSource(TestBudget);
        for (var load = 0; load < 20; load++)
        {
            using var fresh = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.Zero });
            using var request = new HttpRequestMessage(HttpMethod.Get, site + "/dashboard");
            request.Headers.Add("Cookie", cookies);
            request.Headers.ConnectionClose = true;
            using var dashboard = await fresh.SendAsync(request, timeout.Token);
            Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
            Assert.Contains("Next: connect Strava", await dashboard.Content.ReadAsStringAsync(timeout.Token));
        }
    }

    [Fact]
    public async Task Two_strava_replicas_hold_one_push_subscription_and_import_a_history_once()
    {
        using var timeout = new CancellationTokenSource(TestBudget);
        await Waits.UntilAsync("the strava service's push subscription", TestBudget, fixture.StravaPushSubscriptionsAsync, count => count > 0);
        Assert.Equal(1, await fixture.StravaPushSubscriptionsAsync(timeout.Token));

        using var browser = new RunnerBrowser(fixture.App);
        var email = $"runner-{Guid.NewGuid():N}@example.test";
        await browser.SignUpAndSignInAsync(email, "correct horse battery staple", timeout.Token);
        using var api = fixture.App.CreateHttpClient("gateway", "http");
        api.DefaultRequestHeaders.Authorization = new("Bearer", await browser.AccessTokenAsync(timeout.Token));
        await RunnerBrowser.LinkStravaAsync(api, athleteId: 1007, timeout.Token);

        var status = await Waits.UntilAsync("the Strava history to be imported", BackfillBudget,
            cancellationToken => api.GetFromJsonAsync<JsonElement>("/api/strava/status", cancellationToken), s => s.GetProperty("backfillComplete").GetBoolean());

        // Imported once: the import's own count is the number of runs the data service holds, not twice it.
        using var afterImport = new CancellationTokenSource(TestBudget);
        var runnerId = await fixture.RunnerIdAsync(email, afterImport.Token);
        await using var datadb = new NpgsqlConnection(await fixture.App.GetConnectionStringAsync("datadb", afterImport.Token));
        await datadb.OpenAsync(afterImport.Token);
        await using var runs = new NpgsqlCommand("SELECT count(*) FROM runs WHERE \"RunnerId\" = @runner", datadb);
        runs.Parameters.AddWithValue("runner", runnerId);
        var held = (long)(await runs.ExecuteScalarAsync(afterImport.Token))!;
        Assert.True(held > 1_000, $"only {held} runs");
        Assert.Equal(held, status.GetProperty("imported").GetInt32());
    }
}
