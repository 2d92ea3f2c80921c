using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Runnerly.Reports.Infrastructure;

namespace Runnerly.Reports.Apis;

/// <summary>Endpoints for services (service tokens with scopes), never for runners' own tokens.</summary>
internal static class RunnersApi
{
    public const string DeleteRunnersPolicy = "runners.delete";

    public static IEndpointRouteBuilder MapRunnersApi(this IEndpointRouteBuilder app)
    {
        app.MapDelete("/api/runners/{runnerId}", DeleteRunnerAsync)
            .WithTags("Runners (services)")
            .RequireAuthorization(DeleteRunnersPolicy)
            .WithSummary("Forgets a runner whose account was deleted: every report, sent or not, and its archived copy.");
        return app;
    }

    private static async Task<NoContent> DeleteRunnerAsync(string runnerId, ReportsDbContext db, CancellationToken cancellationToken)
    {
        // Idempotent: deleting twice, or a runner with no reports, answers the same.
        await db.Reports.Where(r => r.RunnerId == runnerId).ExecuteDeleteAsync(cancellationToken);
        return TypedResults.NoContent();
    }
}
