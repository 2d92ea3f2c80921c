using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Runnerly.Web.Tests;

/// <summary>The web app in memory, for what happens before any API is called: sign-in redirects, refusals, error pages.</summary>
internal static class WebHost
{
    public const string PublicUrl = "http://runnerly.test";

    public static WebApplicationFactory<Program> Start() => new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:redis", "localhost:1,abortConnect=false,connectTimeout=200,syncTimeout=200,asyncTimeout=200"); // never reached: each try gives up at once
        builder.UseSetting("Web:PublicUrl", PublicUrl);
        builder.UseSetting("Web:ClientSecret", "test-secret");
        builder.ConfigureServices(services =>
        {
            // Keys in memory: the app keeps them in Redis, which these tests do without.
            services.AddSingleton<IDataProtectionProvider>(new EphemeralDataProtectionProvider());
            services.Configure<OpenIdConnectOptions>(OpenIdConnectDefaults.AuthenticationScheme, options =>
            {
                // The identity service's discovery document, without asking it.
                options.Configuration = new OpenIdConnectConfiguration
                {
                    Issuer = PublicUrl + "/",
                    AuthorizationEndpoint = PublicUrl + "/connect/authorize",
                    TokenEndpoint = PublicUrl + "/connect/token",
                    EndSessionEndpoint = PublicUrl + "/connect/endsession",
                };
            });
        });
    });

    /// <summary>The app with runner-1 signed in, and the services <paramref name="stubs"/> registers (APIs answering from stubs).</summary>
    public static WebApplicationFactory<Program> SignedIn(Action<IServiceCollection> stubs) => Start().WithWebHostBuilder(builder =>
        builder.ConfigureTestServices(services =>
        {
            services.AddAuthentication(options =>
            {
                options.DefaultScheme = SignedInRunner.Name;
                options.DefaultChallengeScheme = SignedInRunner.Name;
            }).AddScheme<AuthenticationSchemeOptions, SignedInRunner>(SignedInRunner.Name, null);
            stubs(services);
        }));

    /// <summary>A browser that keeps cookies and shows each redirect instead of following it.</summary>
    public static HttpClient Browser(this WebApplicationFactory<Program> web) => web.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });

    private sealed class SignedInRunner(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        public const string Name = "SignedInRunner";

        protected override Task<AuthenticateResult> HandleAuthenticateAsync() => Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(
            new ClaimsPrincipal(new ClaimsIdentity([new Claim("sub", "runner-1"), new Claim("email", "ada@runnerly.test")], Name, "email", null)), Name)));
    }
}
