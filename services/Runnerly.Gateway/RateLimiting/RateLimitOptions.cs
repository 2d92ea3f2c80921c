using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Runnerly.Gateway.RateLimiting;

/// <summary>Every limit the gateway enforces (section <c>Gateway:RateLimits</c>; defaults in appsettings.json).</summary>
internal sealed class RateLimitOptions
{
    public const string Section = "Gateway:RateLimits";

    /// <summary>Every request, per client address.</summary>
    [Required, ValidateObjectMembers]
    public TokenBucket PerClient { get; set; } = null!;

    /// <summary>Requests in flight at once, per client address, on each gateway instance.</summary>
    [Range(1, 100_000)]
    public int ConcurrentPerClient { get; set; }

    /// <summary>Form posts to the account pages (routes with the <c>account</c> policy), per client address.</summary>
    [Required, ValidateObjectMembers]
    public TokenBucket AccountPerClient { get; set; } = null!;

    /// <summary>The same posts, per email address typed in the form.</summary>
    [Required, ValidateObjectMembers]
    public TokenBucket AccountPerEmail { get; set; } = null!;

    /// <summary>API calls with a bearer token (routes with the <c>api-token</c> policy), per token (a signed-in runner's session).</summary>
    [Required, ValidateObjectMembers]
    public TokenBucket ApiPerToken { get; set; } = null!;

    /// <summary>Strava's push events (the <c>strava-webhook</c> route), per sending address, apart from the address's other traffic.</summary>
    [Required, ValidateObjectMembers]
    public TokenBucket StravaWebhook { get; set; } = null!;

    /// <summary>Calendar apps fetching the private iCalendar feeds (the <c>calendar</c> policy), per client address.</summary>
    [Required, ValidateObjectMembers]
    public TokenBucket Calendar { get; set; } = null!;

    /// <summary>Unsubscribe links opened or posted (the <c>unsubscribe</c> policy), per client address.</summary>
    [Required, ValidateObjectMembers]
    public TokenBucket Unsubscribe { get; set; } = null!;
}

/// <summary>A bucket of <see cref="Burst"/> tokens, refilled at <see cref="PermitsPerSecond"/>; each request takes one.</summary>
internal sealed class TokenBucket
{
    [Range(0.001, 1_000_000)]
    public double PermitsPerSecond { get; set; }

    [Range(1, 1_000_000)]
    public int Burst { get; set; }

    /// <summary>
    /// Tokens an instance takes from Redis beyond those its waiting requests need, spending them
    /// itself (1: a Redis call per request). The shared limit may be exceeded by one batch per instance.
    /// </summary>
    [Range(1, 1_000)]
    public int LocalBatch { get; set; } = 1;
}

[OptionsValidator]
internal sealed partial class RateLimitOptionsValidator : IValidateOptions<RateLimitOptions>;
