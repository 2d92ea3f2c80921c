using Runnerly.AppHost.Infrastructure;

var builder = DistributedApplication.CreateBuilder(args);

var infrastructure = builder.AddRunnerlyInfrastructure();
var postgres = infrastructure.AddPostgres("postgres");
var redis = infrastructure.AddRedis("redis");
var mail = infrastructure.AddMail("mail");

var datadb = postgres.AddDatabase("datadb");

builder.AddProject<Projects.Runnerly_Data>("data")
    .WithReference(datadb).WaitFor(datadb)
    .WithReference(redis).WaitFor(redis)
    .WithHttpHealthCheck("/health");

builder.Build().Run();
