using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Runnerly.Gateway.RateLimiting;

/// <summary>
/// The book's firewall: a token bucket per client address for all traffic, a concurrency cap
/// per address, and stricter buckets for account forms, API sessions and Strava's webhook.
/// A refusal is a 429 with Retry-After and a ProblemDetails naming the policy.
/// </summary>
internal sealed class RateLimitMiddleware(RequestDelegate next, SharedTokenBuckets buckets, ClientConcurrency concurrency,
    IOptionsMonitor<RateLimitOptions> options, IProblemDetailsService problems, GatewayMetrics metrics)
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
        if (!await AllowedAsync(context, "client", client, limits.PerClient))
        {
            return;
        }

        if (HttpMethods.IsPost(request.Method) && IsAccountForm(request.Path, limits))
        {
            if (!await AllowedAsync(context, "account-client", client, limits.AccountPerClient))
            {
                return;
            }

            string? email;
            try
            {
                email = await TypedEmailAsync(request);
            }
            catch (Exception e) when (e is InvalidDataException or BadHttpRequestException)
            {
                // A body cut off at the size limit keeps its 413; anything else unreadable is a 400.
                var status = e is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status400BadRequest;
                context.Response.StatusCode = status;
                await problems.WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context,
                    ProblemDetails = { Status = status, Title = "The form could not be read", Detail = e.Message },
                });
                return;
            }

            if (email is not null && !await AllowedAsync(context, "account-email", Digest(email), limits.AccountPerEmail))
            {
                return;
            }
        }
        else if (request.Path.StartsWithSegments("/api") && BearerToken(request) is { } token)
        {
            if (!await AllowedAsync(context, "api-token", Digest(token), limits.ApiPerToken))
            {
                return;
            }
        }
        else if (HttpMethods.IsPost(request.Method) && SamePath(request.Path, "/strava/webhook"))
        {
            if (!await AllowedAsync(context, "strava-webhook", client, limits.StravaWebhook))
            {
                return;
            }
        }

        using var inFlight = concurrency.TryEnter(client);
        if (!inFlight.IsAcquired)
        {
            await RefuseAsync(context, "client-concurrency", TimeSpan.FromSeconds(1));
            return;
        }

        await next(context);
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
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = seconds.ToString();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many requests",
                Detail = $"Please wait {seconds} s before trying again.",
                Extensions = { ["policy"] = policy, ["retryAfterSeconds"] = seconds },
            },
        });
    }

    private static bool IsAccountForm(PathString path, RateLimitOptions limits) =>
        limits.AccountPaths.Any(accountPath => SamePath(path, accountPath));

    // Routing ignores case and a trailing slash; so must the limits.
    private static bool SamePath(PathString path, string expected) =>
        string.Equals(path.Value?.TrimEnd('/'), expected.TrimEnd('/'), StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The email an account page will see, read as its model binding reads it: the form's first
    /// value, else the query string's. The body stays readable for the upstream.
    /// </summary>
    private static async Task<string?> TypedEmailAsync(HttpRequest request)
    {
        var email = "";
        if (request.HasFormContentType)
        {
            request.EnableBuffering();
            var form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
            request.Body.Position = 0;
            email = form["Email"].FirstOrDefault() ?? "";
        }

        if (email.Length == 0)
        {
            email = request.Query["Email"].FirstOrDefault() ?? "";
        }

        email = email.Trim();
        return email.Length == 0 ? null : email.ToUpperInvariant();
    }

    private static string? BearerToken(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && authorization.Length > 7
            ? authorization[7..].Trim()
            : null;
    }

    /// <summary>Keys in Redis never hold an email address or a token, only a digest of it.</summary>
    private static string Digest(string value) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(value)), 0, 16);
}

internal static class RateLimitMiddlewareExtensions
{
    public static IApplicationBuilder UseGatewayRateLimits(this IApplicationBuilder app) => app.UseMiddleware<RateLimitMiddleware>();
}
