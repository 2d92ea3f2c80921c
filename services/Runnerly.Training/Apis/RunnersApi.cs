using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Runnerly.Training.Infrastructure;

namespace Runnerly.Training.Apis;

/// <summary>Endpoints for services (service tokens with scopes), never for runners' own tokens.</summary>
internal static class RunnersApi
{
    public const string DeleteRunnersPolicy = "runners.delete";

    public static IEndpointRouteBuilder MapRunnersApi(this IEndpointRouteBuilder app)
    {
        app.MapDelete("/api/runners/{runnerId}", DeleteRunnerAsync)
            .WithTags("Runners (services)")
            .RequireAuthorization(DeleteRunnersPolicy)
            .WithSummary("Forgets a runner whose account was deleted: their places in races and their settings go; races they added that others joined stay, without their name.");
        return app;
    }

    private static async Task<NoContent> DeleteRunnerAsync(string runnerId, TrainingDbContext db, CancellationToken cancellationToken)
    {
        // Idempotent: deleting twice, or a runner training never knew, answers the same. One transaction (retried whole).
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.Participations.Where(p => p.RunnerId == runnerId).ExecuteDeleteAsync(cancellationToken);
            await db.Races.Where(r => r.AddedBy == runnerId && !r.Participants.Any()).ExecuteDeleteAsync(cancellationToken);
            await db.Races.Where(r => r.AddedBy == runnerId).ExecuteUpdateAsync(set => set.SetProperty(r => r.AddedBy, (string?)null), cancellationToken);
            await db.Runners.Where(r => r.RunnerId == runnerId).ExecuteDeleteAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        });
        return TypedResults.NoContent();
    }
}
