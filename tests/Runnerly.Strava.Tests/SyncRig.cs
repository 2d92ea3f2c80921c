using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Runnerly.Strava.Sync;
using Runnerly.Testing;

namespace Runnerly.Strava.Tests;

/// <summary>
/// strava-sim, the data service and the strava service with its worker, wired as in the app:
/// what the sync tests link, import and watch. The clock moves only when a test moves it, so
/// whatever the worker puts off (a back-off, a retry) waits for the test: tests move the clock to
/// the moment the database says, never by a guess, and only once no step is in flight.
/// </summary>
public sealed class SyncRig : IAsyncDisposable
{
    // The first instance owns the database; a restarted one only uses it.
    private readonly StravaServiceFactory _first;

    private SyncRig(StravaSimulator strava, DataService data, StravaServiceFactory service) => (Strava, Data, Service, _first) = (strava, data, service, service);

    public StravaSimulator Strava { get; }

    public DataService Data { get; }

    public StravaServiceFactory Service { get; private set; }

    /// <param name="stravaSettings">strava-sim's settings.</param>
    /// <param name="turnedByTest">No worker: the test turns the engine itself (<see cref="TurnAsync"/>), so it can count what each turn does.</param>
    /// <param name="serviceSettings">The strava service's own settings, beside the rig's.</param>
    public static async Task<SyncRig> StartAsync(IReadOnlyDictionary<string, string?>? stravaSettings = null, bool turnedByTest = false,
        IReadOnlyDictionary<string, string?>? serviceSettings = null)
    {
        var strava = new StravaSimulator(stravaSettings);
        var data = new DataService(new TestTokenIssuer());
        await data.InitializeAsync();
        await data.CreateReadyClientAsync();
        var settings = new Dictionary<string, string?>(serviceSettings ?? new Dictionary<string, string?>());
        if (turnedByTest)
        {
            settings["Strava:Sync:Enabled"] = "false";
        }

        var service = new StravaServiceFactory(strava, data, settings: settings);
        await service.InitializeAsync();
        await service.CreateReadyClientAsync();
        return new SyncRig(strava, data, service);
    }

    /// <summary>The strava service stops without warning (its hold on any link stays) and starts again on the same database.</summary>
    public async Task RestartServiceAsync()
    {
        var database = Service.Database;
        await ((IAsyncDisposable)Service).DisposeAsync();
        Service = new StravaServiceFactory(Strava, Data, database);
        await Service.InitializeAsync();
        await Service.CreateReadyClientAsync();
    }

    /// <summary>Polls until <paramref name="condition"/> holds. The timeout only bounds a test that is broken; nothing waits for it.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, int seconds = 120)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        while (!await condition())
        {
            if (timeout.IsCancellationRequested)
            {
                throw new TimeoutException($"Waited {seconds} s for: {what}");
            }

            await Task.Delay(50);
        }
    }

    public Task WaitForBackfillAsync(string runnerId) =>
        WaitUntilAsync(async () => (await Service.StatusAsync(runnerId)).GetProperty("backfillComplete").GetBoolean(), $"{runnerId}'s backfill");

    /// <summary>Waits until the worker has nothing in hand or due: no link held, no sync due.</summary>
    public Task WaitForQuietAsync() => WaitUntilAsync(async () => await ScalarAsync(
        $"SELECT count(*) FROM strava_links WHERE \"HeldUntil\" IS NOT NULL OR \"NextSyncAt\" <= '{Strava.Clock.GetUtcNow():O}'") == 0, "the worker idle");

    /// <summary>Waits until every stored webhook event has been processed.</summary>
    public Task WaitForEventsProcessedAsync() => WaitUntilAsync(async () => await UnprocessedEventsAsync() == 0, "the events processed");

    /// <summary>Waits until no step holds a link: whatever failed has written its back-off.</summary>
    public Task WaitForNoLinkHeldAsync() => WaitUntilAsync(async () => await ScalarAsync(
        $"SELECT count(*) FROM strava_links WHERE \"HeldUntil\" > '{Strava.Clock.GetUtcNow():O}'") == 0, "no link held");

    /// <summary>Moves the clock to when the last hold or back-off on a link runs out (a dead replica's hold included).</summary>
    public Task AdvanceClockPastHoldsAndBackOffsAsync() => AdvanceClockToAsync(
        "SELECT max(greatest(\"HeldUntil\", \"RetryAt\")) FROM strava_links");

    /// <summary>Moves the clock to when the next pending webhook event is due.</summary>
    public Task AdvanceClockToNextEventAttemptAsync() => AdvanceClockToAsync(
        "SELECT min(\"NextAttemptAt\") FROM webhook_events WHERE \"ProcessedAt\" IS NULL");

    /// <summary>One turn of the sync engine, for a rig the test turns; returns when the engine would look again.</summary>
    public Task<DateTimeOffset> TurnAsync() => Service.Services.GetRequiredService<SyncEngine>().RunOnceAsync(CancellationToken.None);

    /// <summary>Turns the engine until <paramref name="condition"/> holds, moving the clock to whenever the engine says it may go on.</summary>
    public async Task TurnUntilAsync(Func<Task<bool>> condition, string what, int turns = 100)
    {
        for (var turn = 0; !await condition(); turn++)
        {
            if (turn == turns)
            {
                throw new TimeoutException($"Turned the engine {turns} times for: {what}");
            }

            var next = await TurnAsync();
            if (next > Strava.Clock.GetUtcNow() && next < DateTimeOffset.MaxValue)
            {
                Strava.Clock.SetUtcNow(next);
            }
        }
    }

    public async Task<HashSet<string>> StravaRunIdsInDataAsync(string runnerId) =>
        (await Data.SourcedRunsAsync(runnerId)).Select(r => r.GetProperty("sourceId").GetString()!).ToHashSet();

    /// <summary>Posts a push event to the webhook, as Strava does.</summary>
    public async Task<HttpResponseMessage> PushAsync(string objectType, long objectId, string aspectType, long ownerId, object? updates = null, long eventTime = 0,
        long subscriptionId = 1)
    {
        using var client = Service.CreateClient();
        return await client.PostAsJsonAsync("/strava/webhook", new Dictionary<string, object?>
        {
            ["aspect_type"] = aspectType,
            ["event_time"] = eventTime == 0 ? Strava.Clock.GetUtcNow().ToUnixTimeSeconds() : eventTime,
            ["object_id"] = objectId,
            ["object_type"] = objectType,
            ["owner_id"] = ownerId,
            ["subscription_id"] = subscriptionId,
            ["updates"] = updates ?? new Dictionary<string, string>(),
        });
    }

    /// <summary>Something happens on Strava's side (strava-sim's simulation API); returns its JSON answer.</summary>
    public async Task<JsonElement> OnStravaAsync(HttpMethod method, string path, object? body = null)
    {
        using var client = Strava.CreateClient();
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        using var response = await client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(Service.DatabaseConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    public Task<long> UnprocessedEventsAsync() => ScalarAsync("SELECT count(*) FROM webhook_events WHERE \"ProcessedAt\" IS NULL");

    public async ValueTask DisposeAsync()
    {
        await ((IAsyncDisposable)Service).DisposeAsync();
        await _first.DisposeAsync();
        await Data.DisposeAsync();
        await Strava.DisposeAsync();
    }

    private async Task AdvanceClockToAsync(string timeQuery)
    {
        await using var connection = new NpgsqlConnection(Service.DatabaseConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(timeQuery, connection);
        if (await command.ExecuteScalarAsync() is DateTime utc && new DateTimeOffset(utc, TimeSpan.Zero) > Strava.Clock.GetUtcNow())
        {
            Strava.Clock.SetUtcNow(new DateTimeOffset(utc, TimeSpan.Zero));
        }
    }
}
