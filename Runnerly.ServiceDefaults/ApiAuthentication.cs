using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Bearer-token validation for every Runnerly API: JWT access tokens issued by the identity
/// service, whose keys are fetched from its discovery document through service discovery.
/// Issuer, audience, lifetime, algorithm (RS256) and token type are pinned.
/// </summary>
public static class ApiAuthentication
{
    /// <summary>Base URL the identity service is reached at; a service-discovery name by default.</summary>
    public const string AuthoritySetting = "Identity:Authority";

    /// <summary>The issuer tokens must carry (the identity service's public URL).</summary>
    public const string IssuerSetting = "Identity:Issuer";

    /// <summary>The HttpClient that fetches the discovery document and signing keys.</summary>
    public const string MetadataClientName = "identity-metadata";

    private const string DefaultAuthority = "https+http://identity";

    public static IHostApplicationBuilder AddApiAuthentication(this IHostApplicationBuilder builder, string audience)
    {
        builder.Services.AddHttpClient(MetadataClientName);
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IHttpClientFactory, IConfiguration>((options, http, configuration) =>
            {
                var authority = (configuration[AuthoritySetting] ?? DefaultAuthority).TrimEnd('/');
                options.MetadataAddress = $"{authority}/.well-known/openid-configuration";
                options.Backchannel = http.CreateClient(MetadataClientName);
                // Metadata travels inside the cluster (service discovery may resolve to http); the issuer pin below is what counts.
                options.RequireHttpsMetadata = false;
                options.MapInboundClaims = false;
                options.TokenValidationParameters = new TokenValidationParameters
                {
                    // Left empty, the issuer from the discovery document is required instead.
                    ValidIssuer = NormalizedIssuer(configuration[IssuerSetting]),
                    ValidateIssuer = true,
                    ValidAudience = audience,
                    ValidateAudience = true,
                    ValidateLifetime = true,
                    RequireExpirationTime = true,
                    RequireSignedTokens = true,
                    ValidateIssuerSigningKey = true,
                    ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
                    ValidTypes = ["at+jwt"],
                    ClockSkew = TimeSpan.FromSeconds(30),
                    NameClaimType = "name",
                    RoleClaimType = "role",
                };
            });
        builder.Services.AddAuthorization();
        return builder;
    }

    /// <summary>The issuer as OpenIddict writes it: an absolute URI, so <c>http://host:1234</c> becomes <c>http://host:1234/</c>.</summary>
    public static string? NormalizedIssuer(string? issuer) =>
        string.IsNullOrWhiteSpace(issuer) ? null : new Uri(issuer, UriKind.Absolute).AbsoluteUri;
}
