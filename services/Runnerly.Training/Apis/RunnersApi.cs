using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Runnerly.Training.Clients;
using Runnerly.Training.Fitness;
using Runnerly.Training.Infrastructure;

namespace Runnerly.Training.Apis;

/// <summary>Endpoints for services (service tokens with scopes), never for runners' own tokens.</summary>
internal static class RunnersApi
{
    public const string DeleteRunnersPolicy = "runners.delete";
    public const string ReadTrainingPolicy = "training.read";

    public static IEndpointRouteBuilder MapRunnersApi(this IEndpointRouteBuilder app)
    {
        app.MapDelete("/api/runners/{runnerId}", DeleteRunnerAsync)
            .WithTags("Runners (services)")
            .RequireAuthorization(DeleteRunnersPolicy)
            .WithSummary("Forgets a runner whose account was deleted: their places in races and their settings go; races they added that others joined stay, without their name.");
        app.MapGet("/api/runners/{runnerId}/month-summary/{year:int}/{month:int}", MonthSummaryAsync)
            .WithTags("Runners (services)")
            .RequireAuthorization(ReadTrainingPolicy)
            .WithSummary("For the monthly report: VDOT at the end of the month and of the month before, the next race, and the plan's sessions of the month graded.");
        return app;
    }

    private static async Task<Results<Ok<MonthSummary>, ValidationProblem, ProblemHttpResult>> MonthSummaryAsync(
        string runnerId, int year, int month, MonthSummaries summaries, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (year is < 2000 or > 2100)
        {
            errors["year"] = ["Give a year from 2000 to 2100."];
        }

        if (month is < 1 or > 12)
        {
            errors["month"] = ["Give a month from 1 to 12."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        try
        {
            return TypedResults.Ok(await summaries.OfAsync(runnerId, new DateOnly(year, month, 1), cancellationToken));
        }
        catch (Exception e) when (DataServiceClient.IsUnavailable(e, cancellationToken))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "The runner's runs cannot be read right now");
        }
    }

    private static async Task<NoContent> DeleteRunnerAsync(string runnerId, TrainingDbContext db, CancellationToken cancellationToken)
    {
        // Idempotent: deleting twice, or a runner training never knew, answers the same. One transaction (retried whole).
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.Plans.Where(p => p.RunnerId == runnerId).ExecuteDeleteAsync(cancellationToken); // their calendar links die with them
            await db.Participations.Where(p => p.RunnerId == runnerId).ExecuteDeleteAsync(cancellationToken);
            await db.Races.Where(r => r.AddedBy == runnerId && !r.Participants.Any()).ExecuteDeleteAsync(cancellationToken);
            await db.Races.Where(r => r.AddedBy == runnerId).ExecuteUpdateAsync(set => set.SetProperty(r => r.AddedBy, (string?)null), cancellationToken);
            await db.Runners.Where(r => r.RunnerId == runnerId).ExecuteDeleteAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        });
        return TypedResults.NoContent();
    }
}
