using Garnet;

namespace Runnerly.Testing;

/// <summary>
/// One real Redis-protocol server (Garnet, in process) for the whole test run,
/// or the one named by <c>RUNNERLY_TEST_REDIS</c>.
/// </summary>
public static class TestRedisServer
{
    public const string ConnectionStringVariable = "RUNNERLY_TEST_REDIS";

    private static readonly Lazy<string> Shared = new(Start);

    public static string ConnectionString => Shared.Value;

    private static string Start()
    {
        var configured = Environment.GetEnvironmentVariable(ConnectionStringVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }

        var server = new OwnRedisServer();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Dispose();
        return server.ConnectionString;
    }
}

/// <summary>A Redis-protocol server of a test's own, for tests that stop it.</summary>
public sealed class OwnRedisServer : IDisposable
{
    private readonly GarnetServer _server;

    /// <param name="countCommands">Keep INFO's <c>total_commands_processed</c> (sampled each second), as a benchmark reads it.</param>
    public OwnRedisServer(bool countCommands = false)
    {
        var port = LocalPrograms.FreePort();
        // Scripts run atomically only in Lua transaction mode, as they always do in Redis.
        string[] options = ["--bind", "127.0.0.1", "--port", port.ToString(), "--lua", "true", "--lua-transaction-mode", "true", "-q"];
        _server = new GarnetServer(countCommands ? [.. options, "--metrics-sampling-freq", "1"] : options);
        _server.Start();
        ConnectionString = $"127.0.0.1:{port}";
    }

    public string ConnectionString { get; }

    public void Dispose() => _server.Dispose();
}
