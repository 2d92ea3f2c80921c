using System.Net;
using Runnerly.Strava.Clients;
using Runnerly.Strava.Infrastructure;
using Runnerly.Strava.Model;

namespace Runnerly.Strava.Sync;

/// <summary>
/// Calls Strava with a linked runner's access token, kept fresh: refreshed when under five
/// minutes from expiry, and once more (then the call retried once) when Strava answers 401.
/// Strava rotates refresh tokens, so every refresh is stored before the new token is used.
/// </summary>
internal sealed class AthleteAccess(StravaDbContext db, StravaClient strava, TokenProtector protector, TimeProvider clock)
{
    public static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);

    public async Task<T> CallAsync<T>(StravaLink link, Func<string, Task<T>> call, CancellationToken cancellationToken)
    {
        if (link.ExpiresAt - clock.GetUtcNow() < RefreshMargin)
        {
            await RefreshAsync(link, cancellationToken);
        }

        try
        {
            return await call(protector.Unprotect(link.AccessToken));
        }
        catch (StravaException e) when (e.Status == HttpStatusCode.Unauthorized)
        {
            await RefreshAsync(link, cancellationToken);
            return await call(protector.Unprotect(link.AccessToken));
        }
    }

    private async Task RefreshAsync(StravaLink link, CancellationToken cancellationToken)
    {
        StravaTokens tokens;
        try
        {
            tokens = await strava.RefreshAsync(protector.Unprotect(link.RefreshToken), cancellationToken);
        }
        catch (StravaException e) when (e.Status is HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized)
        {
            throw new StravaGrantRevokedException(link.RefreshToken, e);
        }

        link.AccessToken = protector.Protect(tokens.AccessToken);
        link.RefreshToken = protector.Protect(tokens.RefreshToken);
        link.ExpiresAt = tokens.Expires;
        await db.SaveChangesAsync(cancellationToken);
    }
}

/// <summary>Strava no longer accepts the runner's refresh token (as stored, encrypted): the grant was revoked or has lapsed.</summary>
internal sealed class StravaGrantRevokedException(string refusedRefreshToken, Exception inner) : Exception("Strava no longer accepts the runner's grant.", inner)
{
    public string RefreshToken { get; } = refusedRefreshToken;
}
