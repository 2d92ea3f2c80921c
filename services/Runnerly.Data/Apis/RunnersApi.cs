using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Runnerly.Data.Infrastructure;
using Runnerly.Data.Model;

namespace Runnerly.Data.Apis;

/// <summary>Endpoints for services (service tokens with scopes), never for runners' own tokens.</summary>
internal static class RunnersApi
{
    public const string DeleteRunnersPolicy = "runners.delete";
    public const string WriteRunsPolicy = "runs.write";
    public const string ReadRunsPolicy = "runs.read";
    public const string WriteProfilesPolicy = "profiles.write";
    public const int MaxRunnersPage = 1_000;
    public const int MaxBatchSize = 1_000;
    public const int MaxRangeDays = 800;

    public static IEndpointRouteBuilder MapRunnersApi(this IEndpointRouteBuilder app)
    {
        var runners = app.MapGroup("/api/runners").WithTags("Runners (services)");

        runners.MapPost("/{runnerId}/runs/batch", UpsertBatchAsync)
            .RequireAuthorization(WriteRunsPolicy)
            .WithSummary("Creates or updates up to 1,000 runs by (source, source id), in one transaction; sending the same batch again changes nothing.");

        runners.MapGet("/", ListRunnersAsync)
            .RequireAuthorization(ReadRunsPolicy)
            .WithSummary("Ids of runners with a profile or runs, in id order, a page at a time (after = the last id of the previous page).");

        runners.MapGet("/{runnerId}/runs/{year:int}/{month:int}", RunnerMonthAsync)
            .RequireAuthorization(ReadRunsPolicy)
            .WithSummary("A runner's runs in one month of their local calendar.");

        runners.MapGet("/{runnerId}/runs", RunnerRangeAsync)
            .RequireAuthorization(ReadRunsPolicy)
            .WithSummary($"A runner's runs whose local start falls on the days from 'from' up to (not including) 'to', oldest first; at most {MaxRangeDays} days.");

        runners.MapGet("/{runnerId}/profile", RunnerProfileAsync)
            .RequireAuthorization(ReadRunsPolicy)
            .WithSummary("A runner's profile (units, time zone, heart rates, monthly email choice); the defaults when they never saved one.");

        runners.MapPut("/{runnerId}/monthly-report-opt-out", SetReportOptOutAsync)
            .RequireAuthorization(WriteProfilesPolicy)
            .WithSummary("Turns a runner's monthly email report off or on (the one-click unsubscribe link); creates the profile with defaults if there is none.");

        runners.MapPut("/{runnerId}/suggested-time-zone", SuggestTimeZoneAsync)
            .RequireAuthorization(WriteProfilesPolicy)
            .WithSummary("A time zone for a runner who never chose one (their Strava athlete's): taken only while the profile still has the default UTC; answers the profile as it is now.");

        runners.MapDelete("/{runnerId}/runs/{source}/{sourceId}", DeleteSourcedRunAsync)
            .RequireAuthorization(WriteRunsPolicy)
            .WithSummary("Deletes one imported run (a Strava delete event).");

        runners.MapDelete("/{runnerId}/runs", DeleteSourceAsync)
            .RequireAuthorization(WriteRunsPolicy)
            .WithSummary("Deletes every run from one source (a Strava disconnection).");

        runners.MapDelete("/{runnerId}", DeleteRunnerAsync)
            .RequireAuthorization(DeleteRunnersPolicy)
            .WithSummary("Deletes everything held for a runner whose account was deleted.");

        return app;
    }

    private static async Task<Results<Ok<RunBatchResult>, ValidationProblem>> UpsertBatchAsync(
        string runnerId, RunBatch batch, DataDbContext db, TimeProvider time, TimeZoneCatalog zones, RunChangeNotifier notifier,
        CancellationToken cancellationToken)
    {
        var errors = Validate(runnerId, batch, time.GetUtcNow(), await zones.GetAsync(), out var valid);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var now = time.GetUtcNow();
        var runs = valid.Select(item =>
        {
            var run = new Run
            {
                RunnerId = runnerId,
                Source = item.Source,
                SourceId = item.SourceId,
                Name = "",
                SportType = SportType.Run,
                TimeZone = KnownTimeZones.Utc,
            };
            item.Run.ApplyTo(run);
            return run;
        }).ToList();

        var (created, updated) = await RunUpsert.ExecuteAsync(db, runnerId, runs, now, cancellationToken);
        if (created + updated > 0)
        {
            notifier.RunsChanged(runnerId, "imported", created + updated);
        }

        return TypedResults.Ok(new RunBatchResult(created, updated, runs.Count - created - updated));
    }

    private static Dictionary<string, string[]> Validate(string runnerId, RunBatch batch, DateTimeOffset now, KnownTimeZones zones,
        out List<(RunSource Source, string SourceId, ValidRun Run)> valid)
    {
        var errors = new Dictionary<string, string[]>();
        valid = [];
        if (runnerId.Length > 64 || TextRules.HasControlCharacters(runnerId))
        {
            errors["runnerId"] = ["A runner id has 1 to 64 printable characters."];
            return errors;
        }

        if (batch.Runs is null || batch.Runs.Count == 0)
        {
            errors["runs"] = ["Send at least one run."];
            return errors;
        }

        if (batch.Runs.Count > MaxBatchSize)
        {
            errors["runs"] = [$"Send at most {MaxBatchSize} runs per batch."];
            return errors;
        }

        var seen = new HashSet<(RunSource, string)>();
        for (var i = 0; i < batch.Runs.Count; i++)
        {
            var item = batch.Runs[i];
            var prefix = $"runs[{i}].";
            if (item is null)
            {
                errors[$"runs[{i}]"] = ["The item is missing."];
                continue;
            }

            if (!TryParseImportSource(item.Source, out var source))
            {
                errors[prefix + "source"] = ["Use strava or file (lower case)."];
            }

            if (string.IsNullOrWhiteSpace(item.SourceId) || item.SourceId.Length > 64 || TextRules.HasControlCharacters(item.SourceId))
            {
                errors[prefix + "sourceId"] = ["Give the run's id at its source, 1 to 64 printable characters."];
            }
            else if (!seen.Add((source, item.SourceId)))
            {
                errors[prefix + "sourceId"] = ["This source id appears twice in the batch."];
            }

            if (item.Run is null)
            {
                errors[prefix + "run"] = ["The run is missing."];
                continue;
            }

            if (RunValidation.Validate(item.Run, prefix + "run.", now, zones, errors) is { } run && errors.Count == 0)
            {
                valid.Add((source, item.SourceId!, run));
            }
        }

        return errors;
    }

    public sealed record RunnerIdPage(IReadOnlyList<string> Ids, string? Next);

    private static async Task<Results<Ok<RunnerIdPage>, ValidationProblem>> ListRunnersAsync(
        DataDbContext db, string? after, int? limit, CancellationToken cancellationToken)
    {
        var size = limit ?? 500;
        if (size is < 1 or > MaxRunnersPage)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = [$"Page size must be between 1 and {MaxRunnersPage}."] });
        }

        after ??= "";
        var ids = await db.Profiles.Select(p => p.RunnerId)
            .Union(db.Runs.Select(r => r.RunnerId))
            .Where(id => string.Compare(id, after) > 0)
            .OrderBy(id => id)
            .Take(size + 1)
            .ToListAsync(cancellationToken);
        var page = ids.Take(size).ToList();
        return TypedResults.Ok(new RunnerIdPage(page, ids.Count > size ? page[^1] : null));
    }

    private static Task<Results<Ok<List<RunResponse>>, ValidationProblem>> RunnerMonthAsync(
        string runnerId, int year, int month, DataDbContext db, CancellationToken cancellationToken) =>
        RunsApi.MonthOfAsync(runnerId, year, month, db, cancellationToken);

    private static async Task<Results<Ok<List<RunResponse>>, ValidationProblem>> RunnerRangeAsync(
        string runnerId, DateOnly? from, DateOnly? to, DataDbContext db, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        foreach (var (field, date) in new[] { ("from", from), ("to", to) })
        {
            if (date is not { Year: >= 1900 and <= 2200 })
            {
                errors[field] = ["Give a date from 1900 to 2200, such as 2026-01-31."];
            }
        }

        if (errors.Count == 0 && (to <= from || to!.Value.DayNumber - from!.Value.DayNumber > MaxRangeDays))
        {
            errors["from"] = errors["to"] = [$"'to' must come after 'from', at most {MaxRangeDays} days later."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var start = from!.Value.ToDateTime(TimeOnly.MinValue);
        var end = to!.Value.ToDateTime(TimeOnly.MinValue);
        var runs = await db.Runs.AsNoTracking()
            .Where(r => r.RunnerId == runnerId && r.StartTimeLocal >= start && r.StartTimeLocal < end)
            .OrderBy(r => r.StartTime)
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(runs.Select(RunResponse.From).ToList());
    }

    private static async Task<Ok<ProfileApi.ProfileResponse>> RunnerProfileAsync(string runnerId, DataDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok(ProfileApi.Describe(await db.Profiles.AsNoTracking().SingleOrDefaultAsync(p => p.RunnerId == runnerId, cancellationToken)
            ?? new RunnerProfile { RunnerId = runnerId }));

    public sealed record ReportOptOut(bool? OptOut);

    private static async Task<Results<Ok<ProfileApi.ProfileResponse>, ValidationProblem>> SetReportOptOutAsync(
        string runnerId, ReportOptOut input, DataDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        if (runnerId.Length > 64 || input.OptOut is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                [runnerId.Length > 64 ? "runnerId" : "optOut"] = [runnerId.Length > 64 ? "A runner id has at most 64 characters." : "Give optOut as true or false."],
            });
        }

        var profile = await ProfileApi.FindOrCreateAsync(runnerId, db, time, cancellationToken);
        await db.Profiles.Where(p => p.RunnerId == runnerId)
            .ExecuteUpdateAsync(set => set.SetProperty(p => p.MonthlyReportOptOut, input.OptOut.Value).SetProperty(p => p.UpdatedAt, time.GetUtcNow()), cancellationToken);
        profile.MonthlyReportOptOut = input.OptOut.Value;
        return TypedResults.Ok(ProfileApi.Describe(profile));
    }

    public sealed record TimeZoneSuggestion(string? TimeZone);

    private static async Task<Results<Ok<ProfileApi.ProfileResponse>, ValidationProblem>> SuggestTimeZoneAsync(
        string runnerId, TimeZoneSuggestion input, DataDbContext db, TimeProvider time, TimeZoneCatalog zones, RunChangeNotifier notifier,
        CancellationToken cancellationToken)
    {
        var timeZone = (await zones.GetAsync()).Canonical(input.TimeZone);
        if (runnerId.Length > 64 || timeZone is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                [runnerId.Length > 64 ? "runnerId" : "timeZone"] = [runnerId.Length > 64 ? "A runner id has at most 64 characters." : KnownTimeZones.Problem(input.TimeZone)],
            });
        }

        await ProfileApi.FindOrCreateAsync(runnerId, db, time, cancellationToken);
        // One conditional update: a zone the runner (or their browser) set stays theirs, even one saved a moment ago.
        if (await db.Profiles.Where(p => p.RunnerId == runnerId && p.TimeZone == RunnerProfile.DefaultTimeZone)
            .ExecuteUpdateAsync(set => set.SetProperty(p => p.TimeZone, timeZone).SetProperty(p => p.UpdatedAt, time.GetUtcNow()), cancellationToken) > 0)
        {
            notifier.ProfileChanged(runnerId); // the zone decides which days every total covers
        }

        return TypedResults.Ok(ProfileApi.Describe(await db.Profiles.AsNoTracking().SingleAsync(p => p.RunnerId == runnerId, cancellationToken)));
    }

    private static async Task<Results<NoContent, NotFound, ValidationProblem>> DeleteSourcedRunAsync(
        string runnerId, string source, string sourceId, DataDbContext db, RunChangeNotifier notifier, CancellationToken cancellationToken)
    {
        if (!TryParseImportSource(source, out var parsed))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["source"] = ["Use strava or file (lower case)."] });
        }

        if (await db.Runs.Where(r => r.RunnerId == runnerId && r.Source == parsed && r.SourceId == sourceId).ExecuteDeleteAsync(cancellationToken) == 0)
        {
            return TypedResults.NotFound();
        }

        notifier.RunsChanged(runnerId, "deleted");
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<int>, ValidationProblem>> DeleteSourceAsync(
        string runnerId, string? source, DataDbContext db, RunChangeNotifier notifier, CancellationToken cancellationToken)
    {
        if (!TryParseImportSource(source, out var parsed))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["source"] = ["Use strava or file (lower case)."] });
        }

        var deleted = await db.Runs.Where(r => r.RunnerId == runnerId && r.Source == parsed).ExecuteDeleteAsync(cancellationToken);
        if (deleted > 0)
        {
            notifier.RunsChanged(runnerId, "deleted", deleted);
        }

        return TypedResults.Ok(deleted);
    }

    /// <summary>Exactly <c>strava</c> or <c>file</c>: no other spelling, no numbers, no lists of names.</summary>
    private static bool TryParseImportSource(string? value, out RunSource source)
    {
        source = value switch { "strava" => RunSource.Strava, "file" => RunSource.File, _ => RunSource.Manual };
        return source != RunSource.Manual;
    }

    private static async Task<NoContent> DeleteRunnerAsync(string runnerId, DataDbContext db, RunChangeNotifier notifier, CancellationToken cancellationToken)
    {
        // Idempotent: deleting twice, or a runner with no data, answers the same.
        var deleted = await db.Runs.Where(r => r.RunnerId == runnerId).ExecuteDeleteAsync(cancellationToken);
        await db.Profiles.Where(p => p.RunnerId == runnerId).ExecuteDeleteAsync(cancellationToken);
        if (deleted > 0)
        {
            notifier.RunsChanged(runnerId, "deleted", deleted);
        }

        return TypedResults.NoContent();
    }
}
