using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Runnerly.Testing;

namespace Runnerly.Data.Tests;

/// <summary>The Data service on a fresh database of the shared test Postgres and a real Redis-protocol server.</summary>
public sealed class DataServiceFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly PostgresDatabase _database = new();

    public TestTokenIssuer Tokens { get; } = new();

    public string DatabaseConnectionString => _database.ConnectionString;

    public Task InitializeAsync() => _database.InitializeAsync();

    public new async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _database.DisposeAsync();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:datadb", _database.ConnectionString);
        builder.UseSetting("ConnectionStrings:redis", TestRedisServer.ConnectionString);
        builder.ConfigureServices(Tokens.Trust);
    }

    public HttpClient WithToken(HttpClient client, string token)
    {
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        return client;
    }

    /// <summary>Waits for <c>/health</c> to report ready: migrations applied, database and Redis reachable.</summary>
    public async Task<HttpClient> CreateReadyClientAsync()
    {
        var client = CreateClient();
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
}
