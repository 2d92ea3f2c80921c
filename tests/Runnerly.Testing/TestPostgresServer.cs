using System.Diagnostics;
using System.Net.Sockets;
using Npgsql;

namespace Runnerly.Testing;

/// <summary>
/// One real PostgreSQL server for the whole test run: the one named by
/// <c>RUNNERLY_TEST_POSTGRES</c> (a connection string), or else a throw-away server started
/// from the machine's binaries in a temporary folder and stopped when the run ends.
/// </summary>
public sealed class TestPostgresServer
{
    public const string ConnectionStringVariable = "RUNNERLY_TEST_POSTGRES";

    private static readonly Lazy<Task<TestPostgresServer>> Shared = new(StartAsync);

    private TestPostgresServer(string connectionString) => ConnectionString = connectionString;

    /// <summary>Connection string of the server's maintenance database.</summary>
    public string ConnectionString { get; }

    public static Task<TestPostgresServer> GetAsync() => Shared.Value;

    public async Task<string> CreateDatabaseAsync(string name)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await create.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(ConnectionString) { Database = name }.ConnectionString;
    }

    public async Task DropDatabaseAsync(string name)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    private static async Task<TestPostgresServer> StartAsync()
    {
        var configured = Environment.GetEnvironmentVariable(ConnectionStringVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return new TestPostgresServer(configured);
        }

        var server = LocalServer.Start();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Stop();
        await server.WaitUntilAcceptingAsync(TimeSpan.FromSeconds(60));
        return new TestPostgresServer(server.ConnectionString);
    }

    private sealed class LocalServer
    {
        private readonly Process _process;
        private readonly string _folder;

        private LocalServer(Process process, string folder, string connectionString)
        {
            _process = process;
            _folder = folder;
            ConnectionString = connectionString;
        }

        public string ConnectionString { get; }

        public static LocalServer Start()
        {
            var bin = LocalPrograms.PostgresBinFolder();
            var folder = Directory.CreateTempSubdirectory("runnerly-test-pg-").FullName;
            var data = Path.Combine(folder, "data");
            var asRoot = Environment.IsPrivilegedProcess;
            if (asRoot)
            {
                LocalPrograms.RunToEnd("chown", "postgres:postgres", folder);
            }

            LocalPrograms.RunToEnd(AsPostgres(asRoot, Path.Combine(bin, "initdb"), "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"));

            var port = LocalPrograms.FreePort();
            // Throw-away data: durability off makes CREATE DATABASE and migrations fast.
            var command = AsPostgres(asRoot, Path.Combine(bin, "postgres"), "-D", data, "-p", port.ToString(),
                "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "fsync=off",
                "-c", "synchronous_commit=off", "-c", "full_page_writes=off", "-c", "max_connections=300");
            // SIGINT is PostgreSQL's fast shutdown: it does not wait for pooled connections to close.
            var process = LocalPrograms.StartTied("INT", command);

            return new LocalServer(process, folder, $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres");
        }

        public async Task WaitUntilAcceptingAsync(TimeSpan timeout)
        {
            var deadline = DateTime.UtcNow + timeout;
            while (true)
            {
                try
                {
                    await using var connection = new NpgsqlConnection(ConnectionString);
                    await connection.OpenAsync();
                    return;
                }
                catch (Exception ex) when (ex is NpgsqlException or SocketException && DateTime.UtcNow < deadline && !_process.HasExited)
                {
                    await Task.Delay(100);
                }
            }
        }

        public void Stop()
        {
            LocalPrograms.StopTied(_process);

            try
            {
                Directory.Delete(_folder, recursive: true);
            }
            catch (IOException)
            {
                // Left in the temp folder; nothing depends on it.
            }
        }

        private static string[] AsPostgres(bool asRoot, params string[] command) =>
            asRoot ? ["setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups", "--", .. command] : command;
    }
}
