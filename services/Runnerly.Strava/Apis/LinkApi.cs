using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
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
internal static partial class LinkApi
{
    public const string RunnerPolicy = "runner";
    public const string BindingCookie = "runnerly_strava_link";
    public static readonly TimeSpan RequestLifetime = TimeSpan.FromMinutes(10);

    public static void MapLinkApi(this IEndpointRouteBuilder app)
    {
        var link = app.MapGroup("/api/strava").WithTags("Strava link").RequireAuthorization(RunnerPolicy);
        link.MapPost("/link", StartAsync)
            .WithSummary("Starts linking Strava: the authorize URL to send the runner to, and the binding secret to set as a cookie for the callback.");
        link.MapGet("/status", StatusAsync).WithSummary("The runner's Strava link: connected or not, the import's progress, and any problem.");
        link.MapDelete("/link", DisconnectAsync)
            .WithSummary("Disconnects Strava: revokes the grant, deletes the runs imported from Strava, forgets the tokens. 204 when done, 202 when it completes in the background.");
        app.MapGet("/strava/callback", CallbackAsync).WithTags("Strava link")
            .WithSummary("Where Strava sends the runner back: links the account and redirects to the web, or shows a page saying why not.");
    }

    private static async Task<Ok<LinkStart>> StartAsync(ClaimsPrincipal runner, StravaDbContext db, StravaClient strava, IOptions<StravaLinkOptions> options,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        var state = Secret();
        var binding = Secret();
        db.LinkRequests.Add(new LinkRequest { State = state, RunnerId = runner.RunnerId(), BindingHash = Hash(binding), CreatedAt = clock.GetUtcNow() });
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(new LinkStart(strava.AuthorizeUri(options.Value.CallbackUrl, state), binding, BindingCookie, clock.GetUtcNow() + RequestLifetime));
    }

    private static async Task<Ok<LinkStatus>> StatusAsync(ClaimsPrincipal runner, StravaDbContext db, StravaBudget budget, TimeProvider clock,
        ILogger<StravaLink> logger, CancellationToken cancellationToken)
    {
        var link = await db.Links.AsNoTracking().SingleOrDefaultAsync(l => l.RunnerId == runner.RunnerId(), cancellationToken);
        return TypedResults.Ok(link is null
            ? new LinkStatus(false, null, null, 0, null, false, null, false, null, null)
            : new LinkStatus(link.DisconnectRequestedAt is null, link.AthleteId, link.AthleteName, link.Imported, link.EstimatedTotal, link.BackfillComplete,
                link.LastSyncedAt, link.DisconnectRequestedAt is not null, link.Problem, await PausedUntilAsync(link, budget, clock, logger)));
    }

    /// <summary>
    /// When the runner's import waits for Strava's budget (the history, or a safety sync that is due), the moment a read
    /// for it may be sent again; null when nothing waits for the budget.
    /// </summary>
    private static async Task<DateTimeOffset?> PausedUntilAsync(StravaLink link, StravaBudget budget, TimeProvider clock, ILogger logger)
    {
        StravaWork? waiting = link switch
        {
            { DisconnectRequestedAt: not null } or { Problem: not null } => null,
            { BackfillComplete: false } => StravaWork.Backfill,
            _ when link.NextSyncAt <= clock.GetUtcNow() => StravaWork.Live,
            _ => null,
        };
        try
        {
            return waiting is { } work ? await budget.NextReadAtAsync(work) : null;
        }
        catch (Exception e) when (e is StackExchange.Redis.RedisException or TimeoutException)
        {
            // The pause is a hint for the runner: the rest of the status still answers. (A Redis timeout is a
            // TimeoutException, not a RedisException.)
            logger.LogWarning(e, "The Strava budget could not be read for the status of runner {RunnerId}", link.RunnerId);
            return null;
        }
    }

    private static async Task<Results<NoContent, Accepted<DisconnectingAnswer>>> DisconnectAsync(ClaimsPrincipal runner, Disconnection disconnection,
        CancellationToken cancellationToken) =>
        // The worker may be in the middle of a step for this runner: a step is short, so wait for it a little.
        await disconnection.RequestAsync(runner.RunnerId(), deleteImportedRuns: true, waitForWork: TimeSpan.FromSeconds(5), cancellationToken)
            ? TypedResults.NoContent()
            : TypedResults.Accepted("/api/strava/status",
                new DisconnectingAnswer("disconnecting", "Strava is being disconnected; your Strava runs disappear within a few minutes."));

    private const int SecretLength = 48;

    private static string Secret() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(SecretLength / 2));

    private static string Hash(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));

    private sealed record LinkStart(Uri AuthorizeUrl, string Binding, string BindingCookie, DateTimeOffset ExpiresAt);

    /// <param name="AthleteName">"Firstname Lastname" as Strava gave it when the runner linked; null for links made before it was kept.</param>
    /// <param name="PausedUntil">While the import waits for Strava's rate limits, when it goes on (UTC).</param>
    private sealed record LinkStatus(bool Connected, long? AthleteId, string? AthleteName, int Imported, int? EstimatedTotal, bool BackfillComplete,
        DateTimeOffset? LastSyncedAt, bool Disconnecting, string? Problem, DateTimeOffset? PausedUntil);

    private sealed record DisconnectingAnswer(string Status, string Detail);
}
