using System.Diagnostics;
using System.Net.Http.Json;
using Npgsql;
using Runnerly.Running.Plans;
using Runnerly.Training.Tests;

// The training service on a realistic volume: the race calendar with 100,000 races and 1,000,000
// participations, fitness for a runner with five years of runs, and plans (the generator alone, and
// POST /api/plans end to end with the data service's queries).
// Run: dotnet run -c Release --project tests/Runnerly.Training.Benchmarks [-- races participations samples]
internal static class Benchmark
{
    public static async Task Main(string[] args)
    {
        var races = args.Length > 0 ? int.Parse(args[0]) : 100_000;
        var participations = args.Length > 1 ? int.Parse(args[1]) : 1_000_000;
        var samples = args.Length > 2 ? int.Parse(args[2]) : 1_000;

        // Test projects learn the services' content roots at build time; a console app says where they are.
        var repository = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(repository.FullName, "Runnerly.sln")))
        {
            repository = repository.Parent ?? throw new InvalidOperationException("Run from within the repository.");
        }

        foreach (var (variable, project) in new[] { ("RUNNERLY_TRAINING", "Runnerly.Training"), ("RUNNERLY_DATA", "Runnerly.Data") })
        {
            Environment.SetEnvironmentVariable($"ASPNETCORE_TEST_CONTENTROOT_{variable}", Path.Combine(repository.FullName, "services", project));
        }

        Environment.SetEnvironmentVariable("Logging__LogLevel__Default", "Warning");

        await using var rig = await TrainingRig.StartAsync();
        var seeding = Stopwatch.StartNew();
        await SeedCalendarAsync(rig.Service.DatabaseConnectionString, races, participations, rig.Today);
        await FiveYearsOfRunsAsync(rig, "runner-5y");
        Console.WriteLine($"Seeded {races:N0} races, {participations:N0} participations and 5 years of runs in {seeding.Elapsed.TotalSeconds:0.0} s");
        Console.WriteLine();

        using var client = rig.RunnerClient("runner-5y");
        Console.WriteLine($"| request ({samples:N0} samples after 100 to warm up) | p50 | p95 |");
        Console.WriteLine("|---|---|---|");
        await MeasureAsync("first page: GET /api/races", samples, () => client.GetAsync("/api/races"));
        await MeasureAsync("filtered page: GET /api/races?distance=half&month=…", samples,
            () => client.GetAsync($"/api/races?distance=half&month={rig.Today.AddMonths(4):yyyy-MM}"));
        await MeasureAsync("text search: GET /api/races?q=lyon", samples, () => client.GetAsync("/api/races?q=lyon"));
        await MeasureAsync("fitness, 5 years of runs: GET /api/fitness", samples / 4, () => client.GetAsync("/api/fitness"));

        var planRaces = await PlanRacesAsync(rig.Service.DatabaseConnectionString, samples / 4 + 100, rig.Today);
        var next = 0;
        await MeasureAsync("a plan: POST /api/plans", samples / 4, () => client.PostAsJsonAsync("/api/plans", new
        {
            raceId = planRaces[next++],
            runDays = new[] { "tuesday", "thursday", "saturday", "sunday" },
            longRunDay = "sunday",
        }));

        Console.WriteLine();
        GeneratorAlone(rig.Today);
    }

    private static async Task MeasureAsync(string name, int samples, Func<Task<HttpResponseMessage>> request)
    {
        for (var i = 0; i < 100; i++)
        {
            using var warmUp = await request();
            warmUp.EnsureSuccessStatusCode();
        }

        var timings = new List<double>(samples);
        for (var i = 0; i < samples; i++)
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await request();
            timings.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            response.EnsureSuccessStatusCode();
        }

        timings.Sort();
        Console.WriteLine($"| {name} | {timings[samples / 2]:0.00} ms | {timings[(int)(samples * 0.95)]:0.00} ms |");
    }

    /// <summary>Every distance, 4 to 24 weeks, 4 and 6 run days: the running-science library alone.</summary>
    private static void GeneratorAlone(DateOnly today)
    {
        var requests = (from distance in new[] { 5_000, 10_000, 21_097.5, 42_195 }
                        from weeks in Enumerable.Range(4, 21)
                        from days in new[] { new[] { DayOfWeek.Tuesday, DayOfWeek.Thursday, DayOfWeek.Saturday, DayOfWeek.Sunday }, new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday } }
                        select new PlanRequest
                        {
                            Today = today,
                            RaceDate = today.AddDays(weeks * 7),
                            RaceDistanceMeters = distance,
                            Vdot = 48,
                            CurrentWeeklyKm = 30,
                            RunDays = days.ToHashSet(),
                            LongRunDay = DayOfWeek.Sunday,
                        }).ToList();
        for (var i = 0; i < 3; i++)
        {
            requests.ForEach(r => PlanGenerator.Generate(r));
        }

        var timings = new List<double>();
        for (var round = 0; round < 5; round++)
        {
            foreach (var request in requests)
            {
                var started = Stopwatch.GetTimestamp();
                PlanGenerator.Generate(request);
                timings.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }

        timings.Sort();
        Console.WriteLine($"Plan generator alone, {requests.Count} requests (every distance, 4–24 weeks, 4 and 6 run days) × 5: " +
            $"p50 {timings[timings.Count / 2]:0.000} ms, p95 {timings[(int)(timings.Count * 0.95)]:0.000} ms, max {timings[^1]:0.000} ms");
    }

    /// <summary>Races over the next three years and the last one, 1 in 4 a half marathon, names and cities from short lists; participations spread over them.</summary>
    private static async Task SeedCalendarAsync(string connectionString, int races, int participations, DateOnly today)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using (var command = new NpgsqlCommand($"""
            INSERT INTO races ("Id", "Name", "Date", "StartTime", "TimeZone", "DistanceMeters", "Surface", "City", "Country", "AddedBy", "CreatedAt", "UpdatedAt", "Revision")
            SELECT gen_random_uuid(),
                   (ARRAY['Semi', 'Marathon', 'Trail', 'Corrida', 'Foulées', 'Run'])[1 + i % 6] || ' de ' || (ARRAY['Lyon', 'Paris', 'Nantes', 'Lille', 'Bordeaux', 'Grenoble', 'Annecy'])[1 + i % 7] || ' ' || i,
                   DATE '{today:yyyy-MM-dd}' - 365 + (i % 1460),
                   TIME '09:30', 'Europe/Paris',
                   (ARRAY[5000, 10000, 21097.5, 42195])[1 + i % 4],
                   'Road',
                   (ARRAY['Lyon', 'Paris', 'Nantes', 'Lille', 'Bordeaux', 'Grenoble', 'Annecy'])[1 + (i / 3) % 7], 'FR',
                   'seed-' || (i % 5000), now(), now(), 0
            FROM generate_series(1, {races}) AS i;
            INSERT INTO race_participations ("RaceId", "RunnerId", "JoinedAt")
            SELECT r."Id", 'runner-' || p.n, now()
            FROM (SELECT "Id", row_number() OVER (ORDER BY "Id") AS k FROM races) AS r
            JOIN generate_series(0, {participations / races - 1}) AS p(n) ON true;
            ANALYZE races; ANALYZE race_participations;
            """, connection))
        {
            command.CommandTimeout = 600;
            await command.ExecuteNonQueryAsync();
        }
    }

    private static async Task<List<Guid>> PlanRacesAsync(string connectionString, int count, DateOnly today)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"""
            SELECT "Id" FROM races WHERE "Date" BETWEEN DATE '{today.AddDays(60):yyyy-MM-dd}' AND DATE '{today.AddDays(160):yyyy-MM-dd}' ORDER BY "Id" LIMIT {count}
            """, connection);
        var ids = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetGuid(0));
        }

        return ids;
    }

    /// <summary>Five runs a week for five years, imported through the data service's batch endpoint.</summary>
    private static async Task FiveYearsOfRunsAsync(TrainingRig rig, string runnerId)
    {
        using var importer = rig.Data.CreateClient();
        importer.DefaultRequestHeaders.Authorization = new("Bearer", rig.Tokens.Service("strava-worker", "data", "runs.write"));
        var random = new Random(5);
        var runs = new List<object>();
        var now = rig.Clock.GetUtcNow();
        for (var day = 5 * 365; day >= 1; day--)
        {
            if (day % 7 is 0 or 3)
            {
                continue;
            }

            var meters = 6_000 + random.NextDouble() * 12_000;
            var seconds = (int)(meters / 1000 * (270 + random.Next(60)));
            runs.Add(new
            {
                source = "strava",
                sourceId = $"5y-{day}",
                run = new { name = "Run", sportType = "Run", startTime = now.AddDays(-day).AddHours(-3), timeZone = "Europe/Paris", distanceMeters = meters, movingTimeSeconds = seconds, elapsedTimeSeconds = seconds + 60, averageHeartRate = 140 + random.Next(25) },
            });
        }

        foreach (var batch in runs.Chunk(1_000))
        {
            (await importer.PostAsJsonAsync($"/api/runners/{runnerId}/runs/batch", new { runs = batch })).EnsureSuccessStatusCode();
        }
    }
}
