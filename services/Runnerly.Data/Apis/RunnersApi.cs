using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Runnerly.Data.Infrastructure;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Endpoints for services (service tokens with scopes), never for runners' own tokens.</summary>
public static class RunnersApi
{
    public const string DeleteRunnersPolicy = "runners.delete";

    public static IEndpointRouteBuilder MapRunnersApi(this IEndpointRouteBuilder app)
    {
        var runners = app.MapGroup("/api/runners").WithTags("Runners (services)");

        runners.MapDelete("/{runnerId}", DeleteRunnerAsync)
            .RequireAuthorization(DeleteRunnersPolicy)
            .WithSummary("Deletes everything held for a runner whose account was deleted.");

        return app;
    }

    private static async Task<NoContent> DeleteRunnerAsync(string runnerId, DataDbContext db, CancellationToken cancellationToken)
    {
        // Idempotent: deleting twice, or a runner with no data, answers the same.
        await db.Runs.Where(r => r.RunnerId == runnerId).ExecuteDeleteAsync(cancellationToken);
        await db.Profiles.Where(p => p.RunnerId == runnerId).ExecuteDeleteAsync(cancellationToken);
        return TypedResults.NoContent();
    }
}
