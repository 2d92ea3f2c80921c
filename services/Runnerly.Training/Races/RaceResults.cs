using Microsoft.EntityFrameworkCore;
using Runnerly.Training.Clients;
using Runnerly.Training.Infrastructure;
using Runnerly.Training.Model;

namespace Runnerly.Training.Races;

/// <summary>
/// After race day, the runner's run on that day whose distance matches the race is their result
/// (its elapsed time: the clock runs at a race whether or not the runner stops). Found once and kept.
/// </summary>
internal sealed class RaceResults(TrainingDbContext db, DataServiceClient data, TimeProvider clock, ILogger<RaceResults> logger)
{
    /// <summary>GPS watches measure a race a little short or, more often, long.</summary>
    private const double ShortBy = 0.03;
    private const double LongBy = 0.06;

    /// <summary>Looks for the results still missing among these participations (tracked) in races already run; saves what it finds.</summary>
    public async Task FindMissingAsync(string runnerId, IReadOnlyList<(Race Race, RaceParticipation Participation)> entries, CancellationToken cancellationToken)
    {
        var now = clock.Now();
        var missing = entries.Where(e => e.Participation is { ResultRunId: null, ResultChosen: false } && e.Race.HasBeenRun(now)).ToList();
        if (missing.Count == 0)
        {
            return;
        }

        try
        {
            var from = missing.Min(e => e.Race.Date);
            var to = missing.Max(e => e.Race.Date).AddDays(1);
            // One call when the races are close together; otherwise one per race.
            var runs = to.DayNumber - from.DayNumber <= 400
                ? await data.RunsAsync(runnerId, from, to, cancellationToken)
                : (await Task.WhenAll(missing.Select(e => data.RunsAsync(runnerId, e.Race.Date, e.Race.Date.AddDays(1), cancellationToken)))).SelectMany(r => r).ToList();
            foreach (var (race, participation) in missing)
            {
                if (Match(race, runs) is { } result)
                {
                    participation.ResultRunId = result.Id;
                    participation.ResultSeconds = result.ElapsedTimeSeconds;
                }
            }

            await db.SaveChangesAsync(cancellationToken);
        }
        catch (Exception e) when (DataServiceClient.IsUnavailable(e, cancellationToken))
        {
            // The result shows on a later visit; the race page itself must not fail for it.
            logger.LogWarning(e, "Race results of runner {RunnerId} could not be looked up", runnerId);
        }
    }

    /// <summary>
    /// The runs a runner may choose as their result when the match missed (a watch stopped early, a race measured long,
    /// a run filed on the wrong day): any run from the day before race day to the day after, in their local calendar.
    /// </summary>
    public Task<IReadOnlyList<RunRecord>> CandidatesAsync(string runnerId, Race race, CancellationToken cancellationToken) =>
        data.RunsAsync(runnerId, race.Date.AddDays(-1), race.Date.AddDays(2), cancellationToken);

    public static RunRecord? Match(Race race, IEnumerable<RunRecord> runs) => runs
        .Where(r => r.LocalDate == race.Date
            && r.DistanceMeters >= race.DistanceMeters * (1 - ShortBy) && r.DistanceMeters <= race.DistanceMeters * (1 + LongBy))
        .OrderBy(r => Math.Abs(r.DistanceMeters - race.DistanceMeters))
        .FirstOrDefault();
}
