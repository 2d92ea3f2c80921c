using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Extensions.Hosting;

/// <summary>A PostgreSQL session advisory lock in a service's own database, held on one open connection until disposed.</summary>
public static class AdvisoryLocks
{
    /// <summary>Takes lock <paramref name="key"/> once <typeparamref name="TContext"/>'s migrations are applied.</summary>
    public static Func<IServiceProvider, CancellationToken, Task<IAsyncDisposable>> InDatabaseOf<TContext>(long key) where TContext : DbContext =>
        async (services, cancellationToken) =>
        {
            await services.GetRequiredService<MigrationStatus<TContext>>().Applied.WaitAsync(cancellationToken);
            var scope = services.CreateAsyncScope();
            try
            {
                var db = scope.ServiceProvider.GetRequiredService<TContext>();
                await db.Database.OpenConnectionAsync(cancellationToken);
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_lock({key})", cancellationToken);
                return new Held(scope, db, key);
            }
            catch
            {
                await scope.DisposeAsync();
                throw;
            }
        };

    private sealed class Held(AsyncServiceScope scope, DbContext db, long key) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_unlock({key})");
                await db.Database.CloseConnectionAsync();
            }
            finally
            {
                await scope.DisposeAsync();
            }
        }
    }
}
