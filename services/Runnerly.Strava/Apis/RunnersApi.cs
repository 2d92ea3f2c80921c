using System.Net;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Runnerly.Strava.Infrastructure;
using Runnerly.Strava.Sync;

namespace Runnerly.Strava.Apis;

/// <summary>For services: what the strava service holds for a runner whose account was deleted.</summary>
internal static class RunnersApi
{
    public const string DeleteRunnersPolicy = "runners.delete";

    public static void MapRunnersApi(this IEndpointRouteBuilder app) =>
        app.MapDelete("/api/runners/{runnerId}", DeleteRunnerAsync)
            .RequireAuthorization(DeleteRunnersPolicy)
            .WithTags("Runners")
            .WithSummary("Revokes the runner's Strava grant and forgets their link; 503 while Strava cannot be told, so the caller retries.");

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteRunnerAsync(string runnerId, StravaDbContext db, Disconnection disconnection,
        CancellationToken cancellationToken)
    {
        // The data service deletes the whole runner on the same request from identity: the runs need not be deleted from here.
        if (!await disconnection.RequestAsync(runnerId, deleteImportedRuns: false, waitForWork: TimeSpan.Zero, cancellationToken))
        {
            return TypedResults.Problem(statusCode: (int)HttpStatusCode.ServiceUnavailable, title: "Strava could not be told yet",
                detail: "The runner's Strava grant is still active; try again later.");
        }

        // Idempotent: a second call, or a runner who never linked, answers the same.
        await db.LinkRequests.Where(r => r.RunnerId == runnerId).ExecuteDeleteAsync(cancellationToken);
        return TypedResults.NoContent();
    }
}
