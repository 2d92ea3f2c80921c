using Microsoft.Extensions.Options;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Runnerly.Identity.Infrastructure;

internal static class TokenServer
{
    public const string IssuerSetting = "Identity:Issuer";

    /// <summary>
    /// OpenIddict as the OAuth 2.0 / OpenID Connect server: authorization code with PKCE and
    /// refresh tokens for runners' apps, client credentials for the workers. Access tokens are
    /// plain JWTs (RS256) with an audience per API, so every API validates them on its own.
    /// </summary>
    public static IHostApplicationBuilder AddTokenServer(this IHostApplicationBuilder builder)
    {
        var scopes = ClientRegistrar.ApiScopes(builder.Configuration);

        builder.Services.AddOpenIddict()
            .AddCore(core => core.UseEntityFrameworkCore().UseDbContext<AccountsDbContext>())
            .AddServer(server =>
            {
                server.SetAuthorizationEndpointUris("connect/authorize")
                    .SetTokenEndpointUris("connect/token")
                    .SetEndSessionEndpointUris("connect/logout")
                    .SetUserInfoEndpointUris("connect/userinfo");

                server.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange()
                    .AllowRefreshTokenFlow()
                    .AllowClientCredentialsFlow();

                // OAuth 2.1: S256 only. With "plain" the challenge is the verifier, so a leaked authorization request is a leaked code.
                server.Configure(options =>
                {
                    options.CodeChallengeMethods.Clear();
                    options.CodeChallengeMethods.Add(CodeChallengeMethods.Sha256);
                });

                server.RegisterScopes([Scopes.OpenId, Scopes.Profile, Scopes.Email, Scopes.OfflineAccess, .. scopes.Keys]);

                server.SetAccessTokenLifetime(TimeSpan.FromMinutes(15))
                    .SetRefreshTokenLifetime(TimeSpan.FromDays(30));

                server.DisableAccessTokenEncryption();

                var issuer = builder.Configuration[IssuerSetting];
                if (!string.IsNullOrWhiteSpace(issuer))
                {
                    server.SetIssuer(new Uri(issuer));
                }

                var aspNetCore = server.UseAspNetCore()
                    .EnableAuthorizationEndpointPassthrough()
                    .EnableTokenEndpointPassthrough()
                    .EnableEndSessionEndpointPassthrough()
                    .EnableUserInfoEndpointPassthrough()
                    .EnableStatusCodePagesIntegration();
                if (!builder.Environment.IsProduction())
                {
                    // Local runs and tests speak plain HTTP; production sits behind TLS.
                    aspNetCore.DisableTransportSecurityRequirement();
                }
            })
            .AddValidation(validation =>
            {
                // Only the userinfo endpoint validates tokens here, against this server's own keys.
                validation.UseLocalServer();
                validation.UseAspNetCore();
            });

        builder.Services.AddSingleton<IConfigureOptions<OpenIddictServerOptions>, ServerKeys>();
        builder.Services.AddHostedService<ClientRegistrar>();
        return builder;
    }
}
