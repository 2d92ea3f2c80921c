using Microsoft.AspNetCore.Authorization;

namespace Microsoft.Extensions.Hosting;

public static class ScopePolicies
{
    /// <summary>A policy met by tokens whose <c>scope</c> claim lists <paramref name="scope"/>.</summary>
    public static AuthorizationBuilder AddScopePolicy(this AuthorizationBuilder authorization, string name, string scope) =>
        authorization.AddPolicy(name, policy => policy
            .RequireAuthenticatedUser()
            .RequireAssertion(context => context.User.FindAll("scope")
                .SelectMany(claim => claim.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                .Contains(scope, StringComparer.Ordinal)));
}
