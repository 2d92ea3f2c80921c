using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;
using Runnerly.Data.Infrastructure;

namespace Runnerly.Data.Tests;

/// <summary>Rows the earlier rules let in: repaired or removed by the migration, and kept out by the checks after it.</summary>
public sealed class RepairMigrationTests
{
    private const string Poisoned = "poisoned-runner";
    private const string Neighbour = "neighbour-runner";

    [Fact]
    public async Task Rows_no_reader_could_serve_are_repaired_or_removed_and_every_read_serves_again()
    {
        var factory = new DataServiceFactory();
        await factory.InitializeAsync();
        try
        {
            await MigrateToAsync(factory.DatabaseConnectionString, "MonthlySummaryIndex");
            await ExecuteAsync(factory.DatabaseConnectionString, """
                INSERT INTO runner_profiles ("RunnerId", "DisplayName", "Sex", "WeightKg", "Units", "TimeZone", "TrainingDaysPerWeek", "MonthlyReportOptOut", "CreatedAt", "UpdatedAt")
                VALUES ('poisoned-runner', E'Ada\u0007', 'Female, Male', 'NaN', 'Kilometers', 'Pacific Standard Time', 0, false, now(), now());
                """);
            await InsertRunAsync(factory, Poisoned, "kept", distance: 10_000, start: "2026-11-10 15:00+00", zone: "Pacific Standard Time",
                elevation: double.NaN, maxSpeed: double.PositiveInfinity, heartRate: 999, name: "Tab\tname", polyline: "abc\u0001");
            await InsertRunAsync(factory, Poisoned, "denormal", distance: 5e-324, start: "2026-11-11 15:00+00");
            await InsertRunAsync(factory, Poisoned, "year-one", distance: 5_000, start: "0001-01-01 00:00+00");
            await InsertRunAsync(factory, Poisoned, "posix-zone", distance: 8_000, start: "2026-11-12 07:00+00", zone: "posix/Europe/Paris");
            await InsertRunAsync(factory, Poisoned, "local-zone", distance: 8_000, start: "2026-11-13 07:00+00", zone: "localtime", localOffsetHours: 3);
            await InsertRunAsync(factory, Neighbour, "fine", distance: 12_000, start: "2026-11-10 07:00+00");

            using var runner = factory.WithToken(await factory.CreateReadyClientAsync(), factory.Tokens.Runner(Poisoned, "data"));
            using var service = factory.WithToken(factory.CreateClient(), factory.Tokens.Service("reports-worker", "data", "runs.read"));

            var runs = (await runner.GetFromJsonAsync<JsonElement>("/api/runs")).GetProperty("items").EnumerateArray().ToDictionary(r => r.GetProperty("sourceId").GetString()!);
            Assert.Equal(["kept", "local-zone", "posix-zone"], runs.Keys.Order());
            var kept = runs["kept"];
            Assert.Equal(("America/Los_Angeles", 0d, "Tab name"), (kept.GetProperty("timeZone").GetString(), kept.GetProperty("elevationGainMeters").GetDouble(), kept.GetProperty("name").GetString()));
            Assert.Equal(kept.GetProperty("averageSpeed").GetDouble(), kept.GetProperty("maxSpeed").GetDouble());
            Assert.Equal(JsonValueKind.Null, kept.GetProperty("averageHeartRate").ValueKind);
            Assert.Equal(JsonValueKind.Null, kept.GetProperty("summaryPolyline").ValueKind);
            Assert.Equal("Europe/Paris", runs["posix-zone"].GetProperty("timeZone").GetString());
            Assert.Equal("Etc/GMT-3", runs["local-zone"].GetProperty("timeZone").GetString());

            var profile = await runner.GetFromJsonAsync<JsonElement>("/api/profile");
            Assert.Equal(("America/Los_Angeles", "Ada", 4), (profile.GetProperty("timeZone").GetString(), profile.GetProperty("displayName").GetString(), profile.GetProperty("trainingDaysPerWeek").GetInt32()));
            Assert.Equal(JsonValueKind.Null, profile.GetProperty("sex").ValueKind);

            foreach (var read in new[] { "/api/runs/2026/11", "/api/stats?period=week&from=2026-11-01&to=2026-11-30", "/api/stats?period=year", "/api/records" })
            {
                (await runner.GetAsync(read)).EnsureSuccessStatusCode();
            }

            var month = await service.GetFromJsonAsync<JsonElement>("/api/monthly-summaries/2026/11");
            Assert.Equal([Neighbour, Poisoned], month.GetProperty("runners").EnumerateArray().Select(r => r.GetProperty("runnerId").GetString()));
            (await service.GetAsync($"/api/runners/{Poisoned}/runs?from=2026-11-01&to=2026-12-01")).EnsureSuccessStatusCode();

            // From now on the database itself keeps such values out, whoever writes them.
            var refused = await Assert.ThrowsAsync<PostgresException>(() =>
                InsertRunAsync(factory, Neighbour, "nan", distance: double.NaN, start: "2026-11-14 07:00+00"));
            Assert.Equal(PostgresErrorCodes.CheckViolation, refused.SqlState);
        }
        finally
        {
            await factory.DisposeAsync();
        }
    }

    private static async Task MigrateToAsync(string connectionString, string migration)
    {
        await using var db = new DataDbContext(new DbContextOptionsBuilder<DataDbContext>().UseNpgsql(connectionString).Options);
        await db.GetService<IMigrator>().MigrateAsync(migration);
    }

    private static Task InsertRunAsync(DataServiceFactory factory, string runnerId, string sourceId, double distance, string start, string zone = "UTC",
        double elevation = 10, double maxSpeed = 4, double? heartRate = null, string name = "Run", string? polyline = null, int localOffsetHours = 0) =>
        ExecuteAsync(factory.DatabaseConnectionString, """
            INSERT INTO runs ("Id", "RunnerId", "Source", "SourceId", "Name", "SportType", "StartTime", "StartTimeLocal", "TimeZone", "DistanceMeters",
                              "MovingTimeSeconds", "ElapsedTimeSeconds", "ElevationGainMeters", "AverageSpeed", "MaxSpeed", "AverageHeartRate", "SummaryPolyline",
                              "CreatedAt", "UpdatedAt")
            VALUES (gen_random_uuid(), @runner, 'Strava', @source, @name, 'Run', @start::timestamptz,
                    (@start::timestamptz AT TIME ZONE 'UTC') + make_interval(hours => @offset), @zone, @distance,
                    3000, 3000, @elevation, @average, @max, @hr, @polyline, now(), now())
            """, ("runner", runnerId), ("source", sourceId), ("name", name), ("start", start), ("offset", localOffsetHours), ("zone", zone),
            ("distance", distance), ("average", Math.Round(distance / 3000, 3)), ("elevation", elevation), ("max", maxSpeed), ("hr", (object?)heartRate ?? DBNull.Value), ("polyline", (object?)polyline ?? DBNull.Value));

    private static async Task ExecuteAsync(string connectionString, string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await command.ExecuteNonQueryAsync();
    }
}
