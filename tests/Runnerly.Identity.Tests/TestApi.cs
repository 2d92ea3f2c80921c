using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Runnerly.Identity.Tests;

/// <summary>
/// A minimal API protected exactly as every Runnerly API is (<c>AddApiAuthentication</c>),
/// fetching the identity service's keys from the test identity server.
/// </summary>
internal sealed class TestApi : IAsyncDisposable
{
    private readonly WebApplication _app;
    private HttpClient? _client;

    private TestApi(WebApplication app) => _app = app;

    public HttpClient Client => _client ??= _app.GetTestClient();

    public HttpMessageHandler Handler => _app.GetTestServer().CreateHandler();

    /// <summary>Runner ids deleted through <c>DELETE /api/runners/{id}</c>, as a service holding runners' data would.</summary>
    public System.Collections.Concurrent.ConcurrentBag<string> DeletedRunners { get; } = [];

    /// <summary>Runs written through <c>POST /api/runs</c>, per runner (the token's subject), as the data service keeps them.</summary>
    public System.Collections.Concurrent.ConcurrentDictionary<string, int> Runs { get; } = new();

    /// <summary>How many deletion calls answer 503 before the service "comes back".</summary>
    public int FailuresToCome { get; set; }

    public static async Task<TestApi> StartAsync(IdentityServiceFactory identity, string audience)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Configuration[ApiAuthentication.AuthoritySetting] = "http://localhost";
        builder.Configuration[ApiAuthentication.IssuerSetting] = IdentityServiceFactory.Issuer;
        builder.AddApiAuthentication(audience);
        builder.Services.AddHttpClient(ApiAuthentication.MetadataClientName)
            .ConfigurePrimaryHttpMessageHandler(() => identity.Server.CreateHandler());

        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet("/whoami", (ClaimsPrincipal caller) => caller.FindFirstValue("sub")).RequireAuthorization();
        var api = new TestApi(app);
        app.MapDelete("/api/runners/{id}", (string id, ClaimsPrincipal caller) =>
        {
            if (!(caller.FindFirstValue("scope") ?? "").Split(' ').Contains("runners.delete"))
            {
                return Results.Forbid();
            }

            if (api.FailuresToCome > 0)
            {
                api.FailuresToCome--;
                return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
            }

            api.DeletedRunners.Add(id);
            api.Runs.TryRemove(id, out _);
            return Results.NoContent();
        }).RequireAuthorization();
        app.MapPost("/api/runs", (ClaimsPrincipal caller) =>
        {
            api.Runs.AddOrUpdate(caller.FindFirstValue("sub")!, 1, (_, count) => count + 1);
            return Results.Created();
        }).RequireAuthorization();
        await app.StartAsync();
        return api;
    }

    public async Task<HttpResponseMessage> WhoAmIAsync(string? accessToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/whoami");
        if (accessToken is not null)
        {
            request.Headers.Authorization = new("Bearer", accessToken);
        }

        return await Client.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        _client?.Dispose();
        await _app.DisposeAsync();
    }
}
