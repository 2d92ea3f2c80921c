using Runnerly.AppHost.Infrastructure;

var builder = DistributedApplication.CreateBuilder(args);

var infrastructure = builder.AddRunnerlyInfrastructure();
var postgres = infrastructure.AddPostgres("postgres");
var redis = infrastructure.AddRedis("redis");
var mail = infrastructure.AddMail("mail");

var identitydb = postgres.AddDatabase("identitydb");
var datadb = postgres.AddDatabase("datadb");

var identity = builder.AddProject<Projects.Runnerly_Identity>("identity")
    .WithReference(identitydb).WaitFor(identitydb)
    .WithReference(mail).WaitFor(mail)
    .WithHttpHealthCheck("/health");
identity.WithEnvironment("Identity__Issuer", identity.GetEndpoint("http"));

builder.AddProject<Projects.Runnerly_Data>("data")
    .WithReference(datadb).WaitFor(datadb)
    .WithReference(redis).WaitFor(redis)
    .WithHttpHealthCheck("/health");

builder.Build().Run();
