using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Applies a service's EF Core migrations at start-up, retrying until the database answers,
/// and keeps the service unready (<c>/health</c> unhealthy) until they are applied.
/// Concurrent replicas are safe: EF Core takes a migration lock in the database.
/// </summary>
public static class DatabaseMigrations
{
    public static IHostApplicationBuilder AddDatabaseMigrations<TContext>(this IHostApplicationBuilder builder)
        where TContext : DbContext
    {
        builder.Services.AddSingleton<MigrationStatus<TContext>>();
        builder.Services.AddHostedService<MigrationRunner<TContext>>();
        builder.Services.AddHealthChecks()
            .AddCheck<MigrationHealthCheck<TContext>>($"{typeof(TContext).Name}-migrations");
        return builder;
    }


    private sealed class MigrationRunner<TContext>(
        IServiceProvider services,
        MigrationStatus<TContext> state,
        ILogger<MigrationRunner<TContext>> logger) : BackgroundService
        where TContext : DbContext
    {
        private static readonly ActivitySource Source = new("Runnerly.Migrations");

        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            var delay = TimeSpan.FromMilliseconds(250);
            while (!stoppingToken.IsCancellationRequested)
            {
                using var activity = Source.StartActivity($"Migrate {typeof(TContext).Name}");
                try
                {
                    await using var scope = services.CreateAsyncScope();
                    var db = scope.ServiceProvider.GetRequiredService<TContext>();
                    await db.Database.MigrateAsync(stoppingToken);
                    state.MarkApplied();
                    logger.LogInformation("Database migrations for {Context} applied", typeof(TContext).Name);
                    return;
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
                    logger.LogWarning(ex, "Migrating {Context} failed; retrying in {Delay}", typeof(TContext).Name, delay);
                    await Task.Delay(delay, stoppingToken);
                    delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 5_000));
                }
            }
        }
    }

    private sealed class MigrationHealthCheck<TContext>(MigrationStatus<TContext> state) : IHealthCheck
        where TContext : DbContext
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            Task.FromResult(state.IsApplied
                ? HealthCheckResult.Healthy("Migrations applied")
                : HealthCheckResult.Unhealthy("Migrations not applied yet"));
    }
}

/// <summary>Whether a context's migrations are applied; work that needs the schema awaits <see cref="Applied"/>.</summary>
public sealed class MigrationStatus<TContext>
    where TContext : DbContext
{
    private readonly TaskCompletionSource _applied = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool IsApplied => _applied.Task.IsCompletedSuccessfully;

    public Task Applied => _applied.Task;

    internal void MarkApplied() => _applied.TrySetResult();
}
