using System.Security.Claims;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using Runnerly.Identity.Accounts;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Runnerly.Identity.Apis;

/// <summary>
/// The OAuth 2.0 / OpenID Connect endpoints OpenIddict hands over to the application: who the
/// caller is, and which claims go into which token. OpenIddict itself has already checked the
/// client, its permissions, the redirect URI, PKCE and the requested scopes.
/// </summary>
internal static class ConnectApi
{
    private const string ServerScheme = OpenIddictServerAspNetCoreDefaults.AuthenticationScheme;

    public static IEndpointRouteBuilder MapConnectApi(this IEndpointRouteBuilder app)
    {
        var connect = app.MapGroup("/connect").ExcludeFromDescription();
        connect.MapMethods("/authorize", ["GET", "POST"], AuthorizeAsync);
        connect.MapPost("/token", ExchangeAsync);
        connect.MapMethods("/logout", ["GET", "POST"], SignOutAsync);
        connect.MapMethods("/userinfo", ["GET", "POST"], UserInfoAsync).RequireAuthorization(policy =>
            policy.AddAuthenticationSchemes(OpenIddict.Validation.AspNetCore.OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme)
                .RequireAuthenticatedUser());
        return app;
    }

    private static async Task<IResult> AuthorizeAsync(
        HttpContext context,
        UserManager<IdentityUser> users,
        SignInManager<IdentityUser> signIn,
        IOpenIddictScopeManager scopes)
    {
        var request = context.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        var cookie = await context.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        var user = cookie.Succeeded ? await users.GetUserAsync(cookie.Principal) : null;
        if (user is null || !await signIn.CanSignInAsync(user) || request.HasPromptValue(PromptValues.Login))
        {
            if (request.HasPromptValue(PromptValues.None))
            {
                return Forbid(Errors.LoginRequired, "The runner is not signed in.");
            }

            // Sign in, then come back to this very request.
            var returnUrl = context.Request.PathBase + context.Request.Path + QueryString.Create(
                context.Request.HasFormContentType ? [.. context.Request.Form] : [.. context.Request.Query]);
            return Results.Challenge(new AuthenticationProperties { RedirectUri = returnUrl }, [IdentityConstants.ApplicationScheme]);
        }

        var principal = await RunnerPrincipalAsync(user, users, request.GetScopes(), scopes);
        return Results.SignIn(principal, authenticationScheme: ServerScheme);
    }

    private static async Task<IResult> ExchangeAsync(
        HttpContext context,
        UserManager<IdentityUser> users,
        SignInManager<IdentityUser> signIn,
        IOpenIddictApplicationManager applications,
        IOpenIddictScopeManager scopes)
    {
        var request = context.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");

        if (request.IsClientCredentialsGrantType())
        {
            // A worker acting as itself: the subject is the client, the scopes are what it asked for and is allowed.
            var application = await applications.FindByClientIdAsync(request.ClientId!)
                ?? throw new InvalidOperationException("OpenIddict authenticated an unknown client.");
            var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
            identity.SetClaim(Claims.Subject, request.ClientId);
            identity.SetClaim(Claims.Name, await applications.GetDisplayNameAsync(application));
            identity.SetClaim("client_id", request.ClientId);
            identity.SetScopes(request.GetScopes());
            identity.SetResources(await scopes.ListResourcesAsync(identity.GetScopes()).ToListAsync());
            identity.SetDestinations(_ => [Destinations.AccessToken]);
            return Results.SignIn(new ClaimsPrincipal(identity), authenticationScheme: ServerScheme);
        }

        if (request.IsAuthorizationCodeGrantType() || request.IsRefreshTokenGrantType())
        {
            var stored = await context.AuthenticateAsync(ServerScheme);
            var user = await users.FindByIdAsync(stored.Principal?.GetClaim(Claims.Subject) ?? "");
            if (user is null || !await signIn.CanSignInAsync(user))
            {
                // The account was deleted, locked or its email changed since the code or refresh token was issued.
                return Forbid(Errors.InvalidGrant, "The account can no longer sign in.");
            }

            var principal = await RunnerPrincipalAsync(user, users, stored.Principal!.GetScopes(), scopes);
            return Results.SignIn(principal, authenticationScheme: ServerScheme);
        }

        return Forbid(Errors.UnsupportedGrantType, "This grant type is not supported.");
    }

    private static async Task<IResult> SignOutAsync(SignInManager<IdentityUser> signIn)
    {
        await signIn.SignOutAsync();
        return Results.SignOut(new AuthenticationProperties { RedirectUri = AccountPaths.SignIn }, [ServerScheme]);
    }

    private static async Task<IResult> UserInfoAsync(ClaimsPrincipal caller, UserManager<IdentityUser> users)
    {
        var user = await users.FindByIdAsync(caller.GetClaim(Claims.Subject) ?? "");
        if (user is null)
        {
            return Results.Challenge(authenticationSchemes: [OpenIddict.Validation.AspNetCore.OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme]);
        }

        var claims = new Dictionary<string, object> { [Claims.Subject] = user.Id };
        if (caller.HasScope(Scopes.Email))
        {
            claims[Claims.Email] = user.Email!;
            claims[Claims.EmailVerified] = user.EmailConfirmed;
        }

        return Results.Ok(claims);
    }

    private static async Task<ClaimsPrincipal> RunnerPrincipalAsync(
        IdentityUser user,
        UserManager<IdentityUser> users,
        IEnumerable<string> grantedScopes,
        IOpenIddictScopeManager scopes)
    {
        var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, await users.GetUserIdAsync(user))
            .SetClaim(Claims.Email, await users.GetEmailAsync(user))
            .SetClaim(Claims.Name, await users.GetEmailAsync(user));
        identity.SetScopes(grantedScopes);
        identity.SetResources(await scopes.ListResourcesAsync(identity.GetScopes()).ToListAsync());
        identity.SetDestinations(claim => claim.Type switch
        {
            Claims.Subject => [Destinations.AccessToken, Destinations.IdentityToken],
            Claims.Email or Claims.Name when identity.HasScope(Scopes.Email) || identity.HasScope(Scopes.Profile)
                => [Destinations.AccessToken, Destinations.IdentityToken],
            _ => [Destinations.AccessToken],
        });
        return new ClaimsPrincipal(identity);
    }

    private static IResult Forbid(string error, string description) => Results.Forbid(
        new AuthenticationProperties(new Dictionary<string, string?>
        {
            [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
            [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
        }),
        [ServerScheme]);
}
