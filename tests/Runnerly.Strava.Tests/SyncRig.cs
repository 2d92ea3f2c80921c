using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using Runnerly.Testing;

namespace Runnerly.Strava.Tests;

/// <summary>
/// strava-sim, the data service and the strava service with its worker, wired as in the app:
/// what the sync tests link, import and watch.
/// </summary>
public sealed class SyncRig : IAsyncDisposable
{
    // The first instance owns the database; a restarted one only uses it.
    private readonly StravaServiceFactory _first;

    private SyncRig(StravaSimulator strava, DataService data, StravaServiceFactory service) => (Strava, Data, Service, _first) = (strava, data, service, service);

    public StravaSimulator Strava { get; }

    public DataService Data { get; }

    public StravaServiceFactory Service { get; private set; }

    public static async Task<SyncRig> StartAsync(IReadOnlyDictionary<string, string?>? stravaSettings = null)
    {
        var strava = new StravaSimulator(stravaSettings);
        var data = new DataService(new TestTokenIssuer());
        await data.InitializeAsync();
        await data.CreateReadyClientAsync();
        var service = new StravaServiceFactory(strava, data);
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

    public static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, int seconds = 60)
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

    public async Task<HashSet<string>> StravaRunIdsInDataAsync(string runnerId) =>
        (await Data.RunsAsync(runnerId)).Select(r => r.GetProperty("sourceId").GetString()!).ToHashSet();

    /// <summary>Posts a push event to the webhook, as Strava does.</summary>
    public async Task<HttpResponseMessage> PushAsync(string objectType, long objectId, string aspectType, long ownerId, object? updates = null, long eventTime = 0)
    {
        using var client = Service.CreateClient();
        return await client.PostAsJsonAsync("/strava/webhook", new Dictionary<string, object?>
        {
            ["aspect_type"] = aspectType,
            ["event_time"] = eventTime == 0 ? Strava.Clock.GetUtcNow().ToUnixTimeSeconds() : eventTime,
            ["object_id"] = objectId,
            ["object_type"] = objectType,
            ["owner_id"] = ownerId,
            ["subscription_id"] = 1,
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
}
