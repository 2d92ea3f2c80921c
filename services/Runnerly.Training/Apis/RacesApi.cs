using System.Globalization;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Runnerly.Training.Infrastructure;
using Runnerly.Training.Model;
using Runnerly.Training.Races;

namespace Runnerly.Training.Apis;

/// <summary>The shared race calendar: every signed-in runner sees every race; its author changes or deletes it.</summary>
internal static class RacesApi
{
    public const string RunnerPolicy = "runner";
    public const int MaxRacesPerDay = 5;
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;
    private const int MaxNamesShown = 100;

    public static IEndpointRouteBuilder MapRacesApi(this IEndpointRouteBuilder app)
    {
        var races = app.MapGroup("/api/races").WithTags("Races").RequireAuthorization(RunnerPolicy);
        races.MapGet("/", ListAsync)
            .WithSummary("Races in date order: upcoming (from today, UTC) or past; filtered by distance (5k, 10k, half, marathon, other), month (2027-04) and text; a page at a time.");
        races.MapGet("/mine", MineAsync).WithSummary("The races the runner joined, upcoming or past, with their goal and, after race day, their result.");
        races.MapGet("/{id:guid}", GetAsync).WithName("GetRace").WithSummary("One race, its participants (the names of those who show them) and the runner's own place in it.");
        races.MapPost("/", CreateAsync)
            .WithSummary($"Adds a race (the author joins it). A look-alike on the same day answers 409 with it, unless confirmNotDuplicate; at most {MaxRacesPerDay} a day.");
        races.MapPut("/{id:guid}", UpdateAsync).WithSummary("Changes a race; only its author may.");
        races.MapDelete("/{id:guid}", DeleteAsync).WithSummary("Deletes a race nobody else has joined; only its author may.");
        races.MapPut("/{id:guid}/participation", JoinAsync).WithSummary("\"I'm running this\", with an optional goal time (1:45:00).");
        races.MapDelete("/{id:guid}/participation", LeaveAsync).WithSummary("Leaves a race.");
        races.MapGet("/settings", SettingsAsync).WithSummary("Whether the runner's name shows among participants.");
        races.MapPut("/settings", SaveSettingsAsync).WithSummary("Shows or hides the runner's name among participants.");
        return app;
    }

    private static async Task<Results<Ok<RacePage>, ValidationProblem>> ListAsync(
        ClaimsPrincipal runner, TrainingDbContext db, TimeProvider clock, string? when, string? distance, string? month, string? q, string? cursor, int? limit,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var size = limit ?? DefaultPageSize;
        if (size is < 1 or > MaxPageSize)
        {
            errors["limit"] = [$"Page size must be between 1 and {MaxPageSize}."];
        }

        var past = when switch { null or "upcoming" => false, "past" => true, _ => (bool?)null };
        if (past is null)
        {
            errors["when"] = ["Use upcoming or past."];
        }

        if (distance is not (null or "5k" or "10k" or "half" or "marathon" or "other"))
        {
            errors["distance"] = ["Use 5k, 10k, half, marathon or other."];
        }

        DateOnly? monthStart = null;
        if (month is not null)
        {
            if (DateOnly.TryParseExact(month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first) && first.Year is >= 2000 and <= 2100)
            {
                monthStart = first;
            }
            else
            {
                errors["month"] = ["Give a month such as 2027-04."];
            }
        }

        var text = q?.Trim();
        if (text is { Length: > 100 } || (text is not null && RaceRules.HasControlCharacters(text)))
        {
            errors["q"] = ["Search with at most 100 characters of text."];
        }

        var position = RaceCursor.TryParse(cursor, out var parsed) ? parsed : (RaceCursor?)null;
        if (cursor is not null && position is null)
        {
            errors["cursor"] = ["This is not a cursor from a previous page."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        // "Today" for the calendar as a whole is the UTC date: a race is listed as upcoming through its whole day.
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var races = db.Races.AsNoTracking();
        races = past!.Value ? races.Where(r => r.Date < today) : races.Where(r => r.Date >= today);
        races = distance switch
        {
            "5k" => races.Where(r => r.DistanceMeters >= 4_900 && r.DistanceMeters <= 5_100),
            "10k" => races.Where(r => r.DistanceMeters >= 9_800 && r.DistanceMeters <= 10_200),
            "half" => races.Where(r => r.DistanceMeters >= 20_800 && r.DistanceMeters <= 21_400),
            "marathon" => races.Where(r => r.DistanceMeters >= 41_800 && r.DistanceMeters <= 42_600),
            "other" => races.Where(r => !(r.DistanceMeters >= 4_900 && r.DistanceMeters <= 5_100) && !(r.DistanceMeters >= 9_800 && r.DistanceMeters <= 10_200)
                && !(r.DistanceMeters >= 20_800 && r.DistanceMeters <= 21_400) && !(r.DistanceMeters >= 41_800 && r.DistanceMeters <= 42_600)),
            _ => races,
        };
        if (monthStart is { } start)
        {
            var end = start.AddMonths(1);
            races = races.Where(r => r.Date >= start && r.Date < end);
        }

        if (!string.IsNullOrEmpty(text))
        {
            var pattern = "%" + text.Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_") + "%";
            races = races.Where(r => EF.Functions.ILike(r.Name, pattern) || EF.Functions.ILike(r.City, pattern));
        }

        if (position is { } at)
        {
            races = past.Value
                ? races.Where(r => EF.Functions.LessThan(ValueTuple.Create(r.Date, r.Id), ValueTuple.Create(at.Date, at.Id)))
                : races.Where(r => EF.Functions.GreaterThan(ValueTuple.Create(r.Date, r.Id), ValueTuple.Create(at.Date, at.Id)));
        }

        races = past.Value ? races.OrderByDescending(r => r.Date).ThenByDescending(r => r.Id) : races.OrderBy(r => r.Date).ThenBy(r => r.Id);
        var runnerId = runner.RunnerId();
        // One round trip: the page, each race's participant count, and whether (and when) this runner joined.
        var page = await races.Take(size + 1)
            .Select(r => new
            {
                Race = r,
                Participants = r.Participants.Count,
                JoinedAt = r.Participants.Where(p => p.RunnerId == runnerId).Select(p => (DateTimeOffset?)p.JoinedAt).FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);
        var shown = page.Take(size).ToList();
        return TypedResults.Ok(new RacePage(
            shown.Select(x => x.Race.Summarize(x.Participants, x.JoinedAt)).ToList(),
            page.Count > size ? RaceCursor.Format(shown[^1].Race) : null));
    }

    private static async Task<Results<Ok<List<MyRace>>, ValidationProblem>> MineAsync(
        ClaimsPrincipal runner, TrainingDbContext db, TimeProvider clock, RaceResults results, string? when, int? limit, CancellationToken cancellationToken)
    {
        var size = limit ?? DefaultPageSize;
        if (when is not (null or "upcoming" or "past") || size is < 1 or > MaxPageSize)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                [when is not (null or "upcoming" or "past") ? "when" : "limit"] = [$"Use when=upcoming or past, and a limit from 1 to {MaxPageSize}."],
            });
        }

        var runnerId = runner.RunnerId();
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var joined = db.Participations.Where(p => p.RunnerId == runnerId)
            .Join(db.Races, p => p.RaceId, r => r.Id, (p, r) => new { Participation = p, Race = r });
        joined = when == "past"
            ? joined.Where(x => x.Race.Date < today).OrderByDescending(x => x.Race.Date)
            : joined.Where(x => x.Race.Date >= today).OrderBy(x => x.Race.Date);
        // The runners of each race counted in the same query: one round trip a load (the dashboard asks on every one).
        var entries = await joined.Take(size)
            .Select(x => new { x.Participation, x.Race, Runners = db.Participations.Count(other => other.RaceId == x.Race.Id) })
            .ToListAsync(cancellationToken);
        await results.RefreshAsync(runnerId, entries.Select(e => (e.Race, e.Participation)).ToList(), cancellationToken);
        return TypedResults.Ok(entries.Select(e => new MyRace(
            e.Race.Summarize(e.Runners, e.Participation.JoinedAt), e.Participation.GoalSeconds,
            Result(e.Participation), e.Race.StartsAt())).ToList());
    }

    private static async Task<Results<Ok<RaceDetail>, NotFound>> GetAsync(
        ClaimsPrincipal runner, TrainingDbContext db, RaceResults results, Guid id, CancellationToken cancellationToken)
    {
        var race = await db.Races.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (race is null)
        {
            return TypedResults.NotFound();
        }

        var runnerId = runner.RunnerId();
        var mine = await db.Participations.SingleOrDefaultAsync(p => p.RaceId == id && p.RunnerId == runnerId, cancellationToken);
        var aroundRaceDay = mine is null ? null : await results.RefreshAsync(runnerId, race, mine, cancellationToken);

        var count = await db.Participations.CountAsync(p => p.RaceId == id, cancellationToken);
        var names = await db.Participations.Where(p => p.RaceId == id)
            .Join(db.Runners.Where(r => r.ShowName && r.DisplayName != null), p => p.RunnerId, r => r.RunnerId, (p, r) => new { r.DisplayName, p.JoinedAt })
            .OrderBy(x => x.JoinedAt).Select(x => x.DisplayName!).Take(MaxNamesShown).ToListAsync(cancellationToken);
        var addedByMe = race.AddedBy == runnerId;
        return TypedResults.Ok(new RaceDetail(
            race.Summarize(count, mine?.JoinedAt), race.Website, race.Description, race.StartsAt(), race.UpdatedAt,
            addedByMe, addedByMe && count <= (mine is null ? 0 : 1), names, count - names.Count,
            mine is null ? null : Participation(mine), aroundRaceDay is null ? null : RaceResultsApi.Choices(aroundRaceDay, mine!)));
    }

    private static async Task<Results<CreatedAtRoute<RaceDetail>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        HttpContext context, ClaimsPrincipal runner, TrainingDbContext db, TrainingChangeNotifier notifier, TimeProvider clock, RaceInput input,
        CancellationToken cancellationToken)
    {
        var errors = RaceRules.Validate(input, clock.Now(), out var valid);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var runnerId = runner.RunnerId();
        var now = clock.GetUtcNow();
        var recent = await db.Races.Where(r => r.AddedBy == runnerId && r.CreatedAt > now.AddDays(-1))
            .OrderBy(r => r.CreatedAt).Select(r => r.CreatedAt).ToListAsync(cancellationToken);
        if (recent.Count >= MaxRacesPerDay)
        {
            var retryAfter = (int)Math.Ceiling((recent[^MaxRacesPerDay].AddDays(1) - now).TotalSeconds);
            context.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
            return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: $"You have added {MaxRacesPerDay} races in the last 24 hours",
                detail: $"You can add another at {now.AddSeconds(retryAfter):HH:mm} UTC. Races others added are in the calendar already.",
                extensions: new Dictionary<string, object?> { ["retryAfterSeconds"] = retryAfter });
        }

        if (!input.ConfirmNotDuplicate && await LookAlikes.FindAsync(db, valid.Date, valid.DistanceMeters, valid.Name, valid.City, cancellationToken) is { Count: > 0 } similar)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "This race may be in the calendar already",
                detail: "Join the existing race, or add yours again with confirmNotDuplicate if it is a different one.",
                extensions: new Dictionary<string, object?>
                {
                    ["lookAlikes"] = similar.Select(r => new LookAlike(r.Id, r.Name, r.City, r.Date, r.DistanceMeters)).ToList(),
                });
        }

        var race = new Race { Name = "", TimeZone = "", City = "", Country = "", AddedBy = runnerId, CreatedAt = now, UpdatedAt = now };
        valid.ApplyTo(race);
        race.Participants.Add(new RaceParticipation { RaceId = race.Id, RunnerId = runnerId, JoinedAt = now });
        db.Races.Add(race);
        await db.SaveChangesAsync(cancellationToken);
        notifier.Changed(runnerId, "joined"); // its author runs it
        return TypedResults.CreatedAtRoute(
            new RaceDetail(race.Summarize(1, now), race.Website, race.Description, race.StartsAt(), race.UpdatedAt, true, true, [], 1,
                new MyParticipation(null, now, null, ResultChosen: false), ResultRuns: null),
            "GetRace", new { id = race.Id });
    }

    private static async Task<Results<NoContent, NotFound, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        ClaimsPrincipal runner, TrainingDbContext db, TrainingChangeNotifier notifier, TimeProvider clock, Guid id, RaceInput input, CancellationToken cancellationToken)
    {
        var race = await db.Races.SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (race is null)
        {
            return TypedResults.NotFound();
        }

        if (race.AddedBy != runner.RunnerId())
        {
            return OnlyTheAuthor("change");
        }

        var errors = RaceRules.Validate(input, clock.Now(), out var valid);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        valid.ApplyTo(race);
        if (db.ChangeTracker.HasChanges())
        {
            race.UpdatedAt = clock.GetUtcNow();
            race.Revision++;
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                return TypedResults.NotFound(); // its author deleted it meanwhile (another tab, another device)
            }

            await notifier.RaceChangedAsync(db, id, cancellationToken);
        }

        return TypedResults.NoContent();
    }

    private static async Task<Results<NoContent, NotFound, ProblemHttpResult>> DeleteAsync(
        ClaimsPrincipal runner, TrainingDbContext db, TrainingChangeNotifier notifier, Guid id, CancellationToken cancellationToken)
    {
        var runnerId = runner.RunnerId();
        var race = await db.Races.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (race is null)
        {
            return TypedResults.NotFound();
        }

        if (race.AddedBy != runnerId)
        {
            return OnlyTheAuthor("delete");
        }

        var others = await db.Participations.CountAsync(p => p.RaceId == id && p.RunnerId != runnerId, cancellationToken);
        if (others > 0)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Other runners have joined this race",
                detail: $"{others} other {(others == 1 ? "runner has" : "runners have")} joined it, so it stays in the calendar. You can still change it.");
        }

        await db.Races.Where(r => r.Id == id).ExecuteDeleteAsync(cancellationToken);
        notifier.Changed(runnerId, "race"); // nobody else had joined it
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<MyParticipation>, NotFound, ValidationProblem, ProblemHttpResult>> JoinAsync(
        ClaimsPrincipal runner, TrainingDbContext db, TrainingChangeNotifier notifier, TimeProvider clock, Guid id, ParticipationInput? input,
        CancellationToken cancellationToken)
    {
        var race = await db.Races.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (race is null)
        {
            return TypedResults.NotFound();
        }

        int? goal = null;
        if (input?.GoalTime is { Length: > 0 } goalTime)
        {
            goal = GoalTimes.Parse(goalTime, race.DistanceMeters, out var problem);
            if (goal is null)
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["goalTime"] = [problem!] });
            }
        }

        if (race.HasBeenRun(clock.Now()))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "This race has been run",
                detail: "Races can be joined until race day.");
        }

        var runnerId = runner.RunnerId();
        var participation = await db.Participations.SingleOrDefaultAsync(p => p.RaceId == id && p.RunnerId == runnerId, cancellationToken);
        if (participation is null)
        {
            participation = new RaceParticipation { RaceId = id, RunnerId = runnerId, JoinedAt = clock.GetUtcNow() };
            db.Participations.Add(participation);
        }

        participation.GoalSeconds = goal;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e is DbUpdateConcurrencyException
            || e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.ForeignKeyViolation })
        {
            // Joined (or the goal changed) twice at once: the other stands; or the race was deleted meanwhile.
            db.ChangeTracker.Clear();
            participation = await db.Participations.AsNoTracking().SingleOrDefaultAsync(p => p.RaceId == id && p.RunnerId == runnerId, cancellationToken);
            if (participation is null)
            {
                return TypedResults.NotFound();
            }
        }

        notifier.Changed(runnerId, "joined");
        return TypedResults.Ok(Participation(participation));
    }

    /// <summary>Leaving a race archives the runner's plan for it.</summary>
    private static async Task<Results<NoContent, NotFound>> LeaveAsync(
        ClaimsPrincipal runner, TrainingDbContext db, TrainingChangeNotifier notifier, TimeProvider clock, Guid id, CancellationToken cancellationToken)
    {
        var runnerId = runner.RunnerId();
        if (await db.Participations.Where(p => p.RaceId == id && p.RunnerId == runnerId).ExecuteDeleteAsync(cancellationToken) == 0)
        {
            return TypedResults.NotFound();
        }

        await PlansApi.Archive(db.Plans.Where(p => p.RaceId == id && p.RunnerId == runnerId), clock, cancellationToken);
        notifier.Changed(runnerId, "left");
        return TypedResults.NoContent();
    }

    private static async Task<Ok<RaceSettings>> SettingsAsync(ClaimsPrincipal runner, TrainingDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok(await db.Runners.AsNoTracking().Where(r => r.RunnerId == runner.RunnerId())
            .Select(r => new RaceSettings(r.ShowName, r.DisplayName)).SingleOrDefaultAsync(cancellationToken) ?? new RaceSettings(false, null));

    private static async Task<Results<Ok<RaceSettings>, ValidationProblem, ProblemHttpResult>> SaveSettingsAsync(
        ClaimsPrincipal runner, TrainingDbContext db, TimeProvider clock, RaceSettings input, CancellationToken cancellationToken)
    {
        var name = string.IsNullOrWhiteSpace(input.DisplayName) ? null : input.DisplayName.Trim();
        if (name is { Length: > 100 } || (name is not null && RaceRules.HasControlCharacters(name)) || (input.ShowName && name is null))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["displayName"] = ["Give the name to show, at most 100 characters (or choose not to show it)."],
            });
        }

        var runnerId = runner.RunnerId();
        var settings = await db.Runners.SingleOrDefaultAsync(r => r.RunnerId == runnerId, cancellationToken);
        if (settings is null)
        {
            settings = new RaceRunner { RunnerId = runnerId };
            db.Runners.Add(settings);
        }

        settings.ShowName = input.ShowName;
        settings.DisplayName = name;
        settings.UpdatedAt = clock.GetUtcNow();
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // Saved for the first time twice at once: the other save stands.
        }
        catch (DbUpdateConcurrencyException)
        {
            // The settings went between reading and saving them: only an account's deletion removes them.
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Your account is being deleted", detail: "Nothing was saved.");
        }

        return TypedResults.Ok(new RaceSettings(settings.ShowName, settings.DisplayName));
    }

    public static MyParticipation Participation(RaceParticipation participation) =>
        new(participation.GoalSeconds, participation.JoinedAt, Result(participation), participation.ResultChosen);

    private static RaceResult? Result(RaceParticipation participation) =>
        participation is { ResultRunId: { } run, ResultSeconds: { } seconds } ? new RaceResult(run, seconds) : null;

    private static ProblemHttpResult OnlyTheAuthor(string what) => TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden,
        title: $"Only the runner who added a race can {what} it");

    /// <summary>Keyset position in the calendar: the last race of a page, as (date, id), opaque to clients.</summary>
    private readonly record struct RaceCursor(DateOnly Date, Guid Id)
    {
        public static string Format(Race race) =>
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{race.Date.DayNumber}:{race.Id:N}")).TrimEnd('=').Replace('+', '-').Replace('/', '_');

        public static bool TryParse(string? value, out RaceCursor cursor)
        {
            cursor = default;
            if (value is null || value.Length > 100)
            {
                return false;
            }

            try
            {
                var padded = value.Replace('-', '+').Replace('_', '/').PadRight(value.Length + ((4 - (value.Length % 4)) % 4), '=');
                var parts = Encoding.UTF8.GetString(Convert.FromBase64String(padded)).Split(':');
                if (parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var day)
                    && day is >= 0 and <= 3_652_058 && Guid.TryParseExact(parts[1], "N", out var id))
                {
                    cursor = new RaceCursor(DateOnly.FromDayNumber(day), id);
                    return true;
                }
            }
            catch (FormatException)
            {
            }

            return false;
        }
    }
}
