using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Runnerly.Strava.Clients;
using Runnerly.Strava.Infrastructure;
using Runnerly.Strava.Model;
using Runnerly.Strava.Sync;

namespace Runnerly.Strava.Apis;

/// <summary>
/// Linking a runner to Strava. The web asks <c>POST /api/strava/link</c> for the authorize URL
/// and a binding secret, sets the secret as a cookie for <c>/strava/callback</c>, and sends the
/// runner to Strava. The callback completes only with an unused, fresh state and the cookie of
/// the browser that started it, so a link started by someone else cannot attach their Strava
/// account — or this runner's — to the wrong Runnerly account.
/// </summary>
internal static class LinkApi
{
    public const string RunnerPolicy = "runner";
    public const string BindingCookie = "runnerly_strava_link";
    public static readonly TimeSpan RequestLifetime = TimeSpan.FromMinutes(10);

    public static void MapLinkApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/strava/link", StartAsync).RequireAuthorization(RunnerPolicy);
        app.MapGet("/api/strava/status", StatusAsync).RequireAuthorization(RunnerPolicy);
        app.MapDelete("/api/strava/link", DisconnectAsync).RequireAuthorization(RunnerPolicy)
            .WithSummary("Disconnects Strava: revokes the grant, deletes the runs imported from Strava, forgets the tokens. 204 when done, 202 when it completes in the background.");
        app.MapGet("/strava/callback", CallbackAsync);
    }

    private static async Task<IResult> StartAsync(ClaimsPrincipal runner, StravaDbContext db, StravaClient strava, IOptions<StravaLinkOptions> options,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        var state = Secret();
        var binding = Secret();
        db.LinkRequests.Add(new LinkRequest { State = state, RunnerId = runner.RunnerId(), BindingHash = Hash(binding), CreatedAt = clock.GetUtcNow() });
        await db.SaveChangesAsync(cancellationToken);
        return Results.Ok(new LinkStart(strava.AuthorizeUri(options.Value.CallbackUrl, state), binding, BindingCookie, clock.GetUtcNow() + RequestLifetime));
    }

    private static async Task<IResult> StatusAsync(ClaimsPrincipal runner, StravaDbContext db, CancellationToken cancellationToken)
    {
        var link = await db.Links.AsNoTracking().SingleOrDefaultAsync(l => l.RunnerId == runner.RunnerId(), cancellationToken);
        return Results.Ok(link is null
            ? new LinkStatus(false, null, 0, null, false, null, false, null)
            : new LinkStatus(link.DisconnectRequestedAt is null, link.AthleteId, link.Imported, link.EstimatedTotal, link.BackfillComplete, link.LastSyncedAt,
                link.DisconnectRequestedAt is not null, link.Problem));
    }

    private static async Task<IResult> DisconnectAsync(ClaimsPrincipal runner, Disconnection disconnection, CancellationToken cancellationToken) =>
        // The worker may be in the middle of a step for this runner: a step is short, so wait for it a little.
        await disconnection.RequestAsync(runner.RunnerId(), deleteImportedRuns: true, waitForWork: TimeSpan.FromSeconds(5), cancellationToken)
            ? Results.NoContent()
            : Results.Accepted("/api/strava/status", new { status = "disconnecting", detail = "Strava is being disconnected; your Strava runs disappear within a few minutes." });

    private static async Task<IResult> CallbackAsync(HttpContext context, string? state, string? code, string? scope, string? error,
        StravaDbContext db, StravaClient strava, TokenProtector protector, IOptions<StravaLinkOptions> options, SyncSignal signal, TimeProvider clock,
        ILogger<StravaLink> logger)
    {
        var cancellationToken = context.RequestAborted;
        var now = clock.GetUtcNow();
        var request = state is null ? null : await db.LinkRequests.SingleOrDefaultAsync(r => r.State == state, cancellationToken);
        if (request is null || request.UsedAt is not null || now - request.CreatedAt > RequestLifetime)
        {
            return Page(HttpStatusCode.BadRequest, "This Strava link has expired or was already used",
                "Start again from your settings: Connect Strava.", options.Value);
        }

        if (!context.Request.Cookies.TryGetValue(BindingCookie, out var binding) || Hash(binding) != request.BindingHash)
        {
            return Page(HttpStatusCode.BadRequest, "This Strava link was started in another browser or account",
                "Nothing was linked. Sign in to Runnerly in this browser and connect Strava from your settings.", options.Value);
        }

        request.UsedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        context.Response.Cookies.Delete(BindingCookie, new CookieOptions { Path = "/strava/callback" });

        if (error is not null || code is null)
        {
            return Page(HttpStatusCode.OK, "Strava was not connected", "You cancelled on Strava's page. You can connect any time from your settings.", options.Value);
        }

        var granted = (scope ?? "").Split(',', StringSplitOptions.TrimEntries);
        if (!granted.Contains("activity:read_all") && !granted.Contains("activity:read"))
        {
            return Page(HttpStatusCode.OK, "Runnerly needs to see your activities",
                "Strava was not connected because the box to share your activities was unticked. Connect again and leave \"View data about your activities\" ticked.",
                options.Value);
        }

        StravaTokens tokens;
        try
        {
            tokens = await strava.ExchangeCodeAsync(code, cancellationToken);
        }
        catch (StravaException e)
        {
            logger.LogWarning(e, "Strava refused the code of runner {RunnerId}", request.RunnerId);
            return Page(HttpStatusCode.BadGateway, "Strava did not accept the connection", StravaRefusal(e), options.Value);
        }
        catch (Exception e) when ((e is HttpRequestException or TaskCanceledException) && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(e, "Strava could not be reached to exchange the code of runner {RunnerId}", request.RunnerId);
            return Page(HttpStatusCode.BadGateway, "Strava could not be reached", "Nothing was linked. Please connect again from your settings in a few minutes.", options.Value);
        }

        if (tokens.Athlete is not { Id: var athleteId })
        {
            return Page(HttpStatusCode.BadGateway, "Strava did not accept the connection", "Please try again from your settings in a few minutes.", options.Value);
        }

        var taken = await db.Links.AnyAsync(l => l.AthleteId == athleteId && l.RunnerId != request.RunnerId, cancellationToken);
        if (taken)
        {
            return Page(HttpStatusCode.Conflict, "This Strava account is linked to another Runnerly account",
                "Disconnect it there first, or sign in to that account.", options.Value);
        }

        var link = await db.Links.SingleOrDefaultAsync(l => l.RunnerId == request.RunnerId, cancellationToken);
        if (link?.DisconnectRequestedAt is not null)
        {
            // Revoking the old grant would revoke the new one too: let the disconnection finish first.
            return Page(HttpStatusCode.Conflict, "Your previous Strava connection is still being removed",
                "Please connect again in a minute.", options.Value);
        }

        if (link is not null && link.AthleteId != athleteId)
        {
            return Page(HttpStatusCode.Conflict, "Your Runnerly account is linked to another Strava account",
                "Disconnect Strava in your settings first, then connect the account you want.", options.Value);
        }

        if (link is null)
        {
            link = new StravaLink { RunnerId = request.RunnerId, AccessToken = "", RefreshToken = "", Scope = "" };
            db.Links.Add(link);
        }

        link.AthleteId = athleteId;
        link.AccessToken = protector.Protect(tokens.AccessToken);
        link.RefreshToken = protector.Protect(tokens.RefreshToken);
        link.ExpiresAt = tokens.Expires;
        link.Scope = string.Join(',', granted);
        link.LinkedAt = now;
        link.Problem = null;
        link.BackfillComplete = link.BackfillComplete && link.BackfillPages > 0; // a new link queues the import of the whole history
        link.NextSyncAt = link.BackfillComplete ? now : null;                     // a renewed one catches up
        await db.SaveChangesAsync(cancellationToken);
        signal.Wake();
        return Results.Redirect(options.Value.AfterLinkUrl);
    }

    private static string StravaRefusal(StravaException e) => e.Message switch
    {
        var m when m.Contains("Limit of connected athletes exceeded", StringComparison.OrdinalIgnoreCase) =>
            "Runnerly has reached the number of athletes Strava lets it connect. Please try again later.",
        _ when e.Status == HttpStatusCode.Forbidden =>
            "Runnerly's Strava application is not active at the moment. Please try again later.",
        _ => "Please try again from your settings in a few minutes.",
    };

    private static IResult Page(HttpStatusCode status, string title, string message, StravaLinkOptions options) => Results.Content($"""
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{WebUtility.HtmlEncode(title)} — Runnerly</title></head>
        <body style="font-family:system-ui,sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem;line-height:1.5">
        <h1 style="font-size:1.4rem">{WebUtility.HtmlEncode(title)}</h1>
        <p>{WebUtility.HtmlEncode(message)}</p>
        <p><a href="{WebUtility.HtmlEncode(options.AfterLinkUrl)}">Back to Runnerly</a></p>
        </body></html>
        """, "text/html; charset=utf-8", statusCode: (int)status);

    private static string Secret() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));

    private static string Hash(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));

    private sealed record LinkStart(Uri AuthorizeUrl, string Binding, string BindingCookie, DateTimeOffset ExpiresAt);

    private sealed record LinkStatus(bool Connected, long? AthleteId, int Imported, int? EstimatedTotal, bool BackfillComplete, DateTimeOffset? LastSyncedAt,
        bool Disconnecting, string? Problem);
}

/// <summary>Where Strava sends the runner back, and where the runner goes after (section <c>Strava:Link</c>).</summary>
internal sealed class StravaLinkOptions
{
    public const string Section = "Strava:Link";

    /// <summary>The public <c>/strava/callback</c> URL (through the gateway).</summary>
    [System.ComponentModel.DataAnnotations.Required]
    public Uri CallbackUrl { get; set; } = null!;

    /// <summary>The web page that shows the Strava connection.</summary>
    public string AfterLinkUrl { get; set; } = "/";
}
