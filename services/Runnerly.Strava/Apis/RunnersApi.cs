using System.Net;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Runnerly.Strava.Infrastructure;
using Runnerly.Strava.StravaApi;

namespace Runnerly.Strava.Apis;

/// <summary>For services: what the strava service holds for a runner whose account was deleted.</summary>
internal static class RunnersApi
{
    public const string DeleteRunnersPolicy = "runners.delete";

    public static void MapRunnersApi(this IEndpointRouteBuilder app) =>
        app.MapDelete("/api/runners/{runnerId}", DeleteRunnerAsync)
            .RequireAuthorization(DeleteRunnersPolicy)
            .WithSummary("Revokes the runner's Strava grant and forgets their link; 503 while Strava cannot be told, so the caller retries.");

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteRunnerAsync(string runnerId, StravaDbContext db, StravaClient strava,
        TokenProtector protector, CancellationToken cancellationToken)
    {
        var link = await db.Links.SingleOrDefaultAsync(l => l.RunnerId == runnerId, cancellationToken);
        if (link is not null)
        {
            try
            {
                await strava.DeauthorizeAsync(protector.Unprotect(link.AccessToken), cancellationToken);
            }
            catch (Exception e) when (e is StravaException or HttpRequestException or TaskCanceledException)
            {
                return TypedResults.Problem(statusCode: (int)HttpStatusCode.ServiceUnavailable, title: "Strava could not be told yet",
                    detail: "The runner's Strava grant is still active; try again later.");
            }

            db.Links.Remove(link);
        }

        // Idempotent: a second call, or a runner who never linked, answers the same.
        await db.LinkRequests.Where(r => r.RunnerId == runnerId).ExecuteDeleteAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }
}
