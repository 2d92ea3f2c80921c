using Runnerly.AppHost.Infrastructure;

var builder = DistributedApplication.CreateBuilder(args);

var infrastructure = builder.AddRunnerlyInfrastructure();
var postgres = infrastructure.AddPostgres("postgres");
var redis = infrastructure.AddRedis("redis");
var mail = infrastructure.AddMail("mail");

var identitydb = postgres.AddDatabase("identitydb");
var datadb = postgres.AddDatabase("datadb");

var identityWorkerSecret = builder.AddSecret("identity-worker-secret");

var gateway = builder.AddProject<Projects.Runnerly_Gateway>("gateway")
    .WithReference(redis)
    .WithExternalHttpEndpoints()
    .WithHttpHealthCheck("/health");
var publicUrl = gateway.GetEndpoint("http");

var identity = builder.AddProject<Projects.Runnerly_Identity>("identity")
    .WithReference(identitydb).WaitFor(identitydb)
    .WithReference(mail).WaitFor(mail)
    .WithOAuthClient("identity-worker", identityWorkerSecret, actsAsItself: true)
    .WithHttpHealthCheck("/health")
    .AsTokenIssuer(publicUrl);

var data = builder.AddProject<Projects.Runnerly_Data>("data")
    .WithReference(datadb).WaitFor(datadb)
    .WithReference(redis).WaitFor(redis)
    .WithTokensFrom(identity, publicUrl)
    .WithHttpHealthCheck("/health");

identity.WithReference(data); // deletes a deleted account's data

gateway.WithReference(identity).WithReference(data); // the routes in its appsettings.json

if (!builder.ExecutionContext.IsPublishMode)
{
    builder.AddStravaSimulator("strava-sim"); // the strava service will use it when no real Strava client id is configured
}

builder.Build().Run();
