using Yarp.ReverseProxy.Model;

namespace Runnerly.Gateway.RateLimiting;

/// <summary>
/// The limits a proxy route asks for, by name, in its metadata
/// (<c>ReverseProxy:Routes:{id}:Metadata:RateLimit</c>), on top of those every request gets.
/// </summary>
internal static class RoutePolicies
{
    public const string MetadataKey = "RateLimit";

    /// <summary>Account form posts: per client address (<c>account-client</c>), then per typed email (<c>account-email</c>).</summary>
    public const string Account = "account";
    public const string AccountClient = "account-client";
    public const string AccountEmail = "account-email";

    /// <summary>API calls with a bearer token, per token.</summary>
    public const string ApiToken = "api-token";

    /// <summary>Strava's push events, per sending address.</summary>
    public const string StravaWebhook = "strava-webhook";

    /// <summary>Calendar apps fetching a runner's private feed (no bearer token), per client address.</summary>
    public const string Calendar = "calendar";

    /// <summary>One-click unsubscribe links from the reports' emails, per client address.</summary>
    public const string Unsubscribe = "unsubscribe";

    public static readonly IReadOnlyList<string> Names = [Account, ApiToken, StravaWebhook, Calendar, Unsubscribe];

    /// <summary>The policy named by the proxy route this request matched, if any. Routing has run before the limits.</summary>
    public static string? Of(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<RouteModel>()?.Config.Metadata?.GetValueOrDefault(MetadataKey);
}
