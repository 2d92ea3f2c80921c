using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
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


    /// <summary>
    /// Migrates before anything else starts when the database answers at once (the AppHost waits
    /// for it), so nothing reads a table that is not there yet — Data Protection's key ring, a
    /// worker, a health probe; otherwise keeps trying in the background while the service runs unready.
    /// </summary>
    private sealed class MigrationRunner<TContext>(
        IServiceProvider services,
        MigrationStatus<TContext> state,
        ILogger<MigrationRunner<TContext>> logger) : BackgroundService, IHostedLifecycleService
        where TContext : DbContext
    {
        private static readonly ActivitySource Source = new("Runnerly.Migrations");
        private static readonly TimeSpan StartupAttempt = TimeSpan.FromSeconds(20);
        private static readonly Backoff Retry = new(TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(5));

        public async Task StartingAsync(CancellationToken cancellationToken)
        {
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            attempt.CancelAfter(StartupAttempt);
            try
            {
                await MigrateAsync(attempt.Token);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Migrating {Context} at start-up failed; the service starts unready and keeps trying", typeof(TContext).Name);
            }
        }

        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            var failures = 0;
            while (!state.IsApplied && !stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await MigrateAsync(stoppingToken);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    var delay = Retry.After(++failures);
                    logger.LogWarning(ex, "Migrating {Context} failed; retrying in {Delay}", typeof(TContext).Name, delay);
                    await Task.Delay(delay, stoppingToken);
                }
            }
        }

        private async Task MigrateAsync(CancellationToken cancellationToken)
        {
            using var activity = Source.StartActivity($"Migrate {typeof(TContext).Name}");
            try
            {
                await using var scope = services.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<TContext>();
                // With the history table in place first, EF's look at it does not fail (and log an error) on a new database.
                await db.GetService<IHistoryRepository>().CreateIfNotExistsAsync(cancellationToken);
                await db.Database.MigrateAsync(cancellationToken);
                state.MarkApplied();
                logger.LogInformation("Database migrations for {Context} applied", typeof(TContext).Name);
            }
            catch (Exception ex)
            {
                activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
                throw;
            }
        }

        public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
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
