extern alias data;

using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Runnerly.Testing;
using Runnerly.Training.Clients;
using Xunit;

namespace Runnerly.Training.Tests;

/// <summary>
/// The training service on a fresh database, with the real data service beside it (its own
/// database), both on one clock the test moves, trusting test-issued tokens. A class fixture,
/// or a test's own: <c>await using var training = await TrainingRig.StartAsync();</c>
/// </summary>
public sealed class TrainingRig : IAsyncLifetime, IAsyncDisposable
{
    /// <summary>Both services' clock: 1 March 2026, 09:00 UTC, until the test moves it.</summary>
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));

    public TestTokenIssuer Tokens { get; } = new();

    public DataServiceHost<data::Program> Data { get; private set; } = null!;

    public TrainingService Service { get; private set; } = null!;

    public DateOnly Today => DateOnly.FromDateTime(Clock.GetUtcNow().UtcDateTime);

    public static async Task<TrainingRig> StartAsync()
    {
        var rig = new TrainingRig();
        await rig.InitializeAsync();
        return rig;
    }

    public async Task InitializeAsync()
    {
        Data = new DataServiceHost<data::Program>(Tokens, Clock);
        await Data.InitializeAsync();
        await Data.CreateReadyClientAsync();
        Service = new TrainingService(this);
        await Service.InitializeAsync();
        await Service.CreateReadyClientAsync();
    }

    public HttpClient RunnerClient(string runnerId)
    {
        var client = Service.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", Tokens.Runner(runnerId, "training"));
        return client;
    }

    public HttpClient ServiceClient(string clientId, string scopes)
    {
        var client = Service.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", Tokens.Service(clientId, "training", scopes));
        return client;
    }

    /// <summary>Adds a race as the runner; returns its id.</summary>
    public async Task<Guid> AddRaceAsync(string runnerId, string name, DateOnly date, double meters = 10_000, string city = "Lyon", string country = "FR",
        string timeZone = "Europe/Paris", bool confirmNotDuplicate = false)
    {
        using var client = RunnerClient(runnerId);
        using var response = await client.PostAsJsonAsync("/api/races", Race(name, date, meters, city, country, timeZone) with { ConfirmNotDuplicate = confirmNotDuplicate });
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("race").GetProperty("id").GetGuid();
    }

    public static Apis.RaceInput Race(string name, DateOnly date, double meters = 10_000, string city = "Lyon", string country = "FR", string timeZone = "Europe/Paris") =>
        new(name, date, "09:30", timeZone, meters, "road", city, country, "https://race.example/", "Flat and fast.");

    /// <summary>A runner who has trained for a while: easy runs (about 32 km a week) and a 5K in 20:00 ten days ago (VDOT 49.8).</summary>
    public async Task TrainedRunnerAsync(string runnerId)
    {
        var now = Clock.GetUtcNow();
        for (var day = 1; day <= 42; day++)
        {
            if (day % 7 is 1 or 3 or 5 or 6 && day != 10)
            {
                await Data.AddRunAsync(runnerId, now.AddDays(-day).AddHours(-2), 8_000, TimeSpan.FromMinutes(44));
            }
        }

        await Data.AddRunAsync(runnerId, now.AddDays(-10), 5_000, TimeSpan.FromMinutes(20));
    }

    public async Task<JsonElement> GetAsync(string runnerId, string path)
    {
        using var client = RunnerClient(runnerId);
        using var response = await client.GetAsync(path);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public async Task DisposeAsync()
    {
        await ((IAsyncLifetime)Service).DisposeAsync();
        await ((IAsyncLifetime)Data).DisposeAsync();
    }

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();
}

/// <summary>The training service as the rig starts it: its data client and token endpoint lead to the rig's data service and issuer.</summary>
public sealed class TrainingService(TrainingRig rig) : ServiceFactory<Program>("trainingdb")
{
    public const string PublicUrl = "https://runnerly.test/";
    private const string WorkerSecret = "test-training-worker-secret";

    protected override void ConfigureService(IWebHostBuilder builder)
    {
        builder.UseSetting("services:data:http:0", "http://data.test");
        builder.UseSetting("ConnectionStrings:redis", TestRedisServer.ConnectionString);
        builder.UseSetting("Identity:Authority", "http://identity.test");
        builder.UseSetting("ServiceClient:ClientSecret", WorkerSecret);
        builder.UseSetting("Training:PublicUrl", PublicUrl);
        builder.ConfigureServices(services =>
        {
            rig.Tokens.Trust(services);
            services.AddSingleton<TimeProvider>(rig.Clock);
            services.AddHttpClient<DataServiceClient>().ConfigurePrimaryHttpMessageHandler(() => rig.Data.Server.CreateHandler());
            services.AddHttpClient(ServiceTokens.TokenClientName)
                .ConfigurePrimaryHttpMessageHandler(() => rig.Tokens.TokenEndpoint("training-worker", WorkerSecret, "data"));
        });
    }
}
