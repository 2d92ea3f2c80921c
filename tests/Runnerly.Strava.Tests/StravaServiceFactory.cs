using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Runnerly.Strava.StravaApi;
using Runnerly.Testing;

namespace Runnerly.Strava.Tests;

/// <summary>The strava service on a fresh database, trusting test-issued tokens, talking to the given strava-sim.</summary>
public sealed class StravaServiceFactory(StravaSimulator simulator) : ServiceFactory<Program>("stravadb")
{
    public const string CallbackUrl = "http://runnerly.test/strava/callback";

    public TestTokenIssuer Tokens { get; } = new();

    public HttpClient RunnerClient(string runnerId)
    {
        var client = CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.Authorization = new("Bearer", Tokens.Runner(runnerId, "strava"));
        return client;
    }

    /// <summary>A browser arriving back from Strava, holding (or not) a binding cookie.</summary>
    public HttpClient Browser(string? bindingCookie)
    {
        var browser = CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        if (bindingCookie is not null)
        {
            browser.DefaultRequestHeaders.Add("Cookie", $"runnerly_strava_link={bindingCookie}");
        }

        return browser;
    }

    protected override void ConfigureService(IWebHostBuilder builder)
    {
        var strava = simulator.Options;
        builder.UseSetting("ConnectionStrings:redis", TestRedisServer.ConnectionString);
        builder.UseSetting("Strava:AuthorizeUrl", strava.AuthorizeUrl.ToString());
        builder.UseSetting("Strava:TokenUrl", strava.TokenUrl.ToString());
        builder.UseSetting("Strava:ApiBaseUrl", strava.ApiBaseUrl.ToString());
        builder.UseSetting("Strava:DeauthorizeUrl", strava.DeauthorizeUrl.ToString());
        builder.UseSetting("Strava:RevokeUrl", strava.RevokeUrl.ToString());
        builder.UseSetting("Strava:ClientId", strava.ClientId);
        builder.UseSetting("Strava:ClientSecret", strava.ClientSecret);
        builder.UseSetting("Strava:Link:CallbackUrl", CallbackUrl);
        builder.UseSetting("Strava:Link:AfterLinkUrl", "/settings");
        builder.ConfigureServices(services =>
        {
            Tokens.Trust(services);
            services.AddHttpClient<StravaClient>().ConfigurePrimaryHttpMessageHandler(() => simulator.Server.CreateHandler());
        });
    }
}
