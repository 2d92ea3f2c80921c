using System.Diagnostics;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Npgsql;
using NpgsqlTypes;
using Runnerly.Data.Apis;
using Runnerly.Data.Infrastructure;
using Runnerly.Testing;

// The Data service's read and write paths on a realistic volume: 10,000 runners × 100 runs.
// Run: dotnet run -c Release --project tests/Runnerly.Data.Benchmarks [-- runners runsPerRunner samples]
var runners = args.Length > 0 ? int.Parse(args[0]) : 10_000;
var runsPerRunner = args.Length > 1 ? int.Parse(args[1]) : 100;
var samples = args.Length > 2 ? int.Parse(args[2]) : 1_000;

// Test projects learn the service's content root at build time; a console app says where it is.
var repository = new DirectoryInfo(AppContext.BaseDirectory);
while (!File.Exists(Path.Combine(repository.FullName, "Runnerly.sln")))
{
    repository = repository.Parent ?? throw new InvalidOperationException("Run from within the repository.");
}

Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_RUNNERLY_DATA", Path.Combine(repository.FullName, "services", "Runnerly.Data"));

await using var service = new BenchmarkedDataService();
await service.InitializeAsync();
var client = await service.CreateReadyClientAsync();

var seed = Stopwatch.StartNew();
await SeedAsync(service.DatabaseConnectionString, runners, runsPerRunner);
Console.WriteLine($"Seeded {runners * runsPerRunner:N0} runs in {seed.Elapsed.TotalSeconds:0.0} s");

// Tokens are made before timing: signing one is the client's work, not the server's.
var random = new Random(42);
var tokens = Enumerable.Range(0, Math.Min(runners, 2_000)).Select(_ => service.Tokens.Runner($"runner-{random.Next(runners):D6}", "data")).ToArray();
string RandomToken() => tokens[random.Next(tokens.Length)];

Console.WriteLine();
Console.WriteLine($"| query ({samples:N0} requests, one runner each) | p50 | p95 |");
Console.WriteLine("|---|---|---|");
await MeasureAsync("latest 10 runs: GET /api/runs", () => "/api/runs");
await MeasureAsync("one month: GET /api/runs/2026/06", () => "/api/runs/2026/6");
await MeasureAsync("a year of weekly stats: GET /api/stats?period=week", () => "/api/stats?period=week&from=2025-11-01&to=2026-10-31");

var worker = service.CreateClient();
worker.DefaultRequestHeaders.Authorization = new("Bearer", service.Tokens.Service("strava-worker", "data", "runs.write"));
var batches = 20;
var write = Stopwatch.StartNew();
for (var b = 0; b < batches; b++)
{
    var batch = new RunBatch(Enumerable.Range(0, 1_000).Select(i => new SourcedRunInput("strava", $"{b}-{i}",
        new RunInput("Imported", "Run", new DateTimeOffset(2026, 1, 1, 6, 0, 0, TimeSpan.Zero).AddHours(i), "Europe/Paris", 8_000 + i, 2_600, 2_700))).ToList());
    (await worker.PostAsJsonAsync($"/api/runners/importer-{b}/runs/batch", batch)).EnsureSuccessStatusCode();
}

Console.WriteLine();
Console.WriteLine($"Batch upsert: {batches} batches of 1,000 new runs in {write.Elapsed.TotalSeconds:0.00} s = {batches * 1_000 / write.Elapsed.TotalSeconds:N0} runs/s");

async Task MeasureAsync(string name, Func<string> url)
{
    // Warm-up: JIT tiering, connection pool, plan cache.
    for (var i = 0; i < 200; i++)
    {
        await GetAsync(url());
    }

    var timings = new List<double>(samples);
    for (var i = 0; i < samples; i++)
    {
        var started = Stopwatch.GetTimestamp();
        await GetAsync(url());
        timings.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    timings.Sort();
    Console.WriteLine($"| {name} | {timings[samples / 2]:0.00} ms | {timings[(int)(samples * 0.95)]:0.00} ms |");
}

async Task GetAsync(string path)
{
    using var request = new HttpRequestMessage(HttpMethod.Get, path);
    request.Headers.Authorization = new("Bearer", RandomToken());
    using var response = await client.SendAsync(request);
    response.EnsureSuccessStatusCode();
}

static async Task SeedAsync(string connectionString, int runners, int runsPerRunner)
{
    await using var connection = new NpgsqlConnection(connectionString);
    await connection.OpenAsync();
    await using (var copy = await connection.BeginBinaryImportAsync("""
        COPY runs ("Id", "RunnerId", "Source", "SourceId", "Name", "SportType", "StartTime", "StartTimeLocal", "TimeZone",
                   "DistanceMeters", "MovingTimeSeconds", "ElapsedTimeSeconds", "ElevationGainMeters", "AverageSpeed", "MaxSpeed",
                   "AverageHeartRate", "CreatedAt", "UpdatedAt") FROM STDIN (FORMAT BINARY)
        """))
    {
        await WriteRunsAsync(copy, runners, runsPerRunner);
        await copy.CompleteAsync();
    }

    await using var analyze = new NpgsqlCommand("ANALYZE runs", connection);
    await analyze.ExecuteNonQueryAsync();
}

static async Task WriteRunsAsync(NpgsqlBinaryImporter copy, int runners, int runsPerRunner)
{
    var random = new Random(7);
    var now = DateTimeOffset.UtcNow;
    var firstDay = new DateTimeOffset(2024, 11, 1, 6, 0, 0, TimeSpan.Zero);
    for (var r = 0; r < runners; r++)
    {
        var runner = $"runner-{r:D6}";
        for (var i = 0; i < runsPerRunner; i++)
        {
            // About two years of runs, every 7 days or so.
            var start = firstDay.AddDays(i * 7.3 + random.NextDouble() * 3).AddMinutes(random.Next(600));
            var distance = 3_000 + random.NextDouble() * 20_000;
            var moving = (int)(distance / (2.5 + random.NextDouble() * 1.5));
            await copy.StartRowAsync();
            await copy.WriteAsync(Guid.CreateVersion7(start), NpgsqlDbType.Uuid);
            await copy.WriteAsync(runner, NpgsqlDbType.Varchar);
            await copy.WriteAsync("Strava", NpgsqlDbType.Varchar);
            await copy.WriteAsync($"{r}-{i}", NpgsqlDbType.Varchar);
            await copy.WriteAsync("Morning Run", NpgsqlDbType.Varchar);
            await copy.WriteAsync("Run", NpgsqlDbType.Varchar);
            await copy.WriteAsync(start, NpgsqlDbType.TimestampTz);
            await copy.WriteAsync(start.AddHours(1).DateTime, NpgsqlDbType.Timestamp);
            await copy.WriteAsync("Europe/Paris", NpgsqlDbType.Varchar);
            await copy.WriteAsync(distance, NpgsqlDbType.Double);
            await copy.WriteAsync(moving, NpgsqlDbType.Integer);
            await copy.WriteAsync(moving + 60, NpgsqlDbType.Integer);
            await copy.WriteAsync(random.NextDouble() * 300, NpgsqlDbType.Double);
            await copy.WriteAsync(distance / moving, NpgsqlDbType.Double);
            await copy.WriteAsync(distance / moving * 1.3, NpgsqlDbType.Double);
            await copy.WriteAsync(140 + random.NextDouble() * 30, NpgsqlDbType.Double);
            await copy.WriteAsync(now, NpgsqlDbType.TimestampTz);
            await copy.WriteAsync(now, NpgsqlDbType.TimestampTz);
        }
    }
}

/// <summary>The Data service in process (no network between client and server), on a throw-away Postgres. Any type of its assembly names the app.</summary>
internal sealed class BenchmarkedDataService() : ServiceFactory<DataDbContext>("datadb")
{
    public TestTokenIssuer Tokens { get; } = new();

    protected override void ConfigureService(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("ConnectionStrings:redis", TestRedisServer.ConnectionString);
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Logging:LogLevel:Microsoft.Extensions.Diagnostics.HealthChecks", "None");
        builder.UseSetting("Logging:LogLevel:Microsoft.EntityFrameworkCore", "Error");
        builder.ConfigureServices(Tokens.Trust);
    }
}
