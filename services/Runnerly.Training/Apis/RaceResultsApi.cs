using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Runnerly.Training.Clients;
using Runnerly.Training.Infrastructure;
using Runnerly.Training.Model;
using Runnerly.Training.Races;

namespace Runnerly.Training.Apis;

/// <summary>
/// A runner's result in a race they ran, when the automatic match missed or picked the wrong run: they choose a run
/// from around race day, or no result, or hand it back to the automatic match.
/// </summary>
internal static class RaceResultsApi
{
    public static IEndpointRouteBuilder MapRaceResultsApi(this IEndpointRouteBuilder app)
    {
        var result = app.MapGroup("/api/races/{id:guid}/result").WithTags("Races").RequireAuthorization(RacesApi.RunnerPolicy);
        result.MapGet("/runs", RunsAsync)
            .WithSummary("The runner's runs from the day before race day to the day after (their local calendar): the runs they may choose as their result.");
        result.MapPut("/", ChooseAsync)
            .WithSummary("The runner's result is this run (runId), or none (runId null); the automatic match no longer changes it.");
        result.MapDelete("/", MatchAgainAsync)
            .WithSummary("Hands the result back to the automatic match (the run on race day at the race's distance).");
        return app;
    }

    private static async Task<Results<Ok<List<ResultRun>>, ProblemHttpResult>> RunsAsync(
        ClaimsPrincipal runner, TrainingDbContext db, RaceResults results, TimeProvider clock, Guid id, CancellationToken cancellationToken)
    {
        var runnerId = runner.RunnerId();
        var (entry, refusal) = await RaceRunAsync(db, clock, id, runnerId, cancellationToken);
        if (entry is not (var race, var participation))
        {
            return refusal!;
        }

        try
        {
            return TypedResults.Ok(Choices(await results.CandidatesAsync(runnerId, race, cancellationToken), participation));
        }
        catch (Exception e) when (DataServiceClient.IsUnavailable(e, cancellationToken))
        {
            return RunsUnavailable();
        }
    }

    private static async Task<Results<Ok<MyParticipation>, ValidationProblem, ProblemHttpResult>> ChooseAsync(
        ClaimsPrincipal runner, TrainingDbContext db, RaceResults results, TrainingChangeNotifier notifier, TimeProvider clock, Guid id,
        ResultChoice choice, CancellationToken cancellationToken)
    {
        var runnerId = runner.RunnerId();
        var (entry, refusal) = await RaceRunAsync(db, clock, id, runnerId, cancellationToken);
        if (entry is not (var race, var participation))
        {
            return refusal!;
        }

        RunRecord? run = null;
        if (choice.RunId is { } runId)
        {
            try
            {
                run = (await results.CandidatesAsync(runnerId, race, cancellationToken)).FirstOrDefault(r => r.Id == runId);
            }
            catch (Exception e) when (DataServiceClient.IsUnavailable(e, cancellationToken))
            {
                return RunsUnavailable();
            }

            if (run is null)
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]>
                {
                    ["runId"] = ["Choose one of your runs from the day before race day to the day after, or none (null)."],
                });
            }
        }

        if (!await results.SetResultAsync(participation, run, chosen: true, cancellationToken))
        {
            return NotJoined();
        }

        notifier.Changed(runnerId, "result");
        return TypedResults.Ok(RacesApi.Participation(participation));
    }

    private static async Task<Results<Ok<MyParticipation>, ProblemHttpResult>> MatchAgainAsync(
        ClaimsPrincipal runner, TrainingDbContext db, RaceResults results, TrainingChangeNotifier notifier, TimeProvider clock, Guid id,
        CancellationToken cancellationToken)
    {
        var runnerId = runner.RunnerId();
        var (entry, refusal) = await RaceRunAsync(db, clock, id, runnerId, cancellationToken);
        if (entry is not (var race, var participation))
        {
            return refusal!;
        }

        if (!await results.SetResultAsync(participation, run: null, chosen: false, cancellationToken))
        {
            return NotJoined();
        }

        await results.RefreshAsync(runnerId, race, participation, cancellationToken);
        notifier.Changed(runnerId, "result");
        return TypedResults.Ok(RacesApi.Participation(participation));
    }

    /// <summary>The runs a runner may choose as their result, the one that is their result now marked.</summary>
    public static List<ResultRun> Choices(IEnumerable<RunRecord> runs, RaceParticipation participation) => runs
        .Select(run => new ResultRun(run.Id, run.Name, run.StartTime, run.LocalDate, run.DistanceMeters, run.ElapsedTimeSeconds, run.Id == participation.ResultRunId))
        .ToList();

    /// <summary>The race and the runner's place in it (tracked), or why a result cannot be chosen: no such race, not joined, not run yet.</summary>
    private static async Task<(RaceEntry? Entry, ProblemHttpResult? Refusal)> RaceRunAsync(
        TrainingDbContext db, TimeProvider clock, Guid id, string runnerId, CancellationToken cancellationToken)
    {
        var race = await db.Races.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (race is null)
        {
            return (null, TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "There is no such race"));
        }

        var participation = await db.Participations.SingleOrDefaultAsync(p => p.RaceId == id && p.RunnerId == runnerId, cancellationToken);
        if (participation is null)
        {
            return (null, NotJoined());
        }

        return race.HasBeenRun(clock.Now())
            ? (new RaceEntry(race, participation), null)
            : (null, TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "This race has not been run yet",
                detail: "A result can be chosen once race day is over where the race is run."));
    }

    private sealed record RaceEntry(Race Race, RaceParticipation Participation);

    private static ProblemHttpResult NotJoined() => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "You did not join this race",
        detail: "A result belongs to a runner who joined the race before race day.");

    private static ProblemHttpResult RunsUnavailable() => TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable,
        title: "Your runs cannot be read just now", detail: "Nothing was changed. Please try again in a moment.");
}
