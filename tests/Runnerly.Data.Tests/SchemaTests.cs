using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Runnerly.Data.Infrastructure;
using Runnerly.Data.Model;

namespace Runnerly.Data.Tests;

public sealed class SchemaTests(DataServiceFactory factory) : IClassFixture<DataServiceFactory>
{
    [Fact]
    public async Task Service_becomes_ready_with_every_migration_applied()
    {
        using var client = await factory.CreateReadyClientAsync();

        using var health = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("Healthy", await health.Content.ReadAsStringAsync());

        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DataDbContext>();
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.NotEmpty(await db.Database.GetAppliedMigrationsAsync());
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_the_runner_and_service_endpoints()
    {
        using var client = await factory.CreateReadyClientAsync();

        var document = await client.GetStringAsync("/openapi/v1.json");

        foreach (var path in new[] { "/api/profile", "/api/runs", "/api/stats", "/api/records", "/api/runners/{runnerId}/runs/batch", "/api/monthly-summaries/{year}/{month}" })
        {
            Assert.Contains($"\"{path}\"", document);
        }
    }

    [Fact]
    public async Task A_runner_has_at_most_one_run_per_source_id()
    {
        using var client = await factory.CreateReadyClientAsync();
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DataDbContext>();
        var sourceId = Guid.NewGuid().ToString("N");

        db.Runs.Add(NewRun("runner-a", sourceId));
        await db.SaveChangesAsync();

        // Another runner may hold the same source id (ids are per Strava account)...
        db.Runs.Add(NewRun("runner-b", sourceId));
        await db.SaveChangesAsync();

        // ...but the same runner may not: the natural key that makes batch upserts idempotent.
        db.Runs.Add(NewRun("runner-a", sourceId));
        var error = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        var postgres = Assert.IsType<PostgresException>(error.InnerException);
        Assert.Equal(PostgresErrorCodes.UniqueViolation, postgres.SqlState);
    }

    private static Run NewRun(string runnerId, string sourceId) => new()
    {
        RunnerId = runnerId,
        Source = RunSource.Strava,
        SourceId = sourceId,
        Name = "Morning Run",
        SportType = SportType.Run,
        StartTime = new DateTimeOffset(2026, 11, 26, 6, 30, 0, TimeSpan.Zero),
        StartTimeLocal = new DateTime(2026, 11, 26, 7, 30, 0),
        TimeZone = "Europe/Paris",
        DistanceMeters = 10_000,
        MovingTimeSeconds = 3_000,
        ElapsedTimeSeconds = 3_100,
        AverageSpeed = 3.33,
        MaxSpeed = 4.1,
    };
}
