using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Xunit;

namespace Runnerly.Testing;

/// <summary>
/// A service under test, in process, on a fresh database of the shared test Postgres
/// (its connection string given as <c>ConnectionStrings:{databaseConnectionName}</c>) — or on
/// the database of an earlier instance, as a restarted service finds it.
/// </summary>
public abstract class ServiceFactory<TProgram>(string databaseConnectionName, PostgresDatabase? databaseOfEarlierInstance = null)
    : WebApplicationFactory<TProgram>, IAsyncLifetime
    where TProgram : class
{
    private readonly PostgresDatabase _database = databaseOfEarlierInstance ?? new();

    public PostgresDatabase Database => _database;

    public string DatabaseConnectionString => _database.ConnectionString;

    public virtual Task InitializeAsync() => databaseOfEarlierInstance is null ? _database.InitializeAsync() : Task.CompletedTask;

    public new async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (databaseOfEarlierInstance is null)
        {
            await _database.DisposeAsync();
        }
    }

    /// <summary>A client once <c>/health</c> reports ready: migrations applied, dependencies reachable.</summary>
    public async Task<HttpClient> CreateReadyClientAsync(WebApplicationFactoryClientOptions? options = null)
    {
        var client = CreateClient(options ?? new WebApplicationFactoryClientOptions());
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            using var response = await client.GetAsync("/health", timeout.Token);
            if (response.IsSuccessStatusCode)
            {
                return client;
            }

            await Task.Delay(100, timeout.Token);
        }
    }

    protected sealed override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting($"ConnectionStrings:{databaseConnectionName}", _database.ConnectionString);
        ConfigureService(builder);
    }

    /// <summary>The service's other settings and test stand-ins.</summary>
    protected abstract void ConfigureService(IWebHostBuilder builder);
}
