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

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DropDatabaseAsync(_name);
        }
    }
}
