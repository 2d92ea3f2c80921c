using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Runnerly.Strava.Clients;
using Runnerly.Testing;
using Xunit;

namespace Runnerly.Strava.Tests;

/// <summary>
/// The strava service on a fresh database (or the one an earlier instance left), trusting
/// test-issued tokens, talking to the given strava-sim — and, when a data service is given, with
/// its sync worker running against it. Every call to Strava and to the data service goes through a wire tap.
/// </summary>
public sealed class StravaServiceFactory(StravaSimulator simulator, DataService? data = null, PostgresDatabase? databaseOfEarlierInstance = null,
    IReadOnlyDictionary<string, string?>? settings = null)
    : ServiceFactory<Program>("stravadb", databaseOfEarlierInstance)
{
    public const string CallbackUrl = "http://runnerly.test/strava/callback";
    public const string WebhookVerifyToken = "test-verify-token";
    private const string WorkerSecret = "test-worker-secret";

    public TestTokenIssuer Tokens { get; } = data?.Tokens ?? new();

    public WireTap Strava { get; } = new(() => simulator.Server.CreateHandler());

    public WireTap Data { get; } = new(() => data!.Server.CreateHandler());

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

    /// <summary>The runner presses "Connect Strava": the authorize URL and the binding secret the web sets as a cookie.</summary>
    public async Task<(Uri AuthorizeUrl, string Binding)> StartLinkAsync(string runnerId)
    {
        using var response = await RunnerClient(runnerId).PostAsync("/api/strava/link", null);
        response.EnsureSuccessStatusCode();
        var start = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (new Uri(start.GetProperty("authorizeUrl").GetString()!), start.GetProperty("binding").GetString()!);
    }

    /// <summary>The whole link: Connect Strava, authorize as the athlete, back through the callback.</summary>
    public async Task LinkAsync(string runnerId, long athleteId)
    {
        var (authorizeUrl, binding) = await StartLinkAsync(runnerId);
        var callback = await simulator.AnswerAuthorizePageAsync(authorizeUrl, athleteId, ["read", "activity:read_all"]);
        using var linked = await Browser(binding).GetAsync(callback.PathAndQuery);
        Assert.Equal(System.Net.HttpStatusCode.Redirect, linked.StatusCode);
    }

    public async Task<JsonElement> StatusAsync(string runnerId) => await RunnerClient(runnerId).GetFromJsonAsync<JsonElement>("/api/strava/status");

    protected override void ConfigureService(IWebHostBuilder builder)
    {
        var strava = simulator.Options;
        builder.UseSetting("ConnectionStrings:redis", simulator.RedisConnectionString);
        builder.UseSetting("Strava:AuthorizeUrl", strava.AuthorizeUrl.ToString());
        builder.UseSetting("Strava:TokenUrl", strava.TokenUrl.ToString());
        builder.UseSetting("Strava:ApiBaseUrl", strava.ApiBaseUrl.ToString());
        builder.UseSetting("Strava:DeauthorizeUrl", strava.DeauthorizeUrl.ToString());
        builder.UseSetting("Strava:RevokeUrl", strava.RevokeUrl.ToString());
        builder.UseSetting("Strava:ClientId", strava.ClientId);
        builder.UseSetting("Strava:ClientSecret", strava.ClientSecret);
        builder.UseSetting("Strava:Link:CallbackUrl", CallbackUrl);
        builder.UseSetting("Strava:Link:AfterLinkUrl", "/settings");
        builder.UseSetting("Strava:Webhook:VerifyToken", WebhookVerifyToken);
        builder.UseSetting("Strava:Sync:Enabled", (data is not null).ToString());
        builder.UseSetting("Strava:Sync:PollInterval", "00:00:00.050");
        builder.UseSetting("services:data:http:0", "http://data.test");
        builder.UseSetting("Identity:Authority", "http://identity.test");
        builder.UseSetting("ServiceClient:ClientSecret", WorkerSecret);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services =>
        {
            Tokens.Trust(services);
            services.AddSingleton<TimeProvider>(simulator.Clock);
            services.AddHttpClient<StravaClient>().ConfigurePrimaryHttpMessageHandler(Strava.Handler);
            if (data is not null)
            {
                services.AddHttpClient<DataServiceClient>().ConfigurePrimaryHttpMessageHandler(Data.Handler);
            }

            services.AddHttpClient(ServiceTokens.TokenClientName)
                .ConfigurePrimaryHttpMessageHandler(() => Tokens.TokenEndpoint("strava-worker", WorkerSecret, "data"));
        });
    }
}
