namespace Runnerly.Identity.Pages;

/// <summary>The web's pages, on the same site through the gateway: where a runner goes on from these pages.</summary>
internal static class WebPaths
{
    public const string Dashboard = "/dashboard";

    /// <summary>Signs in through the web (OpenID Connect) and lands on the dashboard.</summary>
    public const string SignIn = "/signin";
}
