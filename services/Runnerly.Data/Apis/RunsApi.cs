using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Runnerly.Data.Infrastructure;
using Runnerly.Data.Model;

namespace Runnerly.Data.Apis;

/// <summary>The signed-in runner's own runs. The runner is always the token's subject, never a parameter.</summary>
internal static class RunsApi
{
    public const string RunnerPolicy = "runner";
    public const int DefaultPageSize = 10;
    public const int MaxPageSize = 100;

    public static IEndpointRouteBuilder MapRunsApi(this IEndpointRouteBuilder app)
    {
        var runs = app.MapGroup("/api/runs").WithTags("Runs").RequireAuthorization(RunnerPolicy);

        runs.MapGet("/", ListAsync).WithETag().WithSummary("The runner's runs, newest first, a page at a time.");
        runs.MapGet("/{year:int}/{month:int}", MonthAsync).WithETag().WithSummary("The runner's runs in one month of their local calendar.");
        runs.MapGet("/{id:guid}", GetAsync).WithETag().WithName("GetRun");
        runs.MapPost("/", CreateAsync).WithSummary("Adds a run entered by hand.");
        runs.MapPut("/{id:guid}", UpdateAsync).WithSummary("Changes a run entered by hand.");
        runs.MapDelete("/{id:guid}", DeleteAsync);

        return app;
    }

    private static async Task<Results<Ok<RunPage>, ValidationProblem>> ListAsync(
        ClaimsPrincipal runner, DataDbContext db, int? limit, string? before, CancellationToken cancellationToken)
    {
        var size = limit ?? DefaultPageSize;
        var errors = new Dictionary<string, string[]>();
        if (size is < 1 or > MaxPageSize)
        {
            errors["limit"] = [$"Page size must be between 1 and {MaxPageSize}."];
        }

        var cursor = Cursor.TryParse(before, out var parsed) ? parsed : default;
        if (before is not null && cursor == default)
        {
            errors["before"] = ["This is not a cursor from a previous page."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var query = db.Runs.AsNoTracking().Where(r => r.RunnerId == runner.RunnerId());
        if (cursor != default)
        {
            // Row comparison: (start, id) < (cursor start, cursor id), served by the (runner, start) index.
            query = query.Where(r => EF.Functions.LessThan(ValueTuple.Create(r.StartTime, r.Id), ValueTuple.Create(cursor.StartTime, cursor.Id)));
        }

        var page = await query.OrderByDescending(r => r.StartTime).ThenByDescending(r => r.Id)
            .Take(size + 1).ToListAsync(cancellationToken);
        var next = page.Count > size ? Cursor.Format(page[size - 1]) : null;
        return TypedResults.Ok(new RunPage(page.Take(size).Select(RunResponse.From).ToList(), next));
    }

    private static Task<Results<Ok<List<RunResponse>>, ValidationProblem>> MonthAsync(
        ClaimsPrincipal runner, DataDbContext db, int year, int month, CancellationToken cancellationToken) =>
        MonthOfAsync(runner.RunnerId(), year, month, db, cancellationToken);

    /// <summary>A runner's runs whose local start falls in the month, newest first.</summary>
    internal static async Task<Results<Ok<List<RunResponse>>, ValidationProblem>> MonthOfAsync(
        string runnerId, int year, int month, DataDbContext db, CancellationToken cancellationToken)
    {
        if (MonthRules.Problems(year, month) is { Count: > 0 } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var from = new DateTime(year, month, 1);
        var to = from.AddMonths(1);
        var runs = await db.Runs.AsNoTracking()
            .Where(r => r.RunnerId == runnerId && r.StartTimeLocal >= from && r.StartTimeLocal < to)
            .OrderByDescending(r => r.StartTime)
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(runs.Select(RunResponse.From).ToList());
    }

    private static async Task<Results<Ok<RunResponse>, NotFound>> GetAsync(ClaimsPrincipal runner, DataDbContext db, Guid id, CancellationToken cancellationToken) =>
        await db.Runs.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id && r.RunnerId == runner.RunnerId(), cancellationToken) is { } run
            ? TypedResults.Ok(RunResponse.From(run))
            : TypedResults.NotFound();

    private static async Task<Results<CreatedAtRoute<RunResponse>, ValidationProblem>> CreateAsync(
        ClaimsPrincipal runner, DataDbContext db, TimeProvider time, TimeZoneCatalog zones, RunChangeNotifier notifier, RunInput input,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (RunValidation.Validate(input, "", time.GetUtcNow(), await zones.GetAsync(), errors) is not { } valid)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var now = time.GetUtcNow();
        var id = Guid.CreateVersion7();
        var run = new Run
        {
            Id = id,
            RunnerId = runner.RunnerId(),
            Source = RunSource.Manual,
            SourceId = id.ToString("N"),
            Name = "",
            SportType = SportType.Run,
            TimeZone = KnownTimeZones.Utc,
            CreatedAt = now,
            UpdatedAt = now,
        };
        valid.ApplyTo(run);
        db.Runs.Add(run);
        await db.SaveChangesAsync(cancellationToken);
        notifier.RunsChanged(run.RunnerId, "created");
        return TypedResults.CreatedAtRoute(RunResponse.From(run), "GetRun", new { id });
    }

    private static async Task<Results<Ok<RunResponse>, NotFound, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        ClaimsPrincipal runner, DataDbContext db, TimeProvider time, TimeZoneCatalog zones, RunChangeNotifier notifier, Guid id, RunInput input,
        CancellationToken cancellationToken)
    {
        var run = await db.Runs.SingleOrDefaultAsync(r => r.Id == id && r.RunnerId == runner.RunnerId(), cancellationToken);
        if (run is null)
        {
            return TypedResults.NotFound();
        }

        if (run.Source != RunSource.Manual)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "This run is imported",
                detail: $"Runs imported from {run.Source} change at their source; edit it there and it syncs here.");
        }

        var errors = new Dictionary<string, string[]>();
        if (RunValidation.Validate(input, "", time.GetUtcNow(), await zones.GetAsync(), errors) is not { } valid)
        {
            return TypedResults.ValidationProblem(errors);
        }

        if (valid.ApplyTo(run))
        {
            run.UpdatedAt = time.GetUtcNow();
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                return TypedResults.NotFound(); // deleted meanwhile (another tab, another device)
            }

            notifier.RunsChanged(run.RunnerId, "updated");
        }

        return TypedResults.Ok(RunResponse.From(run));
    }

    private static async Task<Results<NoContent, NotFound>> DeleteAsync(
        ClaimsPrincipal runner, DataDbContext db, RunChangeNotifier notifier, Guid id, CancellationToken cancellationToken)
    {
        if (await db.Runs.Where(r => r.Id == id && r.RunnerId == runner.RunnerId()).ExecuteDeleteAsync(cancellationToken) == 0)
        {
            return TypedResults.NotFound();
        }

        notifier.RunsChanged(runner.RunnerId(), "deleted");
        return TypedResults.NoContent();
    }

    /// <summary>Keyset position: the last run of a page, as (start time, id), opaque to clients.</summary>
    private readonly record struct Cursor(DateTimeOffset StartTime, Guid Id)
    {
        public static string Format(Run run) =>
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{run.StartTime.UtcTicks}:{run.Id:N}")).TrimEnd('=').Replace('+', '-').Replace('/', '_');

        public static bool TryParse(string? value, out Cursor cursor)
        {
            cursor = default;
            try
            {
                if (value is null or { Length: > 100 })
                {
                    return false;
                }

                var padded = value.Replace('-', '+').Replace('_', '/').PadRight(value.Length + ((4 - (value.Length % 4)) % 4), '=');
                var parts = Encoding.UTF8.GetString(Convert.FromBase64String(padded)).Split(':');
                if (parts.Length == 2 && long.TryParse(parts[0], out var ticks) && ticks > 0 && ticks <= DateTimeOffset.MaxValue.UtcTicks
                    && Guid.TryParseExact(parts[1], "N", out var id))
                {
                    cursor = new Cursor(new DateTimeOffset(ticks, TimeSpan.Zero), id);
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
