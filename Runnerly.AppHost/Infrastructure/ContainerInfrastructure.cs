namespace Runnerly.AppHost.Infrastructure;

/// <summary>The infrastructure as containers: what runs with Docker or Podman, and what is published.</summary>
internal sealed class ContainerInfrastructure(IDistributedApplicationBuilder builder) : IRunnerlyInfrastructure
{
    private const string Smtp4devImage = "rnwood/smtp4dev";
    private const string Smtp4devTag = "v3";

    public IPostgresServer AddPostgres(string name)
    {
        var postgres = builder.AddPostgres(name).WithDataVolume();
        return new ContainerPostgres(postgres);
    }

    public IResourceBuilder<IResourceWithConnectionString> AddRedis(string name) => builder.AddRedis(name);

    /// <summary>
    /// Run with containers: smtp4dev, which keeps every email for people and tests to read.
    /// Published: the deployer's own SMTP relay, as a connection string azd asks for —
    /// a deployed Runnerly must deliver mail, not keep it.
    /// </summary>
    public IResourceBuilder<IResourceWithConnectionString> AddMail(string name)
    {
        if (builder.ExecutionContext.IsPublishMode)
        {
            return builder.AddConnectionString(name);
        }

        var mail = new MailServerResource(name);
        return builder.AddResource(mail)
            .WithImage(Smtp4devImage, Smtp4devTag)
            .WithHttpEndpoint(targetPort: 80, name: MailServerResource.HttpEndpointName)
            .WithEndpoint(targetPort: 25, name: MailServerResource.SmtpEndpointName, scheme: "smtp")
            .WithEnvironment("ServerOptions__NumberOfSessionsToKeep", Smtp4devSettings.SessionsToKeep.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .WithHttpHealthCheck("/api/messages", endpointName: MailServerResource.HttpEndpointName);
    }

    private sealed class ContainerPostgres(IResourceBuilder<PostgresServerResource> server) : IPostgresServer
    {
        public IResourceBuilder<IResourceWithConnectionString> AddDatabase(string name) => server.AddDatabase(name);
    }
}

/// <summary>smtp4dev in a container: SMTP for the services, a web UI and HTTP API for people and tests.</summary>
public sealed class MailServerResource(string name) : ContainerResource(name), IResourceWithConnectionString
{
    public const string SmtpEndpointName = "smtp";
    public const string HttpEndpointName = "http";

    public ReferenceExpression ConnectionStringExpression =>
        MailConnectionString.For(new EndpointReference(this, SmtpEndpointName));
}

internal static class MailConnectionString
{
    public static ReferenceExpression For(EndpointReference smtp) =>
        ReferenceExpression.Create($"Endpoint=smtp://{smtp.Property(EndpointProperty.Host)}:{smtp.Property(EndpointProperty.Port)}");
}
