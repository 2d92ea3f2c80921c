using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using OpenIddict.Abstractions;
using OpenIddict.Validation.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Runnerly.Identity.Apis;

/// <summary>
/// Accounts for services: where a runner's email goes (the monthly reports read it at send
/// time). Service tokens only, with the scope <c>accounts.read</c> and the audience
/// <c>identity</c>, validated against this server's own keys.
/// </summary>
internal static class AccountsApi
{
    public const string ReadAccountsPolicy = "accounts.read";
    public const string Audience = "identity";

    public sealed record AccountResponse(string Id, string? Email, bool EmailConfirmed, string? DisplayName);

    public static IServiceCollection AddAccountsApi(this IServiceCollection services) =>
        services.AddAuthorizationBuilder()
            .AddPolicy(ReadAccountsPolicy, policy => policy
                .AddAuthenticationSchemes(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme)
                .RequireAuthenticatedUser()
                .RequireAssertion(context => HasAudience(context.User) && HasScope(context.User, ReadAccountsPolicy)))
            .Services;

    public static IEndpointRouteBuilder MapAccountsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/accounts/{userId}", GetAsync)
            .RequireAuthorization(ReadAccountsPolicy)
            .WithSummary("A runner's account as services need it: email, whether it is confirmed, display name; 404 for no such account.");
        return app;
    }

    private static async Task<Results<Ok<AccountResponse>, NotFound>> GetAsync(string userId, UserManager<IdentityUser> users)
    {
        var user = userId.Length > 64 ? null : await users.FindByIdAsync(userId);
        if (user is null)
        {
            return TypedResults.NotFound();
        }

        var claims = await users.GetClaimsAsync(user);
        var name = claims.FirstOrDefault(c => c.Type is Claims.Name or Claims.Nickname or Claims.GivenName)?.Value;
        return TypedResults.Ok(new AccountResponse(user.Id, user.Email, user.EmailConfirmed, name));
    }

    // OpenIddict keeps the token's audiences and scopes as its own private claims; the public ones are checked too.
    private static bool HasAudience(ClaimsPrincipal caller) =>
        caller.HasAudience(Audience) || caller.FindAll(Claims.Audience).Any(claim => claim.Value == Audience);

    private static bool HasScope(ClaimsPrincipal caller, string scope) =>
        caller.HasScope(scope)
        || caller.FindAll(Claims.Scope).SelectMany(claim => claim.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Contains(scope, StringComparer.Ordinal);
}
