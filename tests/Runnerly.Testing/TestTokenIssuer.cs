using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Runnerly.Testing;

/// <summary>
/// Stands in for the identity service's keys in a single service's functional tests: it issues
/// RS256 access tokens shaped as the identity service issues them, and hands the API its
/// signing key in place of the discovery document. Validation itself is the API's own.
/// </summary>
public sealed class TestTokenIssuer
{
    public const string Issuer = "http://identity.test/";

    private readonly RsaSecurityKey _key = new(RSA.Create(2048)) { KeyId = "test-key" };

    public void Trust(IServiceCollection services) =>
        services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, options =>
        {
            options.Configuration = new OpenIdConnectConfiguration { Issuer = Issuer, SigningKeys = { _key } };
            options.ConfigurationManager = new StaticConfigurationManager<OpenIdConnectConfiguration>(options.Configuration);
            options.TokenValidationParameters.ValidIssuer = Issuer;
        });

    /// <summary>A runner's token, as the web app gets it (scope <c>api</c>).</summary>
    public string Runner(string runnerId, string audience) => Create(runnerId, audience, "openid api");

    /// <summary>A worker's token (client credentials), with the scopes given.</summary>
    public string Service(string clientId, string audience, string scopes) => Create(clientId, audience, scopes);

    /// <summary>
    /// Identity's token endpoint as a service under test calls it for its own service token
    /// (client credentials): the token is issued for <paramref name="audience"/> with the scopes asked.
    /// </summary>
    public HttpMessageHandler TokenEndpoint(string clientId, string clientSecret, string audience) =>
        new TokenEndpointHandler(this, clientId, clientSecret, audience);

    private sealed class TokenEndpointHandler(TestTokenIssuer issuer, string clientId, string clientSecret, string audience) : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var form = System.Web.HttpUtility.ParseQueryString(await request.Content!.ReadAsStringAsync(cancellationToken));
            if (request.RequestUri!.AbsolutePath != "/connect/token" || form["grant_type"] != "client_credentials")
            {
                return new HttpResponseMessage(System.Net.HttpStatusCode.BadRequest) { Content = new StringContent("""{"error":"unsupported_grant_type"}""") };
            }

            if (form["client_id"] != clientId || form["client_secret"] != clientSecret)
            {
                return new HttpResponseMessage(System.Net.HttpStatusCode.Unauthorized) { Content = new StringContent("""{"error":"invalid_client"}""") };
            }

            var token = issuer.Service(clientId, audience, form["scope"] ?? "");
            return new HttpResponseMessage(System.Net.HttpStatusCode.OK)
            {
                Content = System.Net.Http.Json.JsonContent.Create(new Dictionary<string, object> { ["access_token"] = token, ["token_type"] = "Bearer", ["expires_in"] = 900 }),
            };
        }
    }

    private string Create(string subject, string audience, string scopes) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = Issuer,
        Audience = audience,
        Subject = new ClaimsIdentity([new Claim("sub", subject), new Claim("scope", scopes)]),
        Expires = DateTime.UtcNow.AddMinutes(15),
        TokenType = "at+jwt",
        SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.RsaSha256),
    });
}
