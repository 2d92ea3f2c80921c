extern alias training;

using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Runnerly.Testing;

namespace Runnerly.Reports.Tests;

/// <summary>
/// The real training service on its own database: it reads runs and profiles from the rig's data
/// service with its own service token (client training-worker, scope runs.read, from the test
/// issuer), runs on the rig's clock, and trusts identity's keys (the reports-worker's token) as
/// well as the test issuer's (runners' tokens). <see cref="Refused"/> makes it unreachable for the
/// reports service, as a training service that is down would be.
/// </summary>
public sealed class RigTrainingHost(ReportsRig rig) : ServiceFactory<training::Program>("trainingdb")
{
    public const string PublicUrl = "https://runnerly.test/";
    private const string WorkerSecret = "test-training-worker-secret";
    private const string DataClientName = "DataServiceClient";

    /// <summary>While set, every call from the reports service to training fails as a refused connection would.</summary>
    public bool Refused { get; set; }

    /// <summary>A client acting for the runner, as the web calls the training service.</summary>
    public HttpClient RunnerClient(string runnerId)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", rig.Tokens.Runner(runnerId, "training"));
        return client;
    }

    /// <summary>The runner's month summary as training answers the reports service.</summary>
    public async Task<JsonElement> MonthSummaryAsync(string runnerId, int year, int month)
    {
        using var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", rig.Tokens.Service("reports-worker", "training", "training.read"));
        return await client.GetFromJsonAsync<JsonElement>($"/api/runners/{runnerId}/month-summary/{year}/{month}");
    }

    /// <summary>POSTs as the runner; throws with the answer unless it succeeded; returns its body.</summary>
    public async Task<JsonElement> PostAsync(string runnerId, string path, object body)
    {
        using var client = RunnerClient(runnerId);
        using var response = await client.PostAsJsonAsync(path, body);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public async Task<JsonElement> GetAsync(string runnerId, string path)
    {
        using var client = RunnerClient(runnerId);
        return await client.GetFromJsonAsync<JsonElement>(path);
    }

    /// <summary>The handler the reports service reaches training through.</summary>
    internal HttpMessageHandler Boundary() => new RefusingWhenDown(this) { InnerHandler = Server.CreateHandler() };

    protected override void ConfigureService(IWebHostBuilder builder)
    {
        builder.UseSetting("services:data:http:0", "http://data.test");
        builder.UseSetting("ConnectionStrings:redis", TestRedisServer.ConnectionString);
        builder.UseSetting("Identity:Authority", "http://identity.test");
        builder.UseSetting("ServiceClient:ClientSecret", WorkerSecret);
        builder.UseSetting("Training:PublicUrl", PublicUrl);
        builder.ConfigureServices(services =>
        {
            rig.Tokens.Trust(services);
            services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, options =>
            {
                foreach (var key in rig.IdentityKeys)
                {
                    options.Configuration!.SigningKeys.Add(key);
                }
            });
            services.AddSingleton<TimeProvider>(rig.Clock);
            services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(5));
            // Training's data client is internal to it: a typed client's configuration is the one named after its type.
            services.AddHttpClient(DataClientName).ConfigurePrimaryHttpMessageHandler(() => rig.Data.Server.CreateHandler());
            services.AddHttpClient(ServiceTokens.TokenClientName)
                .ConfigurePrimaryHttpMessageHandler(() => rig.Tokens.TokenEndpoint("training-worker", WorkerSecret, "data"));
        });
    }

    private sealed class RefusingWhenDown(RigTrainingHost host) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            host.Refused ? throw new HttpRequestException("Connection refused (training.test:80)") : base.SendAsync(request, cancellationToken);
    }
}
