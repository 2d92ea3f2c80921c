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
