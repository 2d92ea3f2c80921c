using Microsoft.Extensions.Options;

namespace Runnerly.Gateway.RateLimiting;

/// <summary>
/// The proxy routes' metadata (section <c>ReverseProxy</c>, YARP's own), read to check at start-up
/// that every route names a rate-limit policy the gateway knows.
/// </summary>
internal sealed class RoutePolicyOptions
{
    public const string Section = "ReverseProxy";

    public Dictionary<string, RouteMetadata> Routes { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    internal sealed class RouteMetadata
    {
        public Dictionary<string, string> Metadata { get; set; } = new(StringComparer.OrdinalIgnoreCase);
    }
}

internal sealed class RoutePolicyOptionsValidator : IValidateOptions<RoutePolicyOptions>
{
    public ValidateOptionsResult Validate(string? name, RoutePolicyOptions options)
    {
        var failures = new List<string>();
        foreach (var (routeId, route) in options.Routes)
        {
            if (route.Metadata.TryGetValue(RoutePolicies.MetadataKey, out var policy) && !RoutePolicies.Names.Contains(policy))
            {
                failures.Add($"Route '{routeId}' names the rate-limit policy '{policy}', which the gateway does not have " +
                    $"(it has {string.Join(", ", RoutePolicies.Names)}).");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
