using System.Net.Http.Headers;
using System.Text.Json;
using System.Web;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Runnerly.StravaSimulator.Tests;

/// <summary>The simulator in process, on a clock the test moves, with settings over its appsettings.json.</summary>
public sealed class SimulatorFactory(IReadOnlyDictionary<string, string?>? settings = null) : WebApplicationFactory<Program>
{
    public const string ClientId = "12345";
    public const string ClientSecret = "test-client-secret";

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 27, 10, 5, 0, TimeSpan.Zero));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("StravaSimulator:ClientSecret", ClientSecret);
        // Strava's two seconds are a rule for callbacks, not a test of this machine's speed: a slow answer must not count as a lost one.
        builder.UseSetting("StravaSimulator:CallbackTimeout", "00:00:30");
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services => services.AddSingleton<TimeProvider>(Clock));
    }

    public HttpClient CreateBrowser() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    /// <summary>Walks the authorize page as the athlete would and returns the redirect's query.</summary>
    public async Task<System.Collections.Specialized.NameValueCollection> AuthorizeAsync(long athleteId, string scope, string state, bool approve = true,
        string[]? untick = null)
    {
        using var browser = CreateBrowser();
        using var page = await browser.GetAsync($"/oauth/authorize?client_id={ClientId}&redirect_uri={Uri.EscapeDataString("http://app.test/strava/callback")}&response_type=code&approval_prompt=auto&scope={scope}&state={state}");
        page.EnsureSuccessStatusCode();
        var fields = new List<KeyValuePair<string, string>>
        {
            new("client_id", ClientId),
            new("redirect_uri", "http://app.test/strava/callback"),
            new("state", state),
            new("athlete", athleteId.ToString()),
            new("action", approve ? "authorize" : "cancel"),
        };
        fields.AddRange(scope.Split(',').Except(untick ?? []).Select(s => new KeyValuePair<string, string>("scope", s)));
        using var answer = await browser.PostAsync("/oauth/authorize", new FormUrlEncodedContent(fields));
        Assert.Equal(System.Net.HttpStatusCode.Redirect, answer.StatusCode);
        Assert.StartsWith("http://app.test/strava/callback?", answer.Headers.Location!.ToString());
        return HttpUtility.ParseQueryString(answer.Headers.Location!.Query);
    }

    public async Task<JsonElement> ExchangeAsync(string code)
    {
        using var browser = CreateBrowser();
        using var response = await browser.PostAsync("/oauth/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["client_id"] = ClientId,
            ["client_secret"] = ClientSecret,
            ["code"] = code,
            ["grant_type"] = "authorization_code",
        }));
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    /// <summary>An API client for an athlete who granted <paramref name="scope"/>.</summary>
    public async Task<HttpClient> AthleteClientAsync(long athleteId, string scope = "read,activity:read_all")
    {
        var query = await AuthorizeAsync(athleteId, scope, "s");
        var tokens = await ExchangeAsync(query["code"]!);
        var client = CreateBrowser();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.GetProperty("access_token").GetString());
        return client;
    }
}
