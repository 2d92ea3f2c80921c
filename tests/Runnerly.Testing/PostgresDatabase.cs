using Npgsql;
using Xunit;

namespace Runnerly.Testing;

/// <summary>
/// A fresh, empty database on the shared test server for one test class
/// (use as <c>IClassFixture&lt;PostgresDatabase&gt;</c>); dropped afterwards.
/// </summary>
public sealed class PostgresDatabase : IAsyncLifetime
{
    private readonly string _name = $"test_{Guid.NewGuid():N}";
    private TestPostgresServer? _server;

    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        _server = await TestPostgresServer.GetAsync();
        ConnectionString = await _server.CreateDatabaseAsync(_name);
    }

    /// <summary>
    /// Waits until a statement in this database waits for a lock another transaction holds, so that a test holding that
    /// transaction plays two writers at once in a known order. Fails if <paramref name="request"/> ends before it waits.
    /// </summary>
    public async Task WaitUntilAStatementWaitsForALockAsync(Task request)
    {
        await using var watcher = new NpgsqlConnection(ConnectionString);
        await watcher.OpenAsync();
        await using var waiting = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'", watcher);
        while ((long)(await waiting.ExecuteScalarAsync())! == 0)
        {
            Assert.False(request.IsCompleted, "The request ended without waiting for the other writer.");
            await Task.Delay(20);
        }
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DropDatabaseAsync(_name);
        }
    }
}
