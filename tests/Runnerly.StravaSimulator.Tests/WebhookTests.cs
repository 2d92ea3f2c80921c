using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Runnerly.StravaSimulator.Tests;

public sealed class WebhookTests : IAsyncLifetime
{
    private const string VerifyToken = "verify-me";

    private readonly SimulatorFactory _strava = new();
    private WebhookReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await WebhookReceiver.StartAsync(VerifyToken);

    public async Task DisposeAsync()
    {
        await _strava.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    [Fact]
    public async Task A_subscription_is_created_once_after_the_callback_echoes_the_challenge()
    {
        using var client = _strava.CreateBrowser();

        using var wrongToken = await SubscribeAsync(client, "not-the-token");
        using var created = await SubscribeAsync(client, VerifyToken);
        using var again = await SubscribeAsync(client, VerifyToken);
        var listed = await client.GetFromJsonAsync<JsonElement>(
            $"/api/v3/push_subscriptions?client_id={SimulatorFactory.ClientId}&client_secret={SimulatorFactory.ClientSecret}");

        Assert.Equal(HttpStatusCode.BadRequest, wrongToken.StatusCode);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(1, (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64());
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Equal(_receiver.CallbackUrl.ToString(), listed[0].GetProperty("callback_url").GetString());
    }

    [Fact]
    public async Task New_renamed_and_deleted_runs_and_a_deauthorization_reach_the_callback_as_strava_events()
    {
        using var client = _strava.CreateBrowser();
        (await SubscribeAsync(client, VerifyToken)).Dispose();
        using var athlete = await _strava.AthleteClientAsync(1002);

        var created = await client.PostAsync("/sim/latest/new-run", null);
        var runId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("activity").GetProperty("id").GetInt64();
        var newest = await athlete.GetFromJsonAsync<JsonElement>("/api/v3/athlete/activities?per_page=1");
        (await client.PatchAsJsonAsync($"/sim/athletes/1002/activities/{runId}", new { name = "Tempo" })).Dispose();
        (await client.DeleteAsync($"/sim/athletes/1002/activities/{runId}")).Dispose();
        using var gone = await athlete.GetAsync($"/api/v3/activities/{runId}");
        (await client.PostAsync("/sim/latest/deauthorize", null)).Dispose();
        using var revoked = await athlete.GetAsync("/api/v3/athlete");

        Assert.Equal(runId, newest[0].GetProperty("id").GetInt64());
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, revoked.StatusCode);
        var events = _receiver.Events.ToList();
        Assert.Equal(["activity create", "activity update", "activity delete", "athlete update"],
            events.Select(e => $"{e.GetProperty("object_type").GetString()} {e.GetProperty("aspect_type").GetString()}"));
        Assert.All(events, e => Assert.Equal(1002, e.GetProperty("owner_id").GetInt64()));
        Assert.All(events.Take(3), e => Assert.Equal(runId, e.GetProperty("object_id").GetInt64()));
        Assert.Equal("Tempo", events[1].GetProperty("updates").GetProperty("title").GetString());
        Assert.Equal("false", events[3].GetProperty("updates").GetProperty("authorized").GetString());
    }

    [Fact]
    public async Task An_event_the_callback_refuses_is_tried_three_times()
    {
        using var client = _strava.CreateBrowser();
        (await SubscribeAsync(client, VerifyToken)).Dispose();

        _receiver.FailNext = 2;
        var delivered = await (await client.PostAsync("/sim/athletes/1001/activities", null)).Content.ReadFromJsonAsync<JsonElement>();
        _receiver.FailNext = 3;
        var lost = await (await client.PostAsync("/sim/athletes/1001/activities", null)).Content.ReadFromJsonAsync<JsonElement>();

        Assert.True(delivered.GetProperty("delivered").GetBoolean());
        Assert.False(lost.GetProperty("delivered").GetBoolean());
        Assert.Single(_receiver.Events);
    }

    [Fact]
    public async Task Faults_can_be_switched_on_and_off_while_running()
    {
        using var client = _strava.CreateBrowser();
        using var athlete = await _strava.AthleteClientAsync(1001);

        using var invalid = await client.PutAsJsonAsync("/sim/faults", new { error_rate = 2.0, latency_ms = 0 });
        (await client.PutAsJsonAsync("/sim/faults", new { error_rate = 1.0, latency_ms = 0 })).Dispose();
        using var failing = await athlete.GetAsync("/api/v3/athlete");
        (await client.PostAsync("/sim/faults/off", null)).Dispose();
        using var working = await athlete.GetAsync("/api/v3/athlete");

        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal(HttpStatusCode.InternalServerError, failing.StatusCode);
        Assert.Equal(HttpStatusCode.OK, working.StatusCode);
    }

    private Task<HttpResponseMessage> SubscribeAsync(HttpClient client, string verifyToken) =>
        client.PostAsync("/api/v3/push_subscriptions", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["client_id"] = SimulatorFactory.ClientId,
            ["client_secret"] = SimulatorFactory.ClientSecret,
            ["callback_url"] = _receiver.CallbackUrl.ToString(),
            ["verify_token"] = verifyToken,
        }));
}
