using Aspire.Hosting.Publishing;

namespace Runnerly.AppHost.Infrastructure;

/// <summary>
/// Postgres, Redis and the mail server, as containers or as local processes.
/// Both modes give the same resource names, connection names and health checks,
/// so the topology in Program.cs does not know which one runs.
/// </summary>
public interface IRunnerlyInfrastructure
{
    IPostgresServer AddPostgres(string name);

    IResourceBuilder<IResourceWithConnectionString> AddRedis(string name);

    IResourceBuilder<IResourceWithConnectionString> AddMail(string name);
}

public interface IPostgresServer
{
    IResourceBuilder<IResourceWithConnectionString> AddDatabase(string name);
}

internal enum InfrastructureMode
{
    Containers,
    Local,
}

public static class RunnerlyInfrastructureExtensions
{
    public const string ModeSetting = "Runnerly:Infra";

    public static IRunnerlyInfrastructure AddRunnerlyInfrastructure(this IDistributedApplicationBuilder builder)
    {
        var mode = ChooseMode(builder);
        return mode == InfrastructureMode.Containers
            ? new ContainerInfrastructure(builder)
            : new LocalInfrastructure(builder, LocalInfrastructureOptions.From(builder));
    }

    private static InfrastructureMode ChooseMode(IDistributedApplicationBuilder builder)
    {
        if (builder.ExecutionContext.IsPublishMode)
        {
            return InfrastructureMode.Containers;
        }

        var setting = builder.Configuration[ModeSetting];
        return setting?.Trim().ToLowerInvariant() switch
        {
            null or "" or "auto" => ContainerRuntimeProbe.Answers(builder.Configuration) ? InfrastructureMode.Containers : InfrastructureMode.Local,
            "containers" or "container" => InfrastructureMode.Containers,
            "local" => InfrastructureMode.Local,
            _ => throw new DistributedApplicationException(
                $"{ModeSetting} is '{setting}'; use 'containers', 'local' or 'auto'."),
        };
    }
}
