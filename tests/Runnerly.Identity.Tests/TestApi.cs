using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
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

    private TestApi(WebApplication app)
    {
        _app = app;
        Client = app.GetTestClient();
    }

    public HttpClient Client { get; }

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
        await app.StartAsync();
        return new TestApi(app);
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
        Client.Dispose();
        await _app.DisposeAsync();
    }
}
