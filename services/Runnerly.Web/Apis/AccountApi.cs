using System.Runtime.CompilerServices;
using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Runnerly.Web.Clients;
using StackExchange.Redis;

namespace Runnerly.Web.Apis;

/// <summary>Signing in and out, and the Strava connection's round trips, for the pages' links and forms.</summary>
internal static class AccountApi
{
    public static void MapAccountApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/signin", (string? returnUrl) => Results.Challenge(
            new AuthenticationProperties { RedirectUri = LocalOnly(returnUrl) ?? "/dashboard" }, [OpenIdConnectDefaults.AuthenticationScheme]));

        app.MapPost("/signout", () => Results.SignOut(new AuthenticationProperties { RedirectUri = "/" },
                [CookieAuthenticationDefaults.AuthenticationScheme, OpenIdConnectDefaults.AuthenticationScheme]))
            .WithMetadata(new RequireAntiforgeryTokenAttribute())
            .AddEndpointFilter(RefuseWithoutAntiforgeryToken);

        var strava = app.MapGroup("/settings/strava").RequireAuthorization()
            .WithMetadata(new RequireAntiforgeryTokenAttribute())
            .AddEndpointFilter(RefuseWithoutAntiforgeryToken);
        strava.MapPost("/connect", ConnectAsync);
        strava.MapPost("/disconnect", DisconnectAsync);

        app.MapGet("/dashboard/changes", RunChanges).RequireAuthorization();

        // For the dashboard's progress bar, which asks every few seconds while the history comes in.
        app.MapGet("/dashboard/strava-status", async (StravaApi api, CancellationToken cancellationToken) => Results.Ok(await api.StatusAsync(cancellationToken)))
            .RequireAuthorization();
    }

    /// <summary>
    /// Starts the link at the strava service, sets its binding cookie for <c>/strava/callback</c>
    /// (docs/strava.md) and sends the runner to Strava.
    /// </summary>
    private static async Task<IResult> ConnectAsync(HttpContext context, StravaApi api, CancellationToken cancellationToken)
    {
        try
        {
            var start = await api.StartLinkAsync(cancellationToken);
            context.Response.Cookies.Append(start.BindingCookie, start.Binding, new CookieOptions
            {
                Path = "/strava/callback",
                HttpOnly = true,
                Secure = context.Request.IsHttps || RunnerSignIn.PublicUrlIsHttps(context.RequestServices),
                SameSite = SameSiteMode.Lax,
                Expires = start.ExpiresAt,
            });
            // A page that moves on, not a redirect: the form-action policy would stop a form's redirect to Strava's site.
            var strava = System.Net.WebUtility.HtmlEncode(start.AuthorizeUrl.ToString());
            return Results.Content($"""
                <!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
                <meta http-equiv="refresh" content="0;url={strava}"><title>To Strava — Runnerly</title></head>
                <body><p>Taking you to Strava… <a href="{strava}">Continue to Strava</a></p></body></html>
                """, "text/html; charset=utf-8");
        }
        catch (Exception e) when (e is ApiException or HttpRequestException)
        {
            return Results.Redirect("/settings?strava=unavailable");
        }
    }

    private static async Task<IResult> DisconnectAsync(StravaApi strava, CancellationToken cancellationToken)
    {
        try
        {
            return Results.Redirect(await strava.DisconnectAsync(cancellationToken) ? "/settings?strava=disconnected" : "/settings?strava=disconnecting");
        }
        catch (Exception e) when (e is ApiException or HttpRequestException)
        {
            return Results.Redirect("/settings?strava=unavailable");
        }
    }

    /// <summary>
    /// Server-sent events: a notice each time the data service says the runner's runs changed
    /// (its Redis channel <c>runnerly:runs:{id}</c>), and a comment every 15 s to keep the line open.
    /// </summary>
    private static IResult RunChanges(ClaimsPrincipal runner, IConnectionMultiplexer redis, IHostApplicationLifetime lifetime, CancellationToken cancellationToken)
    {
        var channel = RedisChannel.Literal($"runnerly:runs:{runner.FindFirstValue("sub")}");
        return TypedResults.ServerSentEvents(NoticesAsync(redis.GetSubscriber(), channel, cancellationToken, lifetime.ApplicationStopping), eventType: "runs-changed");
    }

    private static async IAsyncEnumerable<string> NoticesAsync(ISubscriber subscriber, RedisChannel channel, [EnumeratorCancellation] CancellationToken cancellationToken,
        CancellationToken stopping)
    {
        using var open = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stopping);
        // This page's own queue: unsubscribing it leaves the runner's other tabs subscribed.
        var notices = await subscriber.SubscribeAsync(channel);
        try
        {
            while (!open.IsCancellationRequested)
            {
                using var keepAlive = CancellationTokenSource.CreateLinkedTokenSource(open.Token);
                keepAlive.CancelAfter(TimeSpan.FromSeconds(15));
                string notice;
                try
                {
                    notice = (await notices.ReadAsync(keepAlive.Token)).Message.ToString();
                }
                catch (OperationCanceledException) when (!open.IsCancellationRequested)
                {
                    notice = "{}"; // nothing changed: an empty notice keeps the line open through the gateway's idle timeout
                }
                catch (OperationCanceledException)
                {
                    yield break;
                }

                yield return notice;
            }
        }
        finally
        {
            await notices.UnsubscribeAsync();
        }
    }

    /// <summary>The antiforgery middleware only records what it found; these endpoints read no form, so they refuse here.</summary>
    private static async ValueTask<object?> RefuseWithoutAntiforgeryToken(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        context.HttpContext.Features.Get<IAntiforgeryValidationFeature>() is { IsValid: false }
            ? TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "This form has expired. Go back, reload the page and try again.")
            : await next(context);

    /// <summary>A path on this site only: not "//host", nor a backslash or control character a browser would read as one.</summary>
    internal static string? LocalOnly(string? url) =>
        url is { Length: > 0 } && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) && !url.Any(char.IsControl) ? url : null;
}
