using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;

namespace Runnerly.Web.Apis;

/// <summary>Signing in (through the identity service) and out, for the pages' links and forms.</summary>
internal static class SignInApi
{
    public static void MapSignInApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/signin", (string? returnUrl) => Results.Challenge(
            new AuthenticationProperties { RedirectUri = LocalOnly(returnUrl) ?? "/dashboard" }, [OpenIdConnectDefaults.AuthenticationScheme]));

        app.MapPost("/signout", () => Results.SignOut(new AuthenticationProperties { RedirectUri = "/" },
                [CookieAuthenticationDefaults.AuthenticationScheme, OpenIdConnectDefaults.AuthenticationScheme]))
            .RequireFormToken();
    }

    /// <summary>A path on this site only: not "//host", nor a backslash or control character a browser would read as one.</summary>
    internal static string? LocalOnly(string? url) =>
        url is { Length: > 0 } && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) && !url.Any(char.IsControl) ? url : null;
}
