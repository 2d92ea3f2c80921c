using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Runnerly.Training.Clients;
using Runnerly.Training.Fitness;

namespace Runnerly.Training.Apis;

/// <summary>The signed-in runner's fitness, from their runs in the data service.</summary>
internal static class FitnessApi
{
    public static IEndpointRouteBuilder MapFitnessApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/fitness", GetAsync)
            .WithTags("Fitness")
            .RequireAuthorization(RacesApi.RunnerPolicy)
            .WithETag()
            .WithSummary("Current VDOT and the run it came from, its trend by month, race predictions (VDOT and Riegel), training paces (s/km) and training load.");
        return app;
    }

    private static async Task<Results<Ok<FitnessReport>, ProblemHttpResult>> GetAsync(
        ClaimsPrincipal runner, DataServiceClient data, TimeProvider clock, ILogger<FitnessReport> logger, CancellationToken cancellationToken)
    {
        var runnerId = runner.RunnerId();
        try
        {
            var profile = await data.ProfileAsync(runnerId, cancellationToken);
            var today = FitnessCalculator.Today(profile, clock);
            var runs = await data.RunsAsync(runnerId, today.AddDays(-FitnessCalculator.HistoryDays), today.AddDays(1), cancellationToken);
            return TypedResults.Ok(FitnessCalculator.Compute(runs, profile, today));
        }
        catch (Exception e) when (DataServiceClient.IsUnavailable(e, cancellationToken))
        {
            logger.LogWarning(e, "The runs of runner {RunnerId} could not be read for their fitness", runnerId);
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Your runs cannot be read right now",
                detail: "Your fitness shows again in a moment.");
        }
    }
}
