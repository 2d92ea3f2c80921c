using Microsoft.AspNetCore.Hosting;
using Runnerly.Testing;

namespace Runnerly.Data.Tests;

/// <summary>The Data service on a fresh database and a real Redis-protocol server, trusting test-issued tokens.</summary>
public sealed class DataServiceFactory() : ServiceFactory<Program>("datadb")
{
    public TestTokenIssuer Tokens { get; } = new();

    /// <summary>The Redis the service connects to (a connection string); the shared test server unless set.</summary>
    public string Redis { get; init; } = TestRedisServer.ConnectionString;

    public HttpClient WithToken(HttpClient client, string token)
    {
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        return client;
    }

    protected override void ConfigureService(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:redis", Redis);
        builder.ConfigureServices(Tokens.Trust);
    }
}
