using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Time.Testing;
using OpenIddict.Server;
using OpenIddict.Validation;
using Runnerly.Identity.Accounts;
using Runnerly.Testing;

namespace Runnerly.Identity.Tests;

/// <summary>The identity service on a fresh database of the shared test Postgres, sending mail to the shared smtp4dev.</summary>
public class IdentityServiceFactory() : ServiceFactory<Program>("identitydb")
{
    public const string Issuer = "http://localhost/";
    public const string WebRedirectUri = "http://localhost/signin-oidc";

    public static readonly IReadOnlyDictionary<string, string> Secrets = new Dictionary<string, string>
    {
        ["web"] = "web-test-secret",
        ["strava-worker"] = "strava-test-secret",
        ["reports-worker"] = "reports-test-secret",
        ["identity-worker"] = "identity-test-secret",
    };

    /// <summary>Where the identity service's calls to the services holding runners' data go (set by a test).</summary>
    public HttpMessageHandler? RunnerDataServices { get; set; }

    public TestMailServer Mail { get; private set; } = null!;

    /// <summary>The service's clock, when a test moves it (<see cref="ClockedIdentityServiceFactory"/>).</summary>
    public FakeTimeProvider? Clock { get; protected init; }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Mail = await TestMailServer.GetAsync();
    }

    protected override void ConfigureService(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:mail", Mail.ConnectionString);
        builder.UseSetting("Identity:Issuer", Issuer);
        builder.UseSetting("Identity:Clients:web:RedirectUris:0", WebRedirectUri);
        foreach (var (client, secret) in Secrets)
        {
            builder.UseSetting($"Identity:Clients:{client}:Secret", secret);
        }

        builder.UseSetting(ApiAuthentication.AuthoritySetting, "http://localhost");
        builder.UseSetting("ServiceClient:ClientSecret", Secrets["identity-worker"]);
        builder.UseSetting("Identity:RunnerDataServices:data", "http://data.test");
        builder.ConfigureServices(services =>
        {
            if (Clock is not null)
            {
                services.AddSingleton<TimeProvider>(Clock);
                // Tokens keep the real time: the test APIs that validate them do.
                services.PostConfigure<OpenIddictServerOptions>(options => options.TimeProvider = TimeProvider.System);
                services.PostConfigure<OpenIddictValidationOptions>(options => options.TimeProvider = TimeProvider.System);
            }

            // The standard resilience handler's retries, without their jittered waits from 2 s: a call to a
            // service that is down fails after exactly 1 + MaxRetryAttempts tries, at once, whatever the machine.
            services.ConfigureAll<HttpStandardResilienceOptions>(options =>
            {
                options.Retry.Delay = TimeSpan.Zero;
                options.Retry.UseJitter = false;
            });
            services.AddHttpClient(ServiceTokens.TokenClientName).ConfigurePrimaryHttpMessageHandler(() => new Forward(() => Server.CreateHandler()));
            services.AddHttpClient(AccountDeletionWorker.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => new Forward(() =>
                RunnerDataServices ?? throw new InvalidOperationException("No runner data service in this test.")));
        });
    }

    /// <summary>Sends to a handler chosen when the request is made, so test servers can refer to each other.</summary>
    private sealed class Forward(Func<HttpMessageHandler> target) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            new HttpMessageInvoker(target(), disposeHandler: false).SendAsync(request, cancellationToken);
    }

    /// <summary>A browser-like client: keeps cookies, does not follow redirects so tests can see them.</summary>
    public Task<HttpClient> CreateBrowserAsync() =>
        CreateReadyClientAsync(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
}

/// <summary>
/// The identity service on a clock the test moves (starting now, so tokens it issues are valid for the
/// APIs' real clocks): sign-in delays and the deletion passes are tested without sleeping.
/// </summary>
public sealed class ClockedIdentityServiceFactory : IdentityServiceFactory
{
    public ClockedIdentityServiceFactory() => Clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
}
