using System.Security.Claims;

namespace Microsoft.Extensions.Hosting;

/// <summary>Who the caller is, as the identity service's tokens say it.</summary>
public static class RunnerClaims
{
    /// <summary>The runner an access token speaks for: its <c>sub</c> claim (endpoints that act for a runner require it).</summary>
    public static string RunnerId(this ClaimsPrincipal runner) =>
        runner.FindFirstValue("sub") ?? throw new InvalidOperationException("The token has no subject: the endpoint must require a runner's token.");
}
