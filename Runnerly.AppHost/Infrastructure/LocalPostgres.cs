using System.Diagnostics;
using System.Security.Cryptography;
using HealthChecks.NpgSql;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Runnerly.AppHost.Infrastructure;

/// <summary>
/// PostgreSQL from the machine's own binaries: initdb on first use, data kept under the
/// local data folder, and as root the server drops to the <c>postgres</c> user.
/// </summary>
internal static class LocalPostgres
{
    private const string SuperUser = "postgres";

    public static IPostgresServer Add(IDistributedApplicationBuilder builder, string name, LocalInfrastructureOptions options)
    {
        var bin = PostgresBinaries.Find(options.PostgresBin, "start Docker/Podman to run everything in containers");
        var home = Path.Combine(options.DataDirectory, name);
        var dataDirectory = Path.Combine(home, "data");
        var password = builder.AddParameter($"{name}-password", LoadOrCreatePassword(home), secret: true);

        var runAsPostgresUser = Environment.IsPrivilegedProcess;
        var server = new LocalPostgresServerResource(name, runAsPostgresUser ? "setpriv" : bin.Postgres, home, password.Resource);
        var serverBuilder = builder.AddResource(server)
            .WithEndpoint(name: LocalPostgresServerResource.EndpointName, scheme: "tcp")
            .WithArgs(context =>
            {
                if (runAsPostgresUser)
                {
                    foreach (var arg in DropToPostgresUser)
                    {
                        context.Args.Add(arg);
                    }

                    context.Args.Add(bin.Postgres);
                }

                context.Args.Add("-D");
                context.Args.Add(dataDirectory);
                context.Args.Add("-p");
                context.Args.Add(server.Endpoint.Property(EndpointProperty.TargetPort));
                context.Args.Add("-c");
                context.Args.Add("listen_addresses=127.0.0.1");
                context.Args.Add("-c");
                context.Args.Add("unix_socket_directories=");
            })
            .WithLocalHealthCheck(builder, server, connectionString =>
                new NpgSqlHealthCheck(new NpgSqlHealthCheckOptions(connectionString)));

        builder.Eventing.Subscribe<BeforeStartEvent>((@event, cancellationToken) =>
        {
            var logger = @event.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Runnerly.LocalPostgres");
            InitializeDataDirectory(bin, dataDirectory, home, runAsPostgresUser, logger);
            return Task.CompletedTask;
        });

        builder.Eventing.Subscribe<ResourceReadyEvent>(server, async (@event, cancellationToken) =>
        {
            var notifications = @event.Services.GetRequiredService<ResourceNotificationService>();
            var connectionString = await server.ConnectionStringExpression.GetValueAsync(cancellationToken);
            foreach (var database in server.Databases)
            {
                await CreateDatabaseIfMissingAsync(connectionString!, database.DatabaseName, cancellationToken);
                await notifications.PublishUpdateAsync(database, state => state with
                {
                    State = KnownResourceStates.Running,
                    StartTimeStamp = DateTime.UtcNow,
                });
            }
        });

        return new LocalServer(builder, serverBuilder);
    }

    private static readonly string[] DropToPostgresUser = [$"--reuid={SuperUser}", $"--regid={SuperUser}", "--init-groups", "--"];

    private static string LoadOrCreatePassword(string home)
    {
        Directory.CreateDirectory(home);
        var file = Path.Combine(home, "password");
        if (!File.Exists(file))
        {
            File.WriteAllText(file, Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant());
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }

        return File.ReadAllText(file).Trim();
    }

    private static void InitializeDataDirectory(PostgresBinaries bin, string dataDirectory, string home, bool asPostgresUser, ILogger logger)
    {
        if (File.Exists(Path.Combine(dataDirectory, "PG_VERSION")))
        {
            return;
        }

        logger.LogInformation("Creating a PostgreSQL data directory in {DataDirectory}", dataDirectory);
        Directory.CreateDirectory(dataDirectory);
        var passwordFile = Path.Combine(home, "password");
        if (asPostgresUser)
        {
            // The server runs as 'postgres': it owns its data and reads the password once, at initdb.
            Run("chown", [$"{SuperUser}:{SuperUser}", home, dataDirectory, passwordFile]);
        }

        string[] initdb = [bin.Initdb, "-D", dataDirectory, "-U", SuperUser, "--auth=scram-sha-256", $"--pwfile={passwordFile}", "-E", "UTF8", "--locale=C"];
        if (asPostgresUser)
        {
            Run("setpriv", [.. DropToPostgresUser, .. initdb],
                $"As root, PostgreSQL runs as the '{SuperUser}' user, which must be able to reach {home}; " +
                $"set {LocalInfrastructureOptions.DataDirectorySetting} to a folder it can reach.");
        }
        else
        {
            Run(initdb[0], initdb[1..]);
        }
    }

    private static void Run(string program, string[] arguments, string hint = "")
    {
        using var process = Process.Start(new ProcessStartInfo(program, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        }) ?? throw new DistributedApplicationException($"Could not start {program}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new DistributedApplicationException(
                $"'{program} {string.Join(' ', arguments)}' failed with exit code {process.ExitCode}: {error}{output.Result}{hint}");
        }
    }

    private static async Task CreateDatabaseIfMissingAsync(string connectionString, string database, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection)
        {
            Parameters = { new() { Value = database } },
        };
        if (await exists.ExecuteScalarAsync(cancellationToken) is not null)
        {
            return;
        }

        var quoted = new NpgsqlCommandBuilder().QuoteIdentifier(database);
        await using var create = new NpgsqlCommand($"CREATE DATABASE {quoted}", connection);
        await create.ExecuteNonQueryAsync(cancellationToken);
    }

    private sealed class LocalServer(IDistributedApplicationBuilder builder, IResourceBuilder<LocalPostgresServerResource> server) : IPostgresServer
    {
        public IResourceBuilder<IResourceWithConnectionString> AddDatabase(string name)
        {
            var database = new LocalPostgresDatabaseResource(name, name, server.Resource);
            server.Resource.Databases.Add(database);
            return builder.AddResource(database)
                .WithParentRelationship(server)
                .WithInitialState(new CustomResourceSnapshot
                {
                    ResourceType = "PostgresDatabase",
                    State = KnownResourceStates.Waiting,
                    Properties = [],
                })
                .WithLocalHealthCheck(builder, database, connectionString =>
                    new NpgSqlHealthCheck(new NpgSqlHealthCheckOptions(connectionString)));
        }
    }
}

public sealed class LocalPostgresServerResource(string name, string command, string workingDirectory, ParameterResource password)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    public const string EndpointName = "tcp";

    public EndpointReference Endpoint => new(this, EndpointName);

    public ParameterResource Password { get; } = password;

    internal List<LocalPostgresDatabaseResource> Databases { get; } = [];

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"Host={Endpoint.Property(EndpointProperty.Host)};Port={Endpoint.Property(EndpointProperty.Port)};Username=postgres;Password={Password}");
}

public sealed class LocalPostgresDatabaseResource(string name, string databaseName, LocalPostgresServerResource parent)
    : Resource(name), IResourceWithParent<LocalPostgresServerResource>, IResourceWithConnectionString
{
    public string DatabaseName { get; } = databaseName;

    public LocalPostgresServerResource Parent { get; } = parent;

    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"{Parent};Database={DatabaseName}");
}
