using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Runnerly.Data.Infrastructure;
using Runnerly.Data.Model;

namespace Runnerly.Data.Tests;

public sealed class RunnerDeletionTests(DataServiceFactory factory) : IClassFixture<DataServiceFactory>
{
    [Fact]
    public async Task A_deleted_account_loses_its_profile_and_runs_and_nobody_elses()
    {
        using var client = await factory.CreateReadyClientAsync();
        await SeedAsync("leaving-runner", "staying-runner");
        factory.WithToken(client, factory.Tokens.Service("identity-worker", "data", "runners.delete"));

        using var first = await client.DeleteAsync("/api/runners/leaving-runner");
        using var again = await client.DeleteAsync("/api/runners/leaving-runner");

        Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, again.StatusCode);
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DataDbContext>();
        Assert.False(await db.Runs.AnyAsync(r => r.RunnerId == "leaving-runner"));
        Assert.False(await db.Profiles.AnyAsync(p => p.RunnerId == "leaving-runner"));
        Assert.True(await db.Runs.AnyAsync(r => r.RunnerId == "staying-runner"));
        Assert.True(await db.Profiles.AnyAsync(p => p.RunnerId == "staying-runner"));
    }

    [Fact]
    public async Task Only_a_service_token_with_the_deletion_scope_may_delete_a_runner()
    {
        using var client = await factory.CreateReadyClientAsync();
        await SeedAsync("guarded-runner");

        using var anonymous = await client.DeleteAsync("/api/runners/guarded-runner");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);

        factory.WithToken(client, factory.Tokens.Runner("guarded-runner", "data"));
        using var runnerItself = await client.DeleteAsync("/api/runners/guarded-runner");
        Assert.Equal(HttpStatusCode.Forbidden, runnerItself.StatusCode);

        factory.WithToken(client, factory.Tokens.Service("strava-worker", "data", "runs.read runs.write"));
        using var otherScope = await client.DeleteAsync("/api/runners/guarded-runner");
        Assert.Equal(HttpStatusCode.Forbidden, otherScope.StatusCode);

        factory.WithToken(client, factory.Tokens.Service("identity-worker", "training", "runners.delete"));
        using var otherAudience = await client.DeleteAsync("/api/runners/guarded-runner");
        Assert.Equal(HttpStatusCode.Unauthorized, otherAudience.StatusCode);

        await using var scope = factory.Services.CreateAsyncScope();
        Assert.True(await scope.ServiceProvider.GetRequiredService<DataDbContext>().Runs.AnyAsync(r => r.RunnerId == "guarded-runner"));
    }

    private async Task SeedAsync(params string[] runnerIds)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DataDbContext>();
        foreach (var runnerId in runnerIds)
        {
            db.Profiles.Add(new RunnerProfile { RunnerId = runnerId, CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow });
            db.Runs.Add(new Run
            {
                RunnerId = runnerId,
                Source = RunSource.Manual,
                SourceId = Guid.NewGuid().ToString("N"),
                Name = "Easy run",
                SportType = SportType.Run,
                StartTime = new DateTimeOffset(2026, 11, 20, 7, 0, 0, TimeSpan.Zero),
                StartTimeLocal = new DateTime(2026, 11, 20, 8, 0, 0),
                TimeZone = "Europe/Paris",
                DistanceMeters = 8_000,
                MovingTimeSeconds = 2_700,
                ElapsedTimeSeconds = 2_800,
                AverageSpeed = 2.96,
                MaxSpeed = 3.5,
            });
        }

        await db.SaveChangesAsync();
    }
}
