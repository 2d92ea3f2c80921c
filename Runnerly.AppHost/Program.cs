using Runnerly.AppHost.Infrastructure;

var builder = DistributedApplication.CreateBuilder(args);

// Copies of each service (Runnerly:Replicas, default 1); the Strava stand-in always runs once, as Strava is one.
var replicas = builder.ReplicasPerService();

var infrastructure = builder.AddRunnerlyInfrastructure();
var postgres = infrastructure.AddPostgres("postgres");
var redis = infrastructure.AddRedis("redis");
var mail = infrastructure.AddMail("mail");

var identitydb = postgres.AddDatabase("identitydb");
var datadb = postgres.AddDatabase("datadb");
var stravadb = postgres.AddDatabase("stravadb");
var trainingdb = postgres.AddDatabase("trainingdb");
var reportsdb = postgres.AddDatabase("reportsdb");

var identityWorkerSecret = builder.AddSecret("identity-worker-secret");
var stravaWorkerSecret = builder.AddSecret("strava-worker-secret");
var trainingWorkerSecret = builder.AddSecret("training-worker-secret");
var reportsWorkerSecret = builder.AddSecret("reports-worker-secret");
var webClientSecret = builder.AddSecret("web-client-secret");

var gateway = builder.AddProject<Projects.Runnerly_Gateway>("gateway")
    .WithReference(redis)
    .WithInlineScheduling() // a third more requests a core (docs/benchmarks.md); nothing in the gateway blocks a thread
    .WithExternalHttpEndpoints()
    .WithReplicas(replicas)
    .WithHttpHealthCheck("/health");
var publicUrl = gateway.GetEndpoint("http");

var identity = builder.AddProject<Projects.Runnerly_Identity>("identity")
    .WithReference(identitydb).WaitFor(identitydb)
    .WithReference(mail).WaitFor(mail)
    .WithOAuthClient("identity-worker", identityWorkerSecret, actsAsItself: true)
    .WithOAuthClient("strava-worker", stravaWorkerSecret)
    .WithOAuthClient("training-worker", trainingWorkerSecret)
    .WithOAuthClient("reports-worker", reportsWorkerSecret)
    .WithProtectedKeyRing()
    .WithReplicas(replicas)
    .WithHttpHealthCheck("/health")
    .AsTokenIssuer(publicUrl);

var data = builder.AddProject<Projects.Runnerly_Data>("data")
    .WithReference(datadb).WaitFor(datadb)
    .WithReference(redis).WaitFor(redis)
    .WithTokensFrom(identity, publicUrl)
    .WithReplicas(replicas)
    .WithHttpHealthCheck("/health");

var strava = builder.AddProject<Projects.Runnerly_Strava>("strava")
    .WithReference(stravadb).WaitFor(stravadb)
    .WithReference(redis).WaitFor(redis)
    .WithReference(data) // imports runs with its strava-worker service token
    .WithTokensFrom(identity, publicUrl)
    .WithClientCredentials("strava-worker", stravaWorkerSecret)
    .WithStravaApi(publicUrl)
    .WithProtectedKeyRing()
    .WithReplicas(replicas)
    .WithHttpHealthCheck("/health");

var training = builder.AddProject<Projects.Runnerly_Training>("training")
    .WithReference(trainingdb).WaitFor(trainingdb)
    .WithReference(redis).WaitFor(redis) // announces changes to runners' races and plans
    .WithReference(data) // reads runs and profiles with its training-worker service token
    .WithTokensFrom(identity, publicUrl)
    .WithClientCredentials("training-worker", trainingWorkerSecret)
    .WithEnvironment("Training__PublicUrl", publicUrl) // calendar links
    .WithReplicas(replicas)
    .WithHttpHealthCheck("/health");

var reports = builder.AddProject<Projects.Runnerly_Reports>("reports")
    .WithReference(reportsdb).WaitFor(reportsdb)
    .WithReference(mail).WaitFor(mail)
    .WithReference(data).WithReference(training) // reads runs, profiles and the training summary with its reports-worker service token
    .WithTokensFrom(identity, publicUrl) // and the account's email from identity, at send time
    .WithClientCredentials("reports-worker", reportsWorkerSecret)
    .WithEnvironment("Reports__PublicUrl", publicUrl) // the links in the emails
    .WithEnvironment("Reports__UnsubscribeKey", builder.AddSecret("reports-unsubscribe-key"))
    .WithReportCommands()
    .WithReplicas(replicas)
    .WithHttpHealthCheck("/health");

identity.WithReference(data).WithReference(strava).WithReference(training).WithReference(reports) // deletes a deleted account's data in each
    .WithEnvironment("Identity__RunnerDataServices__strava", "https+http://strava")
    .WithEnvironment("Identity__RunnerDataServices__training", "https+http://training")
    .WithEnvironment("Identity__RunnerDataServices__reports", "https+http://reports");

var web = builder.AddProject<Projects.Runnerly_Web>("web")
    .WithReference(redis).WaitFor(redis) // follows the runners' change notices; shares its cookie keys
    .WithReference(data).WithReference(strava).WithReference(training).WithReference(reports) // with the signed-in runner's access token
    .SignsInWith(identity, publicUrl, webClientSecret)
    .WithProtectedKeyRing()
    .WithReplicas(replicas)
    .WithHttpHealthCheck("/health");

gateway.WithReference(identity).WithReference(data).WithReference(strava).WithReference(training).WithReference(reports).WithReference(web); // the routes in its appsettings.json

builder.Build().Run();
