using Microsoft.Extensions.Options;

namespace Runnerly.Gateway.RateLimiting;

/// <summary>
/// The book's firewall: a token bucket per client address for all traffic, a concurrency cap
/// per address, and the stricter buckets of the policy the matched proxy route names
/// (<see cref="RoutePolicies"/>). A refusal is a 429 with Retry-After and a ProblemDetails naming the policy.
/// </summary>
internal sealed class RateLimitMiddleware(RequestDelegate next, SharedTokenBuckets buckets, ClientConcurrency concurrency,
    IOptionsMonitor<RateLimitOptions> options, GatewayMetrics metrics)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.Path.StartsWithSegments(Extensions.HealthPath) || request.Path.StartsWithSegments(Extensions.AlivePath))
        {
            await next(context);
            return;
        }

        var limits = options.CurrentValue;
        var client = ClientAddress.Of(context);
        if (!await AllowedAsync(context, "client", client, limits.PerClient) || !await RoutePolicyAllowsAsync(context, client, limits))
        {
            return;
        }

        using var inFlight = concurrency.TryEnter(client);
        if (!inFlight.IsAcquired)
        {
            await RefuseAsync(context, "client-concurrency", TimeSpan.FromSeconds(1));
            return;
        }

        await next(context);
    }

    /// <summary>The limits of the policy the matched route names; false once a refusal has been written.</summary>
    private async ValueTask<bool> RoutePolicyAllowsAsync(HttpContext context, string client, RateLimitOptions limits) =>
        RoutePolicies.Of(context) switch
        {
            null => true,
            RoutePolicies.Account => await AccountFormAllowedAsync(context, client, limits),
            RoutePolicies.ApiToken => Partitions.BearerToken(context.Request) is not { } token
                || await AllowedAsync(context, RoutePolicies.ApiToken, Partitions.Digest(token), limits.ApiPerToken),
            RoutePolicies.StravaWebhook => await AllowedAsync(context, RoutePolicies.StravaWebhook, client, limits.StravaWebhook),
            RoutePolicies.Calendar => await AllowedAsync(context, RoutePolicies.Calendar, client, limits.Calendar),
            RoutePolicies.Unsubscribe => await AllowedAsync(context, RoutePolicies.Unsubscribe, client, limits.Unsubscribe),
            var unknown => throw new InvalidOperationException($"No rate-limit policy '{unknown}'; route policies are checked at start-up."),
        };

    private async ValueTask<bool> AccountFormAllowedAsync(HttpContext context, string client, RateLimitOptions limits)
    {
        if (!await AllowedAsync(context, RoutePolicies.AccountClient, client, limits.AccountPerClient))
        {
            return false;
        }

        string? email;
        try
        {
            email = await Partitions.TypedEmailAsync(context.Request);
        }
        catch (Exception e) when (e is InvalidDataException or IOException) // BadHttpRequestException is an IOException
        {
            await RefuseUnreadableFormAsync(context, e);
            return false;
        }

        return email is null || await AllowedAsync(context, RoutePolicies.AccountEmail, Partitions.Digest(email), limits.AccountPerEmail);
    }

    /// <summary>
    /// A body cut off at the size limit keeps its 413 and a client that went away gets nothing;
    /// anything else unreadable (a broken or cut-off multipart body, too many fields) is a 400.
    /// </summary>
    private async Task RefuseUnreadableFormAsync(HttpContext context, Exception failure)
    {
        if (context.RequestAborted.IsCancellationRequested)
        {
            return;
        }

        await context.AnswerProblemAsync(failure is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status400BadRequest,
            "The form could not be read",
            failure is BadHttpRequestException or InvalidDataException ? failure.Message : "The form's body ended before its last part.");
    }

    private async ValueTask<bool> AllowedAsync(HttpContext context, string policy, string partition, TokenBucket bucket)
    {
        var decision = await buckets.TakeAsync(policy, partition, bucket);
        if (!decision.IsAllowed)
        {
            await RefuseAsync(context, policy, decision.RetryAfter);
        }

        return decision.IsAllowed;
    }

    private async Task RefuseAsync(HttpContext context, string policy, TimeSpan retryAfter)
    {
        metrics.Rejected(policy);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString();
        await context.AnswerProblemAsync(StatusCodes.Status429TooManyRequests, "Too many requests", $"Please wait {seconds} s before trying again.",
            problem =>
            {
                problem.Extensions["policy"] = policy;
                problem.Extensions["retryAfterSeconds"] = seconds;
            });
    }
}

internal static class RateLimitMiddlewareExtensions
{
    public static IApplicationBuilder UseGatewayRateLimits(this IApplicationBuilder app) => app.UseMiddleware<RateLimitMiddleware>();
}
