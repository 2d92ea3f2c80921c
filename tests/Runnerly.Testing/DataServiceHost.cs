using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Runnerly.Testing;

/// <summary>
/// The data service in process on a fresh database, trusting the given issuer's tokens and
/// (when given) on the test's clock: where another service's tests put and find runs.
/// </summary>
public class DataServiceHost<TProgram>(TestTokenIssuer tokens, TimeProvider? clock = null) : ServiceFactory<TProgram>("datadb")
    where TProgram : class
{
    public TestTokenIssuer Tokens => tokens;

    /// <summary>A client acting for the runner, as the web calls the data service.</summary>
    public HttpClient RunnerClient(string runnerId)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", tokens.Runner(runnerId, "data"));
        return client;
    }

    /// <summary>Adds a run by hand for the runner; returns its id.</summary>
    public async Task<Guid> AddRunAsync(string runnerId, DateTimeOffset start, double meters, TimeSpan moving, string timeZone = "UTC", double? averageHeartRate = null,
        TimeSpan? elapsed = null, double elevationGainMeters = 0)
    {
        using var client = RunnerClient(runnerId);
        using var response = await client.PostAsJsonAsync("/api/runs", new
        {
            name = "Run",
            sportType = "Run",
            startTime = start,
            timeZone,
            distanceMeters = meters,
            movingTimeSeconds = (int)moving.TotalSeconds,
            elapsedTimeSeconds = (int)(elapsed ?? moving).TotalSeconds,
            averageHeartRate,
            elevationGainMeters,
        });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    /// <summary>Saves the runner's profile (the fields not given keep the defaults).</summary>
    public async Task SaveProfileAsync(string runnerId, string timeZone = "UTC", string? displayName = null, string? sex = null, int? maxHeartRate = null,
        int? restingHeartRate = null, string units = "km", bool monthlyReportOptOut = false)
    {
        using var client = RunnerClient(runnerId);
        using var response = await client.PutAsJsonAsync("/api/profile", new
        {
            displayName,
            sex,
            maxHeartRate,
            restingHeartRate,
            units,
            timeZone,
            trainingDaysPerWeek = 4,
            monthlyReportOptOut,
        });
        response.EnsureSuccessStatusCode();
    }

    /// <summary>The runner's runs (from one source, when given), newest first, as the data service holds them.</summary>
    public async Task<List<JsonElement>> RunsAsync(string runnerId, string? source = null)
    {
        using var client = RunnerClient(runnerId);
        var runs = new List<JsonElement>();
        string? next = null;
        do
        {
            var page = await client.GetFromJsonAsync<JsonElement>($"/api/runs?limit=100{(next is null ? "" : $"&before={Uri.EscapeDataString(next)}")}");
            runs.AddRange(page.GetProperty("items").EnumerateArray().Where(r => source is null || r.GetProperty("source").GetString() == source));
            next = page.GetProperty("next").GetString();
        }
        while (next is not null);
        return runs;
    }

    protected override void ConfigureService(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:redis", TestRedisServer.ConnectionString);
        builder.ConfigureServices(services =>
        {
            tokens.Trust(services);
            if (clock is not null)
            {
                services.AddSingleton(clock);
            }
        });
    }
}
