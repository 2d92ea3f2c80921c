using System.Globalization;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;
using Runnerly.Web.Apis;

namespace Runnerly.Web;

/// <summary>
/// Runners sign in with the identity service (OpenID Connect, code + PKCE, client <c>web</c>).
/// The tokens live in the encrypted sign-in cookie; the access token is renewed with the
/// refresh token shortly before it expires, and a refused renewal simply signs the runner out.
/// </summary>
internal static class RunnerSignIn
{
    /// <summary>Set when a failed sign-in callback is retried, so a second failure stops instead of looping.</summary>
    private const string RetryCookie = "runnerly_signin_retry";

    public static void AddRunnerSignIn(this IHostApplicationBuilder builder)
    {
        var publicUrl = builder.Configuration["Web:PublicUrl"]?.TrimEnd('/') ?? "http://localhost:5100";
        builder.Services.AddAuthentication(options =>
            {
                options.DefaultScheme = CookieAuthenticationDefaults.AuthenticationScheme;
                options.DefaultChallengeScheme = OpenIdConnectDefaults.AuthenticationScheme;
            })
            .AddCookie(options =>
            {
                options.Cookie.Name = "runnerly";
                options.Cookie.SameSite = SameSiteMode.Lax;
                options.SlidingExpiration = true;
                options.ExpireTimeSpan = TimeSpan.FromDays(14);
                options.Events.OnValidatePrincipal = RenewAccessTokenAsync;
                if (publicUrl.StartsWith("https:", StringComparison.Ordinal))
                {
                    // Behind the gateway every request looks like plain HTTP: the public URL says what runners use.
                    options.Cookie.SecurePolicy = CookieSecurePolicy.Always;
                }
            })
            .AddOpenIdConnect(options =>
            {
                // The issuer runners see is the public URL (the gateway); the web reaches it the same way.
                options.Authority = builder.Configuration["Web:Authority"] ?? publicUrl + "/";
                options.RequireHttpsMetadata = options.Authority.StartsWith("https:", StringComparison.Ordinal);
                options.ClientId = "web";
                options.ClientSecret = builder.Configuration["Web:ClientSecret"];
                options.ResponseType = "code";
                options.UsePkce = true;
                // The code comes back in the query: form_post answers with an inline script, which the content security policy forbids.
                options.ResponseMode = "query";
                options.CorrelationCookie.SameSite = SameSiteMode.Lax;
                options.NonceCookie.SameSite = SameSiteMode.Lax;
                options.SaveTokens = true;
                options.MapInboundClaims = false;
                options.GetClaimsFromUserInfoEndpoint = false;
                options.TokenValidationParameters.NameClaimType = "email";
                options.Scope.Clear();
                foreach (var scope in new[] { "openid", "profile", "email", "offline_access", "api" })
                {
                    options.Scope.Add(scope);
                }

                // Behind the gateway the web's own address is not the runners': name the public one.
                options.Events.OnRedirectToIdentityProvider = context =>
                {
                    if (context.Request.Path.StartsWithSegments("/dashboard", out var rest) && rest.HasValue)
                    {
                        // A page's script asking (progress, live notices), not a runner: a 401 it can stop on, not a sign-in page.
                        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                        context.HandleResponse();
                        return Task.CompletedTask;
                    }

                    context.ProtocolMessage.RedirectUri = publicUrl + options.CallbackPath;
                    return Task.CompletedTask;
                };
                options.Events.OnRemoteFailure = SignInAgainAsync;
                options.Events.OnTicketReceived = context =>
                {
                    context.Response.Cookies.Delete(RetryCookie);
                    return Task.CompletedTask;
                };
                options.Events.OnRedirectToIdentityProviderForSignOut = context =>
                {
                    context.ProtocolMessage.PostLogoutRedirectUri = publicUrl + options.SignedOutCallbackPath;
                    return Task.CompletedTask;
                };
            });
        builder.Services.AddAuthorization();
        builder.Services.AddCascadingAuthenticationState();
        builder.Services.AddHttpContextAccessor();
    }

    /// <summary>
    /// A callback that cannot complete — a sign-in form left open until its correlation cookie expired, a
    /// reused or made-up callback URL — starts the sign-in again instead of failing; a second failure in a
    /// row (cookies blocked, say) gets a page that says so, not a loop.
    /// </summary>
    private static Task SignInAgainAsync(RemoteFailureContext context)
    {
        var returnUrl = SignInApi.LocalOnly(context.Properties?.RedirectUri) ?? "/dashboard";
        if (context.Request.Cookies.ContainsKey(RetryCookie))
        {
            context.Response.Cookies.Delete(RetryCookie);
            context.Response.Redirect("/signin-failed?returnUrl=" + Uri.EscapeDataString(returnUrl));
        }
        else
        {
            context.Response.Cookies.Append(RetryCookie, "1", new CookieOptions
            {
                HttpOnly = true,
                SameSite = SameSiteMode.Lax,
                Secure = PublicUrlIsHttps(context.HttpContext.RequestServices),
                MaxAge = TimeSpan.FromMinutes(5),
            });
            context.Response.Redirect("/signin?returnUrl=" + Uri.EscapeDataString(returnUrl));
        }

        context.HandleResponse();
        return Task.CompletedTask;
    }

    private static async Task RenewAccessTokenAsync(CookieValidatePrincipalContext context)
    {
        var expiresAt = context.Properties.GetTokenValue("expires_at");
        var refreshToken = context.Properties.GetTokenValue("refresh_token");
        if (expiresAt is null || refreshToken is null
            || DateTimeOffset.Parse(expiresAt, CultureInfo.InvariantCulture) - TimeProvider.System.GetUtcNow() > TimeSpan.FromMinutes(1))
        {
            return;
        }

        var services = context.HttpContext.RequestServices;
        var oidc = services.GetRequiredService<IOptionsMonitor<OpenIdConnectOptions>>().Get(OpenIdConnectDefaults.AuthenticationScheme);
        TokenResponse? tokens;
        try
        {
            var configuration = await oidc.ConfigurationManager!.GetConfigurationAsync(context.HttpContext.RequestAborted);
            using var response = await oidc.Backchannel.PostAsync(configuration.TokenEndpoint, new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "refresh_token",
                ["refresh_token"] = refreshToken,
                ["client_id"] = oidc.ClientId!,
                ["client_secret"] = oidc.ClientSecret!,
            }), context.HttpContext.RequestAborted);
            if (response.StatusCode == System.Net.HttpStatusCode.BadRequest)
            {
                // invalid_grant: the refresh token was revoked or has expired. The runner signs in again.
                context.RejectPrincipal();
                await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
                return;
            }

            tokens = response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<TokenResponse>(context.HttpContext.RequestAborted) : null;
        }
        catch (Exception e) when (e is HttpRequestException or System.Text.Json.JsonException or Microsoft.IdentityModel.Protocols.OpenIdConnect.OpenIdConnectProtocolException
                                   or InvalidOperationException or TaskCanceledException && !context.HttpContext.RequestAborted.IsCancellationRequested)
        {
            tokens = null;
        }

        if (tokens?.AccessToken is null)
        {
            return; // identity is busy or unreachable: keep the current token, try again on the next request
        }

        context.Properties.UpdateTokenValue("access_token", tokens.AccessToken);
        context.Properties.UpdateTokenValue("refresh_token", tokens.RefreshToken ?? refreshToken);
        context.Properties.UpdateTokenValue("expires_at",
            TimeProvider.System.GetUtcNow().AddSeconds(tokens.ExpiresIn).ToString("o", CultureInfo.InvariantCulture));
        context.ShouldRenew = true;
    }

    public static bool PublicUrlIsHttps(IServiceProvider services) => PublicUrlIsHttps(services.GetRequiredService<IConfiguration>());

    public static bool PublicUrlIsHttps(IConfiguration configuration) => configuration["Web:PublicUrl"]?.StartsWith("https:", StringComparison.Ordinal) == true;

    private sealed record TokenResponse(
        [property: JsonPropertyName("access_token")] string? AccessToken,
        [property: JsonPropertyName("refresh_token")] string? RefreshToken,
        [property: JsonPropertyName("expires_in")] int ExpiresIn);
}
