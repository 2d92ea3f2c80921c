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
    /// Two writers at once, in a known order: <paramref name="first"/> (SQL with <paramref name="parameters"/>) runs in a
    /// transaction held open until <paramref name="second"/>, a request to the service, waits for a lock it holds; then it
    /// commits, and the second's answer is returned. No timing is assumed: the wait is for PostgreSQL to say so.
    /// </summary>
    public async Task<HttpResponseMessage> SecondOfTwoWritersAsync(string first, IReadOnlyDictionary<string, object> parameters,
        Func<Task<HttpResponseMessage>> second)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var command = new NpgsqlCommand(first, connection, transaction))
        {
            foreach (var (name, value) in parameters)
            {
                command.Parameters.AddWithValue(name, value);
            }

            Assert.True(await command.ExecuteNonQueryAsync() > 0, "The first writer changed nothing.");
        }

        var request = second();
        await using var watcher = new NpgsqlConnection(ConnectionString);
        await watcher.OpenAsync();
        await using var waiting = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'", watcher);
        while ((long)(await waiting.ExecuteScalarAsync())! == 0)
        {
            Assert.False(request.IsCompleted, "The request ended without waiting for the first writer.");
            await Task.Delay(20);
        }

        await transaction.CommitAsync();
        return await request;
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DropDatabaseAsync(_name);
        }
    }
}
