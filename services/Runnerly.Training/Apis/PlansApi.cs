using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using Runnerly.Running;
using Runnerly.Running.Plans;
using Runnerly.Training.Clients;
using Runnerly.Training.Infrastructure;
using Runnerly.Training.Model;
using Runnerly.Training.Plans;
using Runnerly.Training.Races;

namespace Runnerly.Training.Apis;

/// <summary>The signed-in runner's training plans. Another runner's plan answers 404.</summary>
internal static class PlansApi
{
    public static IEndpointRouteBuilder MapPlansApi(this IEndpointRouteBuilder app)
    {
        var plans = app.MapGroup("/api/plans").WithTags("Plans").RequireAuthorization(RacesApi.RunnerPolicy);
        plans.MapGet("/", ListAsync).WithSummary("The runner's plans, active first, each with its next session.");
        plans.MapGet("/this-week", ThisWeekAsync).WithSummary("This week's sessions of the runner's active plans, with how each went.");
        plans.MapGet("/{id:guid}", GetAsync).WithName("GetPlan")
            .WithSummary("A plan week by week: sessions still to do, past ones graded against the runs, the re-plans beside the original, the calendar links.");
        plans.MapPost("/", CreateAsync)
            .WithSummary("A plan for a race (the runner joins it if they had not): from today's fitness and volume, on the runner's days. One active plan per race.");
        plans.MapPost("/{id:guid}/replan", ReplanAsync).WithSummary("Rebuilds the weeks still to come from today's fitness and volume, keeping the history.");
        plans.MapPost("/{id:guid}/calendar", NewCalendarSecretAsync).WithSummary("A new calendar link; the old one stops working.");
        plans.MapDelete("/{id:guid}", ArchiveAsync).WithSummary("Archives the plan (it is kept, read-only, and its calendar link stops working).");
        return app;
    }

    private static async Task<Ok<List<PlanSummary>>> ListAsync(ClaimsPrincipal runner, TrainingDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var plans = await OwnPlans(db, runner.RunnerId()).OrderBy(p => p.Status).ThenByDescending(p => p.CreatedAt).Take(50).ToListAsync(cancellationToken);
        var races = await RacesOf(db, plans, cancellationToken);
        return TypedResults.Ok(plans.Select(plan =>
        {
            var schedule = PlanSchedule.Of(plan);
            var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
            var next = schedule.Sessions.FirstOrDefault(s => s.Date >= today);
            return new PlanSummary(plan.Id, plan.Status.ToString().ToLowerInvariant(), PlanProgress.Describe(races[plan.RaceId]), plan.CreatedAt, plan.Versions.Count,
                next is null ? null : PlanProgress.Grade([next], [], today)[0]);
        }).ToList());
    }

    private static async Task<Results<Ok<List<WeekOfPlan>>, ProblemHttpResult>> ThisWeekAsync(
        ClaimsPrincipal runner, TrainingDbContext db, PlanMaker maker, DataServiceClient data, CancellationToken cancellationToken)
    {
        var runnerId = runner.RunnerId();
        var plans = await OwnPlans(db, runnerId).Where(p => p.Status == PlanStatus.Active).ToListAsync(cancellationToken);
        if (plans.Count == 0)
        {
            return TypedResults.Ok(new List<WeekOfPlan>());
        }

        try
        {
            var now = await maker.RunnerNowAsync(runnerId, cancellationToken);
            var monday = now.Today.AddDays(-(((int)now.Today.DayOfWeek + 6) % 7));
            var runs = await data.RunsAsync(runnerId, monday.AddDays(-1), monday.AddDays(8), cancellationToken);
            var races = await RacesOf(db, plans, cancellationToken);
            return TypedResults.Ok(plans.Select(plan =>
            {
                var week = PlanSchedule.Of(plan).Sessions.Where(s => s.Date >= monday.AddDays(-1) && s.Date < monday.AddDays(8)).ToList();
                var graded = PlanProgress.Grade(week, runs, now.Today).Where(s => s.Date >= monday && s.Date < monday.AddDays(7)).ToList();
                return new WeekOfPlan(plan.Id, PlanProgress.Describe(races[plan.RaceId]), monday, graded);
            }).ToList());
        }
        catch (Exception e) when (DataServiceClient.IsUnavailable(e, cancellationToken))
        {
            return RunsUnavailable();
        }
    }

    private static async Task<Results<Ok<PlanDetail>, NotFound, ProblemHttpResult>> GetAsync(
        ClaimsPrincipal runner, TrainingDbContext db, PlanMaker maker, DataServiceClient data, IOptions<TrainingOptions> options, Guid id,
        CancellationToken cancellationToken)
    {
        var runnerId = runner.RunnerId();
        var plan = await OwnPlans(db, runnerId).SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (plan is null)
        {
            return TypedResults.NotFound();
        }

        var race = await db.Races.AsNoTracking().SingleAsync(r => r.Id == plan.RaceId, cancellationToken);
        try
        {
            var schedule = PlanSchedule.Of(plan);
            var now = await maker.RunnerNowAsync(runnerId, cancellationToken);
            var runs = await RunsOfPlanAsync(data, runnerId, schedule, race, now.Today, cancellationToken);
            var calendar = plan.Status == PlanStatus.Active ? PlanCalendar.Links(options.Value.PublicUrl, plan) : null;
            return TypedResults.Ok(PlanProgress.Describe(schedule, race, runs, now.Today, now.Vdot, calendar));
        }
        catch (Exception e) when (DataServiceClient.IsUnavailable(e, cancellationToken))
        {
            return RunsUnavailable();
        }
    }

    private static async Task<Results<CreatedAtRoute<PlanDetail>, NotFound, ValidationProblem, ProblemHttpResult>> CreateAsync(
        ClaimsPrincipal runner, TrainingDbContext db, PlanMaker maker, TrainingChangeNotifier notifier, TimeProvider clock, IOptions<TrainingOptions> options,
        PlanInput input, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var days = PlanInputs.RunDays(input.RunDays, input.LongRunDay, errors);
        var race = input.RaceId is { } raceId ? await db.Races.AsNoTracking().SingleOrDefaultAsync(r => r.Id == raceId, cancellationToken) : null;
        if (race is null)
        {
            errors["raceId"] = ["Choose a race from the calendar."];
        }

        int? goal = null;
        if (race is not null && input.GoalTime is { Length: > 0 } goalText)
        {
            goal = GoalTimes.Parse(goalText, race.DistanceMeters, out var goalProblem);
            if (goal is null)
            {
                errors["goalTime"] = [goalProblem!];
            }
        }

        var recentVdot = PlanInputs.RecentRaceVdot(input.RecentRace, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var runnerId = runner.RunnerId();
        var existing = await db.Plans.AsNoTracking().Where(p => p.RunnerId == runnerId && p.RaceId == race!.Id && p.Status == PlanStatus.Active)
            .Select(p => (Guid?)p.Id).SingleOrDefaultAsync(cancellationToken);
        if (existing is { } existingId)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "You have a plan for this race already",
                detail: "Open it to re-plan from today, or archive it to start a new one.", extensions: new Dictionary<string, object?> { ["planId"] = existingId });
        }

        RunnerNow now;
        try
        {
            now = await maker.RunnerNowAsync(runnerId, cancellationToken);
        }
        catch (Exception e) when (DataServiceClient.IsUnavailable(e, cancellationToken))
        {
            return RunsUnavailable();
        }

        if ((recentVdot ?? now.Vdot) is not { } vdot)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["recentRace"] = ["Your runs of the last 8 weeks do not show your fitness yet: give a recent race or hard run (distance and time)."],
            });
        }

        var createdAt = clock.GetUtcNow();
        var plan = new Plan
        {
            RunnerId = runnerId,
            RaceId = race!.Id,
            Status = PlanStatus.Active,
            CreatedAt = createdAt,
            TimeZone = now.Profile.TimeZone,
            RunDays = RunDayBits.From(days!.Value.RunDays),
            LongRunDay = days.Value.LongRunDay,
            GoalSeconds = goal,
            CalendarSecret = PlanCalendar.NewSecret(),
        };
        var (version, problems) = PlanMaker.MakeVersion(plan, race, now, vdot, "Original plan", createdAt);
        if (version is null)
        {
            return TypedResults.ValidationProblem(PlanInputs.Errors(problems));
        }

        plan.Versions.Add(version);
        db.Plans.Add(plan);
        if (!await db.Participations.AnyAsync(p => p.RaceId == race.Id && p.RunnerId == runnerId, cancellationToken))
        {
            db.Participations.Add(new RaceParticipation { RaceId = race.Id, RunnerId = runnerId, JoinedAt = createdAt, GoalSeconds = goal });
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "You have a plan for this race already",
                detail: "It was made a moment ago; open it from your plans.");
        }

        notifier.Changed(runnerId, "plan");

        var detail = PlanProgress.Describe(PlanSchedule.Of(plan), race, [], now.Today, now.Vdot, PlanCalendar.Links(options.Value.PublicUrl, plan));
        return TypedResults.CreatedAtRoute(detail, "GetPlan", new { id = plan.Id });
    }

    private static async Task<Results<Ok<PlanDetail>, NotFound, ValidationProblem, ProblemHttpResult>> ReplanAsync(
        ClaimsPrincipal runner, TrainingDbContext db, PlanMaker maker, DataServiceClient data, TrainingChangeNotifier notifier, TimeProvider clock,
        IOptions<TrainingOptions> options, Guid id, ReplanInput? input, CancellationToken cancellationToken)
    {
        var runnerId = runner.RunnerId();
        var plan = await db.Plans.Include(p => p.Versions).ThenInclude(v => v.Sessions)
            .SingleOrDefaultAsync(p => p.Id == id && p.RunnerId == runnerId, cancellationToken);
        if (plan is null)
        {
            return TypedResults.NotFound();
        }

        if (plan.Status != PlanStatus.Active)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "This plan is archived", detail: "Get a new plan for the race instead.");
        }

        var errors = new Dictionary<string, string[]>();
        if (input?.RunDays is not null || input?.LongRunDay is not null)
        {
            var days = PlanInputs.RunDays(input.RunDays, input.LongRunDay, errors);
            if (days is { } chosen)
            {
                plan.RunDays = RunDayBits.From(chosen.RunDays);
                plan.LongRunDay = chosen.LongRunDay;
            }
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var race = await db.Races.AsNoTracking().SingleAsync(r => r.Id == plan.RaceId, cancellationToken);
        try
        {
            var now = await maker.RunnerNowAsync(runnerId, cancellationToken);
            var vdot = now.Vdot ?? PlanSchedule.Of(plan).Latest.Vdot;
            var (version, problems) = PlanMaker.MakeVersion(plan, race, now, vdot, $"Re-planned on {now.Today:d MMM yyyy}", clock.GetUtcNow());
            if (version is null)
            {
                return TypedResults.ValidationProblem(PlanInputs.Errors(problems));
            }

            db.PlanVersions.Add(version); // its key is set already: added explicitly (not taken for an existing row); EF puts it in plan.Versions
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
            {
                // Re-planned twice at once (a double submit, a second device): the other stands; this one changed nothing.
                return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Your plan was re-planned a moment ago",
                    detail: "This change was not made. Open your plan to see it as it is now, and re-plan again if you still want to.");
            }
            catch (DbUpdateException e) when (e is DbUpdateConcurrencyException || e.InnerException is PostgresException { SqlState: PostgresErrorCodes.ForeignKeyViolation })
            {
                return TypedResults.NotFound(); // the plan went meanwhile (the account's deletion)
            }

            notifier.Changed(runnerId, "plan");
            var schedule = PlanSchedule.Of(plan);
            var runs = await RunsOfPlanAsync(data, runnerId, schedule, race, now.Today, cancellationToken);
            return TypedResults.Ok(PlanProgress.Describe(schedule, race, runs, now.Today, now.Vdot, PlanCalendar.Links(options.Value.PublicUrl, plan)));
        }
        catch (Exception e) when (DataServiceClient.IsUnavailable(e, cancellationToken))
        {
            return RunsUnavailable();
        }
    }

    private static async Task<Results<Ok<CalendarLinks>, NotFound>> NewCalendarSecretAsync(
        ClaimsPrincipal runner, TrainingDbContext db, IOptions<TrainingOptions> options, Guid id, CancellationToken cancellationToken)
    {
        var plan = await db.Plans.SingleOrDefaultAsync(p => p.Id == id && p.RunnerId == runner.RunnerId() && p.Status == PlanStatus.Active, cancellationToken);
        if (plan is null)
        {
            return TypedResults.NotFound();
        }

        plan.CalendarSecret = PlanCalendar.NewSecret();
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return TypedResults.NotFound(); // the plan went meanwhile (the account's deletion)
        }

        return TypedResults.Ok(PlanCalendar.Links(options.Value.PublicUrl, plan));
    }

    private static async Task<Results<NoContent, NotFound>> ArchiveAsync(
        ClaimsPrincipal runner, TrainingDbContext db, TrainingChangeNotifier notifier, TimeProvider clock, Guid id, CancellationToken cancellationToken)
    {
        if (await Archive(db.Plans.Where(p => p.Id == id && p.RunnerId == runner.RunnerId()), clock, cancellationToken) == 0)
        {
            return TypedResults.NotFound();
        }

        notifier.Changed(runner.RunnerId(), "plan");
        return TypedResults.NoContent();
    }

    /// <summary>Archives plans (leaving a race archives its plan too): kept read-only, calendar link revoked.</summary>
    public static Task<int> Archive(IQueryable<Plan> plans, TimeProvider clock, CancellationToken cancellationToken) =>
        plans.Where(p => p.Status == PlanStatus.Active).ExecuteUpdateAsync(set => set
            .SetProperty(p => p.Status, PlanStatus.Archived)
            .SetProperty(p => p.ArchivedAt, clock.GetUtcNow())
            .SetProperty(p => p.CalendarSecret, _ => PlanCalendar.NewSecret()), cancellationToken);

    private static IQueryable<Plan> OwnPlans(TrainingDbContext db, string runnerId) =>
        db.Plans.AsNoTracking().AsSplitQuery().Include(p => p.Versions).ThenInclude(v => v.Sessions).Where(p => p.RunnerId == runnerId);

    private static async Task<Dictionary<Guid, Race>> RacesOf(TrainingDbContext db, List<Plan> plans, CancellationToken cancellationToken)
    {
        var ids = plans.Select(p => p.RaceId).Distinct().ToList();
        return await db.Races.AsNoTracking().Where(r => ids.Contains(r.Id)).ToDictionaryAsync(r => r.Id, cancellationToken);
    }

    /// <summary>The runs from the day before the plan's first session to the day after today (or race day): what compliance grades.</summary>
    private static async Task<IReadOnlyList<RunRecord>> RunsOfPlanAsync(
        DataServiceClient data, string runnerId, PlanSchedule schedule, Race race, DateOnly today, CancellationToken cancellationToken)
    {
        var from = schedule.Sessions.Count == 0 ? today : schedule.Sessions[0].Date.AddDays(-1);
        var to = (race.Date < today ? race.Date : today).AddDays(2);
        return to > from ? await data.RunsAsync(runnerId, from, to, cancellationToken) : [];
    }

    private static ProblemHttpResult RunsUnavailable() => TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable,
        title: "Your runs cannot be read right now", detail: "Your plan needs them; please try again in a moment.");
}

/// <summary>This week of one active plan.</summary>
public sealed record WeekOfPlan(Guid PlanId, PlanRace Race, DateOnly Monday, IReadOnlyList<SessionView> Sessions);
