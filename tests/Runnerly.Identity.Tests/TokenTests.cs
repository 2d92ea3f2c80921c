using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Runnerly.Identity.Infrastructure;

namespace Runnerly.Identity.Tests;

public sealed class TokenTests(IdentityServiceFactory factory) : IClassFixture<IdentityServiceFactory>
{
    private static readonly string StravaSecret = IdentityServiceFactory.Secrets["strava-worker"];

    [Fact]
    public async Task A_worker_gets_an_RS256_JWT_for_the_API_its_scope_belongs_to()
    {
        using var client = await factory.CreateBrowserAsync();

        var (status, body) = await client.ClientCredentialsAsync("strava-worker", StravaSecret, "runs.write");

        Assert.Equal(HttpStatusCode.OK, status);
        var token = TokenClient.Read(body.GetProperty("access_token").GetString()!);
        Assert.Equal("RS256", token.Alg);
        Assert.Equal("at+jwt", token.Typ);
        Assert.Equal(IdentityServiceFactory.Issuer, token.Issuer);
        Assert.Equal(["data"], token.Audiences);
        Assert.Equal("strava-worker", token.Subject);
        Assert.Equal("runs.write", token.GetClaim("scope").Value);
        Assert.InRange(token.ValidTo, DateTime.UtcNow, DateTime.UtcNow.AddMinutes(16));
    }

    [Theory]
    [InlineData("strava-worker", "wrong secret")]
    [InlineData("no-such-client", "whatever")]
    public async Task An_unknown_client_or_wrong_secret_gets_invalid_client(string clientId, string secret)
    {
        using var client = await factory.CreateBrowserAsync();

        var (status, body) = await client.ClientCredentialsAsync(clientId, secret, "runs.read");

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("invalid_client", body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_client_asking_for_a_scope_it_was_not_given_is_refused_with_an_OAuth_error()
    {
        using var client = await factory.CreateBrowserAsync();

        var (status, body) = await client.ClientCredentialsAsync("reports-worker", IdentityServiceFactory.Secrets["reports-worker"], "runs.write");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid_request", body.GetProperty("error").GetString());
        Assert.Contains("scope", body.GetProperty("error_description").GetString());
    }

    [Fact]
    public async Task A_scope_nobody_defined_gets_invalid_scope()
    {
        using var client = await factory.CreateBrowserAsync();

        var (status, body) = await client.ClientCredentialsAsync("strava-worker", StravaSecret, "runs.destroy");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid_scope", body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task The_web_app_signs_a_runner_in_with_code_and_PKCE_and_refreshes()
    {
        using var browser = await factory.CreateBrowserAsync();
        var email = await factory.ConfirmedRunnerAsync(browser);
        var (verifier, challenge) = TokenClient.NewPkce();
        var authorize = "/connect/authorize" + QueryString.Create(new Dictionary<string, string?>
        {
            ["client_id"] = "web",
            ["response_type"] = "code",
            ["redirect_uri"] = IdentityServiceFactory.WebRedirectUri,
            ["scope"] = "openid email offline_access api",
            ["state"] = "state-123",
            ["code_challenge"] = challenge,
            ["code_challenge_method"] = "S256",
        });

        // Not signed in: sent to the sign-in page, and back to the authorization request after.
        using var first = await browser.GetAsync(authorize);
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        var signInPage = Absolute(first.Headers.Location!);
        Assert.Equal("/identity/sign-in", signInPage.AbsolutePath);
        var returnUrl = HttpUtility.ParseQueryString(signInPage.Query)["ReturnUrl"]!;
        using var signIn = await browser.SignInAsync(email, Runners.GoodPassword, returnUrl);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);

        using var back = await browser.GetAsync(signIn.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, back.StatusCode);
        var callback = back.Headers.Location!;
        Assert.StartsWith(IdentityServiceFactory.WebRedirectUri, callback.AbsoluteUri);
        var query = HttpUtility.ParseQueryString(callback.Query);
        Assert.Equal("state-123", query["state"]);

        var exchange = new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = query["code"]!,
            ["redirect_uri"] = IdentityServiceFactory.WebRedirectUri,
            ["client_id"] = "web",
            ["client_secret"] = IdentityServiceFactory.Secrets["web"],
        };
        var (withoutVerifier, error) = await TokenClient.PostAsync(browser, exchange);
        Assert.Equal(HttpStatusCode.BadRequest, withoutVerifier);
        Assert.Equal("invalid_request", error.GetProperty("error").GetString());

        var (status, tokens) = await TokenClient.PostAsync(browser, new(exchange) { ["code_verifier"] = verifier });
        Assert.Equal(HttpStatusCode.OK, status);
        var access = TokenClient.Read(tokens.GetProperty("access_token").GetString()!);
        Assert.Contains("data", access.Audiences);
        Assert.Equal(email, TokenClient.Read(tokens.GetProperty("id_token").GetString()!).GetClaim("email").Value);

        await using var api = await TestApi.StartAsync(factory, "data");
        using var whoami = await api.WhoAmIAsync(access.EncodedToken);
        Assert.Equal(HttpStatusCode.OK, whoami.StatusCode);
        Assert.Equal(access.Subject, await whoami.Content.ReadAsStringAsync());

        var (refreshed, newTokens) = await TokenClient.PostAsync(browser, new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["refresh_token"] = tokens.GetProperty("refresh_token").GetString()!,
            ["client_id"] = "web",
            ["client_secret"] = IdentityServiceFactory.Secrets["web"],
        });
        Assert.Equal(HttpStatusCode.OK, refreshed);
        Assert.Equal(access.Subject, TokenClient.Read(newTokens.GetProperty("access_token").GetString()!).Subject);
    }

    [Theory]
    [InlineData("mobile", "plain")]
    [InlineData("mobile", null)] // no method means plain (RFC 7636)
    [InlineData("web", "plain")]
    public async Task PKCE_plain_is_refused_for_every_client(string clientId, string? method)
    {
        using var browser = await factory.CreateBrowserAsync();
        var email = await factory.ConfirmedRunnerAsync(browser);
        (await browser.SignInAsync(email, Runners.GoodPassword)).Dispose();
        var verifier = TokenClient.NewPkce().Verifier;
        var redirectUri = clientId == "mobile" ? "runnerly://signed-in" : IdentityServiceFactory.WebRedirectUri;

        using var authorize = await browser.GetAsync("/connect/authorize" + QueryString.Create(new Dictionary<string, string?>
        {
            ["client_id"] = clientId,
            ["response_type"] = "code",
            ["redirect_uri"] = redirectUri,
            ["scope"] = "openid api",
            ["state"] = "state-1",
            ["code_challenge"] = verifier, // plain: the challenge is the verifier itself
            ["code_challenge_method"] = method,
        }));

        // Refused before the client is even looked at: a 400, no redirect, no code.
        Assert.Equal(HttpStatusCode.BadRequest, authorize.StatusCode);
        Assert.Null(authorize.Headers.Location);
    }

    [Fact]
    public async Task The_mobile_app_signs_in_with_S256_and_discovery_offers_only_S256()
    {
        using var browser = await factory.CreateBrowserAsync();
        var email = await factory.ConfirmedRunnerAsync(browser);
        (await browser.SignInAsync(email, Runners.GoodPassword)).Dispose();
        var (verifier, challenge) = TokenClient.NewPkce();

        using var authorize = await browser.GetAsync("/connect/authorize" + QueryString.Create(new Dictionary<string, string?>
        {
            ["client_id"] = "mobile",
            ["response_type"] = "code",
            ["redirect_uri"] = "runnerly://signed-in",
            ["scope"] = "openid api",
            ["state"] = "state-1",
            ["code_challenge"] = challenge,
            ["code_challenge_method"] = "S256",
        }));
        var code = HttpUtility.ParseQueryString(authorize.Headers.Location!.Query)["code"];
        Assert.NotNull(code);
        var (status, _) = await TokenClient.PostAsync(browser, new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["client_id"] = "mobile",
            ["code"] = code,
            ["redirect_uri"] = "runnerly://signed-in",
            ["code_verifier"] = verifier,
        });
        Assert.Equal(HttpStatusCode.OK, status);

        var discovery = await browser.GetFromJsonAsync<System.Text.Json.JsonElement>("/.well-known/openid-configuration");
        Assert.Equal(["S256"], discovery.GetProperty("code_challenge_methods_supported").EnumerateArray().Select(m => m.GetString()));
    }

    [Fact]
    public async Task An_API_accepts_its_own_tokens_and_rejects_every_other_kind()
    {
        using var client = await factory.CreateBrowserAsync();
        var (_, body) = await client.ClientCredentialsAsync("strava-worker", StravaSecret, "runs.read");
        var issued = body.GetProperty("access_token").GetString()!;
        var serverKey = await SigningKeyAsync();

        await using var data = await TestApi.StartAsync(factory, "data");
        await using var training = await TestApi.StartAsync(factory, "training");

        Assert.Equal(HttpStatusCode.OK, (await data.WhoAmIAsync(issued)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await data.WhoAmIAsync(null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await training.WhoAmIAsync(issued)).StatusCode); // another audience

        // Made here with the server's real key: accepted while valid, refused once expired.
        Assert.Equal(HttpStatusCode.OK, (await data.WhoAmIAsync(Forge(serverKey, expires: DateTime.UtcNow.AddMinutes(5)))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await data.WhoAmIAsync(Forge(serverKey, expires: DateTime.UtcNow.AddMinutes(-5)))).StatusCode);

        using var otherKey = RSA.Create(2048);
        Assert.Equal(HttpStatusCode.Unauthorized, (await data.WhoAmIAsync(Forge(new RsaSecurityKey(otherKey), DateTime.UtcNow.AddMinutes(5)))).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await data.WhoAmIAsync(Unsigned(issued))).StatusCode);
    }

    private async Task<RsaSecurityKey> SigningKeyAsync()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AccountsDbContext>();
        var pem = (await db.ServerKeys.SingleAsync(k => k.Name == "signing")).Material;
        var rsa = RSA.Create();
        rsa.ImportFromPem(pem);
        return new RsaSecurityKey(rsa);
    }

    private static string Forge(SecurityKey key, DateTime expires) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = IdentityServiceFactory.Issuer,
        Audience = "data",
        Subject = new(new[] { new System.Security.Claims.Claim("sub", "forged-runner") }),
        IssuedAt = expires.AddMinutes(-15),
        NotBefore = expires.AddMinutes(-15),
        Expires = expires,
        TokenType = "at+jwt",
        SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
    });

    /// <summary>The same claims with <c>alg: none</c> and no signature.</summary>
    private static string Unsigned(string jwt)
    {
        var payload = jwt.Split('.')[1];
        var header = TokenClient.Base64Url(Encoding.UTF8.GetBytes("""{"alg":"none","typ":"at+jwt"}"""));
        return $"{header}.{payload}.";
    }

    private static Uri Absolute(Uri location) => location.IsAbsoluteUri ? location : new Uri(new Uri(IdentityServiceFactory.Issuer), location);
}
