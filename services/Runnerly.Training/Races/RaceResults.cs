using Microsoft.EntityFrameworkCore;
using Runnerly.Training.Clients;
using Runnerly.Training.Infrastructure;
using Runnerly.Training.Model;

namespace Runnerly.Training.Races;

/// <summary>
/// After race day, the runner's run on that day whose distance matches the race is their result (its elapsed time: the
/// clock runs at a race whether or not the runner stops), unless they chose another run, or none. A result follows its
/// run: when the run is changed, its time is read again; when it is deleted, the automatic match looks again.
/// </summary>
internal sealed class RaceResults(TrainingDbContext db, DataServiceClient data, TimeProvider clock, ILogger<RaceResults> logger)
{
    /// <summary>GPS watches measure a race a little short or, more often, long.</summary>
    private const double ShortBy = 0.03;
    private const double LongBy = 0.06;

    /// <summary>
    /// Brings the results of these participations (tracked) in races already run up to date with the runner's runs, and
    /// saves what changed: a missing result is looked for, a matched one follows the match, a chosen one takes its run's
    /// time as it is now, and a chosen run that is gone hands the result back to the automatic match. "No result", when
    /// chosen, stays.
    /// </summary>
    public async Task RefreshAsync(string runnerId, IReadOnlyList<(Race Race, RaceParticipation Participation)> entries, CancellationToken cancellationToken)
    {
        var now = clock.Now();
        var racesRun = entries.Where(e => e.Race.HasBeenRun(now) && LooksForItsResult(e.Participation)).ToList();
        if (racesRun.Count == 0)
        {
            return;
        }

        var from = racesRun.Min(e => e.Race.Date);
        var to = racesRun.Max(e => e.Race.Date);
        await FollowRunsAsync(runnerId, racesRun, async () => to.DayNumber - from.DayNumber <= 400 // one call when the races are close together
            ? await data.RunsAsync(runnerId, FirstCandidateDay(from), AfterLastCandidateDay(to), cancellationToken)
            : (await Task.WhenAll(racesRun.Select(e => data.RunsAsync(runnerId, FirstCandidateDay(e.Race.Date), AfterLastCandidateDay(e.Race.Date), cancellationToken))))
                .SelectMany(r => r).ToList(), cancellationToken);
    }

    /// <summary>
    /// Brings the result of one participation (tracked) up to date, as the list's refresh does, and answers the runs it
    /// read: the runs around race day the runner may choose from. Null before race day is over where the race is run, or
    /// when the data service does not answer (the result last found stays).
    /// </summary>
    public async Task<IReadOnlyList<RunRecord>?> RefreshAsync(string runnerId, Race race, RaceParticipation participation, CancellationToken cancellationToken) =>
        race.HasBeenRun(clock.Now())
            ? await FollowRunsAsync(runnerId, LooksForItsResult(participation) ? [(race, participation)] : [],
                () => CandidatesAsync(runnerId, race, cancellationToken), cancellationToken)
            : null;

    /// <summary>"No result", when the runner chose it, stays: nothing to look for.</summary>
    private static bool LooksForItsResult(RaceParticipation participation) => participation is not { ResultChosen: true, ResultRunId: null };

    /// <summary>Reads the runner's runs and brings these results up to date with them; the runs, or null when they could not be read.</summary>
    private async Task<IReadOnlyList<RunRecord>?> FollowRunsAsync(string runnerId, IReadOnlyList<(Race Race, RaceParticipation Participation)> entries,
        Func<Task<IReadOnlyList<RunRecord>>> readRuns, CancellationToken cancellationToken)
    {
        try
        {
            var runs = await readRuns();
            var changed = false;
            foreach (var (race, participation) in entries)
            {
                changed |= Follow(race, participation, runs);
            }

            if (changed)
            {
                await SaveKeepingLaterWritesAsync(cancellationToken);
            }

            return runs;
        }
        catch (Exception e) when (DataServiceClient.IsUnavailable(e, cancellationToken))
        {
            // The results shown are the ones last found; the race page itself must not fail for it.
            logger.LogWarning(e, "Race results of runner {RunnerId} could not be looked up", runnerId);
            return null;
        }
    }

    /// <summary>
    /// A participation written since it was read (the runner chose their result, another page refreshed it) keeps what
    /// was written: the lookup was made from older values.
    /// </summary>
    private async Task SaveKeepingLaterWritesAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return;
            }
            catch (DbUpdateConcurrencyException e) when (attempt < 3)
            {
                foreach (var entry in e.Entries)
                {
                    await entry.ReloadAsync(cancellationToken);
                }
            }
        }
    }

    /// <summary>
    /// Saves the runner's own word on their result (a run, none, or back to the automatic match) over whatever a refresh
    /// wrote since the participation was read. False when they left the race meanwhile.
    /// </summary>
    public async Task<bool> SetResultAsync(RaceParticipation participation, RunRecord? run, bool chosen, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            participation.ResultRunId = run?.Id;
            participation.ResultSeconds = run?.ElapsedTimeSeconds;
            participation.ResultChosen = chosen;
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return true;
            }
            catch (DbUpdateConcurrencyException) when (attempt < 3)
            {
                var entry = db.Entry(participation);
                await entry.ReloadAsync(cancellationToken);
                if (entry.State == EntityState.Detached)
                {
                    return false;
                }
            }
        }
    }

    /// <summary>Sets the participation's result from the runner's runs around race day; true when it changed.</summary>
    private static bool Follow(Race race, RaceParticipation participation, IReadOnlyCollection<RunRecord> runs)
    {
        var before = (participation.ResultRunId, participation.ResultSeconds, participation.ResultChosen);
        var result = participation.ResultChosen ? runs.FirstOrDefault(r => r.Id == participation.ResultRunId) : null;
        if (result is null)
        {
            participation.ResultChosen = false;
            result = Match(race, runs);
        }

        participation.ResultRunId = result?.Id;
        participation.ResultSeconds = result?.ElapsedTimeSeconds;
        return before != (participation.ResultRunId, participation.ResultSeconds, participation.ResultChosen);
    }

    /// <summary>
    /// The runs a runner may choose as their result when the match missed (a watch stopped early, a race measured long,
    /// a run filed on the wrong day): any run from the day before race day to the day after, in their local calendar.
    /// </summary>
    public Task<IReadOnlyList<RunRecord>> CandidatesAsync(string runnerId, Race race, CancellationToken cancellationToken) =>
        data.RunsAsync(runnerId, FirstCandidateDay(race.Date), AfterLastCandidateDay(race.Date), cancellationToken);

    private static DateOnly FirstCandidateDay(DateOnly raceDay) => raceDay.AddDays(-1);

    private static DateOnly AfterLastCandidateDay(DateOnly raceDay) => raceDay.AddDays(2);

    public static RunRecord? Match(Race race, IEnumerable<RunRecord> runs) => runs
        .Where(r => r.LocalDate == race.Date
            && r.DistanceMeters >= race.DistanceMeters * (1 - ShortBy) && r.DistanceMeters <= race.DistanceMeters * (1 + LongBy))
        .OrderBy(r => Math.Abs(r.DistanceMeters - race.DistanceMeters))
        .FirstOrDefault();
}
