using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Runnerly.AppHost.Infrastructure;

/// <summary>
/// The infrastructure as local processes, for machines with no container runtime:
/// PostgreSQL from the machine's binaries, Garnet (Redis-compatible) and smtp4dev from NuGet.
/// </summary>
internal sealed class LocalInfrastructure(IDistributedApplicationBuilder builder, LocalInfrastructureOptions options)
    : IRunnerlyInfrastructure
{
    public IPostgresServer AddPostgres(string name) => LocalPostgres.Add(builder, name, options);

    public IResourceBuilder<IResourceWithConnectionString> AddRedis(string name)
    {
        var redis = new LocalRedisResource(name, options.GarnetServerDll);
        return builder.AddResource(redis)
            .WithEndpoint(name: LocalRedisResource.EndpointName, scheme: "tcp")
            .WithArgs(context =>
            {
                context.Args.Add(options.GarnetServerDll);
                context.Args.Add("--bind");
                context.Args.Add("127.0.0.1");
                context.Args.Add("--port");
                context.Args.Add(redis.Endpoint.Property(EndpointProperty.TargetPort));
                context.Args.Add("--lua");
                context.Args.Add("true");
                context.Args.Add("--lua-transaction-mode"); // scripts atomic, as in Redis
                context.Args.Add("true");
            })
            .WithLocalHealthCheck(builder, redis, connectionString => new RedisPingHealthCheck(connectionString));
    }

    public IResourceBuilder<IResourceWithConnectionString> AddMail(string name)
    {
        var smtp4dev = options.Smtp4devDll ?? throw new DistributedApplicationException(
            "Local mode has no smtp4dev build for this platform; start Docker or Podman to run the mail server as a container.");
        var mail = new LocalMailServerResource(name);
        return builder.AddResource(mail)
            .WithHttpEndpoint(name: LocalMailServerResource.HttpEndpointName)
            .WithEndpoint(name: LocalMailServerResource.SmtpEndpointName, scheme: "smtp")
            .WithArgs(context =>
            {
                var http = mail.GetEndpoint(LocalMailServerResource.HttpEndpointName);
                var smtp = mail.GetEndpoint(LocalMailServerResource.SmtpEndpointName);
                context.Args.Add(smtp4dev);
                context.Args.Add(ReferenceExpression.Create($"--urls=http://127.0.0.1:{http.Property(EndpointProperty.TargetPort)}"));
                context.Args.Add(ReferenceExpression.Create($"--smtpport={smtp.Property(EndpointProperty.TargetPort)}"));
                context.Args.Add("--imapport=");
                context.Args.Add("--pop3port=");
                context.Args.Add("--db=");
                context.Args.Add($"--sessionstokeep={Smtp4devSettings.SessionsToKeep}");
            })
            .WithHttpHealthCheck("/api/messages", endpointName: LocalMailServerResource.HttpEndpointName);
    }
}

/// <summary>Garnet, a Redis-compatible server from Microsoft Research, run from its NuGet tool package.</summary>
public sealed class LocalRedisResource(string name, string garnetServerDll)
    : ExecutableResource(name, "dotnet", Path.GetDirectoryName(garnetServerDll)!), IResourceWithConnectionString
{
    public const string EndpointName = "tcp";

    public EndpointReference Endpoint => new(this, EndpointName);

    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"{Endpoint.Property(EndpointProperty.Host)}:{Endpoint.Property(EndpointProperty.Port)}");
}

/// <summary>smtp4dev run from its NuGet tool package, keeping mail in memory.</summary>
public sealed class LocalMailServerResource(string name)
    : ExecutableResource(name, "dotnet", Environment.CurrentDirectory), IResourceWithConnectionString
{
    public const string SmtpEndpointName = "smtp";
    public const string HttpEndpointName = "http";

    public ReferenceExpression ConnectionStringExpression =>
        MailConnectionString.For(new EndpointReference(this, SmtpEndpointName));
}

internal static class LocalHealthChecks
{
    /// <summary>
    /// Adds a health check that needs the resource's connection string, which is only known
    /// once its endpoints are allocated, so it is resolved at each check.
    /// </summary>
    public static IResourceBuilder<T> WithLocalHealthCheck<T>(
        this IResourceBuilder<T> resource,
        IDistributedApplicationBuilder builder,
        IResourceWithConnectionString target,
        Func<string, IHealthCheck> create)
        where T : IResource
    {
        var key = $"{target.Name}_check";
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            key,
            _ => new ConnectionStringHealthCheck(target, create),
            failureStatus: HealthStatus.Unhealthy,
            tags: null));
        return resource.WithHealthCheck(key);
    }

    private sealed class ConnectionStringHealthCheck(IResourceWithConnectionString target, Func<string, IHealthCheck> create) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            var connectionString = await target.ConnectionStringExpression.GetValueAsync(cancellationToken);
            if (string.IsNullOrEmpty(connectionString))
            {
                return HealthCheckResult.Unhealthy("No connection string yet");
            }

            return await create(connectionString).CheckHealthAsync(context, cancellationToken);
        }
    }
}
