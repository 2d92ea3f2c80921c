using Microsoft.EntityFrameworkCore;
using Runnerly.Running;
using Runnerly.Training.Clients;
using Runnerly.Training.Infrastructure;
using Runnerly.Training.Model;
using Runnerly.Training.Plans;
using Runnerly.Training.Races;

namespace Runnerly.Training.Fitness;

/// <summary>What the monthly report tells of training: fitness then and a month before, the next race, the plan's month.</summary>
internal sealed class MonthSummaries(TrainingDbContext db, DataServiceClient data, TimeProvider clock)
{
    public async Task<MonthSummary> OfAsync(string runnerId, DateOnly month, CancellationToken cancellationToken)
    {
        var end = month.AddMonths(1).AddDays(-1);
        var runs = await data.RunsAsync(runnerId, month.AddMonths(-1).AddDays(-FitnessEstimate.DefaultWindowDays), end.AddDays(1), cancellationToken);
        var efforts = runs.Where(r => r.MovingTimeSeconds > 0)
            .Select(r => new Effort(r.LocalDate, r.DistanceMeters, TimeSpan.FromSeconds(r.MovingTimeSeconds))).ToList();
        var vdot = FitnessEstimate.Best(efforts, end)?.Vdot;
        var vdotBefore = FitnessEstimate.Best(efforts, month.AddDays(-1))?.Vdot;

        var now = clock.Now();
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var nextRace = await db.Participations.Where(p => p.RunnerId == runnerId)
            .Join(db.Races, p => p.RaceId, r => r.Id, (p, r) => r)
            .Where(r => r.Date >= today).OrderBy(r => r.Date).FirstOrDefaultAsync(cancellationToken);

        var plan = await db.Plans.AsNoTracking().AsSplitQuery().Include(p => p.Versions).ThenInclude(v => v.Sessions)
            .Where(p => p.RunnerId == runnerId && p.Status == PlanStatus.Active)
            .OrderBy(p => p.CreatedAt).FirstOrDefaultAsync(cancellationToken);
        PlanMonth? planMonth = null;
        if (plan is not null)
        {
            var sessions = PlanSchedule.Of(plan).Sessions.Where(s => s.Date >= month && s.Date <= end).ToList();
            var graded = PlanProgress.Grade(sessions, runs.Where(r => r.LocalDate >= month.AddDays(-1)).ToList(), today);
            var raceName = await db.Races.Where(r => r.Id == plan.RaceId).Select(r => r.Name).SingleAsync(cancellationToken);
            planMonth = new PlanMonth(raceName, graded.Count(s => s.Status == "done"), graded.Count(s => s.Status == "partlyDone"), graded.Count(s => s.Status == "missed"));
        }

        return new MonthSummary(
            vdot is null ? null : Math.Round(vdot.Value, 1), vdotBefore is null ? null : Math.Round(vdotBefore.Value, 1),
            nextRace is null ? null : new NextRace(nextRace.Id, nextRace.Name, nextRace.Date, nextRace.DistanceMeters, nextRace.StartsAt()),
            planMonth);
    }
}

public sealed record MonthSummary(double? Vdot, double? VdotMonthBefore, NextRace? NextRace, PlanMonth? Plan);

public sealed record NextRace(Guid Id, string Name, DateOnly Date, double DistanceMeters, DateTimeOffset StartsAt);

public sealed record PlanMonth(string RaceName, int Done, int PartlyDone, int Missed);
