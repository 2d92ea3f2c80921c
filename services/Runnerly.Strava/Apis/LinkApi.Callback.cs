using System.Net;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using Runnerly.Strava.Clients;
using Runnerly.Strava.Infrastructure;
using Runnerly.Strava.Model;
using Runnerly.Strava.Sync;

namespace Runnerly.Strava.Apis;

internal static partial class LinkApi
{
    /// <summary>
    /// Where Strava sends the runner's browser back: the link is completed, or a short page says
    /// why not and what to do — never an error page.
    /// </summary>
    private static async Task<Results<RedirectHttpResult, ContentHttpResult>> CallbackAsync(HttpContext context, string? state, string? code, string? scope, string? error,
        StravaDbContext db, StravaClient strava, TokenProtector protector, IOptions<StravaLinkOptions> options, SyncSignal signal, LinkChangeNotifier notifier,
        TimeProvider clock, ILogger<StravaLink> logger)
    {
        var cancellationToken = context.RequestAborted;
        var now = clock.GetUtcNow();
        var request = IsState(state) ? await db.LinkRequests.SingleOrDefaultAsync(r => r.State == state, cancellationToken) : null;
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

        // Taken once, even by two loads of the callback at the same moment: the second finds it used.
        if (await db.LinkRequests.Where(r => r.State == request.State && r.UsedAt == null)
                .ExecuteUpdateAsync(set => set.SetProperty(r => r.UsedAt, now), cancellationToken) == 0)
        {
            return Page(HttpStatusCode.BadRequest, "This Strava link has expired or was already used",
                "Start again from your settings: Connect Strava.", options.Value);
        }

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
        link.AthleteName = tokens.Athlete.DisplayName;
        link.AccessToken = protector.Protect(tokens.AccessToken);
        link.RefreshToken = protector.Protect(tokens.RefreshToken);
        link.ExpiresAt = tokens.Expires;
        link.Scope = string.Join(',', granted);
        link.LinkedAt = now;
        link.Problem = null;
        link.BackfillComplete = link.BackfillComplete && link.BackfillPages > 0; // a new link queues the import of the whole history
        link.NextSyncAt = link.BackfillComplete ? now : null;                     // a renewed one catches up
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e is DbUpdateConcurrencyException || e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // Linked from another tab, or disconnected, at the same moment.
            return Page(HttpStatusCode.Conflict, "Strava was being connected or disconnected at the same moment",
                "This page linked nothing. Open your settings to see whether Strava is connected, and connect again if it is not.", options.Value);
        }

        notifier.Changed(link.RunnerId);
        signal.Wake();
        return TypedResults.Redirect(options.Value.AfterLinkUrl);
    }

    /// <summary>A state this service hands out (<see cref="Secret"/>): anything else is not looked up at all.</summary>
    private static bool IsState(string? state) => state is { Length: SecretLength } && state.All(char.IsAsciiHexDigitLower);

    private static string StravaRefusal(StravaException e) => e.Message switch
    {
        var m when m.Contains("Limit of connected athletes exceeded", StringComparison.OrdinalIgnoreCase) =>
            "Runnerly has reached the number of athletes Strava lets it connect. Please try again later.",
        _ when e.Status == HttpStatusCode.Forbidden =>
            "Runnerly's Strava application is not active at the moment. Please try again later.",
        _ => "Please try again from your settings in a few minutes.",
    };

    private static ContentHttpResult Page(HttpStatusCode status, string title, string message, StravaLinkOptions options) =>
        AppPage.Result((int)status, title, message, new PageLink("Your settings", "/settings"), new PageLink("Back to Runnerly", options.AfterLinkUrl));
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
