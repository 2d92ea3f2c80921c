using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using Runnerly.Data.Infrastructure;
using Runnerly.Data.Model;

namespace Runnerly.Data.Apis;

/// <summary>Totals per week, month or year, and personal records, for the signed-in runner.</summary>
internal static class StatsApi
{
    public const int MaxPeriods = 1_000;
    public const int MinYear = 1900;
    public const int MaxYear = 2200;

    public static IEndpointRouteBuilder MapStatsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/stats", StatsAsync).WithTags("Stats").RequireAuthorization(RunsApi.RunnerPolicy).WithETag()
            .WithSummary("Totals per period in the runner's time zone, with empty periods included so charts have no gaps.");
        app.MapGet("/api/records", RecordsAsync).WithTags("Stats").RequireAuthorization(RunsApi.RunnerPolicy).WithETag()
            .WithSummary("Longest run, fastest pace over 5 km or more, and best 5K, 10K, half and marathon estimated from whole-run pace.");
        return app;
    }

    public sealed record PeriodTotals(DateOnly Start, int Count, double DistanceMeters, long MovingTimeSeconds, double ElevationGainMeters, double? PaceSecondsPerKm);

    public sealed record StatsResponse(string Period, string TimeZone, DateOnly From, DateOnly To, IReadOnlyList<PeriodTotals> Periods, PeriodTotals Total);

    public sealed record RecordRun(Guid RunId, string Name, DateTimeOffset StartTime, double DistanceMeters, int MovingTimeSeconds, double PaceSecondsPerKm);

    public sealed record DistanceRecord(string Distance, double DistanceMeters, double TimeSeconds, Guid RunId, DateTimeOffset StartTime, bool Estimated);

    public sealed record RecordsResponse(RecordRun? LongestRun, RecordRun? FastestPaceOver5K, IReadOnlyList<DistanceRecord> BestTimes);

    private sealed record PeriodRow(DateTime PeriodStart, int Count, double DistanceMeters, long MovingTimeSeconds, double ElevationGainMeters);

    private static async Task<Results<Ok<StatsResponse>, ValidationProblem>> StatsAsync(
        ClaimsPrincipal runner, DataDbContext db, TimeProvider time, TimeZoneCatalog zones, string? period, DateOnly? from, DateOnly? to,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        period ??= "week";
        if (period is not ("week" or "month" or "year"))
        {
            errors["period"] = ["Use week, month or year."];
        }

        foreach (var (field, date) in new[] { ("from", from), ("to", to) })
        {
            if (date is { Year: < MinYear or > MaxYear })
            {
                errors[field] = [$"Dates must fall between {MinYear} and {MaxYear}."];
            }
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var runnerId = runner.RunnerId();
        var stored = await db.Profiles.AsNoTracking().Where(p => p.RunnerId == runnerId).Select(p => p.TimeZone).SingleOrDefaultAsync(cancellationToken);
        var (zoneId, zone) = (await zones.GetAsync()).ZoneOrUtc(stored);
        var today = Instant.FromDateTimeOffset(time.GetUtcNow()).InZone(zone).Date.ToDateOnly();
        var last = to ?? (today.Year > MaxYear ? new DateOnly(MaxYear, 12, 31) : today);
        var first = from ?? Max(new DateOnly(MinYear, 1, 1), period switch { "year" => last.AddYears(-4), "month" => last.AddMonths(-11), _ => last.AddDays(-7 * 25) });
        if (first > last)
        {
            errors["from"] = errors["to"] = ["'from' must not be after 'to'."];
        }
        else if (Starts(period, first, last).Count() > MaxPeriods)
        {
            errors["from"] = errors["to"] = [$"Ask for at most {MaxPeriods} periods at once."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var fromUtc = LocalMidnightUtc(first, zone);
        var toUtc = LocalMidnightUtc(last.AddDays(1), zone);
        var rows = await db.Database.SqlQuery<PeriodRow>($"""
            SELECT date_trunc({period}, "StartTime" AT TIME ZONE {zoneId}) AS "PeriodStart",
                   count(*)::int AS "Count",
                   sum("DistanceMeters") AS "DistanceMeters",
                   sum("MovingTimeSeconds")::bigint AS "MovingTimeSeconds",
                   sum("ElevationGainMeters") AS "ElevationGainMeters"
            FROM runs
            WHERE "RunnerId" = {runnerId} AND "StartTime" >= {fromUtc} AND "StartTime" < {toUtc}
            GROUP BY 1
            """).ToListAsync(cancellationToken);
        var byStart = rows.ToDictionary(r => DateOnly.FromDateTime(r.PeriodStart));

        var periods = Starts(period, first, last)
            .Select(start => byStart.TryGetValue(start, out var row)
                ? Totals(start, row.Count, row.DistanceMeters, row.MovingTimeSeconds, row.ElevationGainMeters)
                : Totals(start, 0, 0, 0, 0))
            .ToList();
        var total = Totals(first, periods.Sum(p => p.Count), periods.Sum(p => p.DistanceMeters), periods.Sum(p => p.MovingTimeSeconds), periods.Sum(p => p.ElevationGainMeters));
        return TypedResults.Ok(new StatsResponse(period, zoneId, first, last, periods, total));
    }

    private static async Task<Ok<RecordsResponse>> RecordsAsync(ClaimsPrincipal runner, DataDbContext db, CancellationToken cancellationToken)
    {
        var runs = db.Runs.AsNoTracking().Where(r => r.RunnerId == runner.RunnerId());
        var longest = await runs.OrderByDescending(r => r.DistanceMeters).FirstOrDefaultAsync(cancellationToken);
        var fastest = await runs.Where(r => r.DistanceMeters >= 5_000).OrderByDescending(r => r.AverageSpeed).FirstOrDefaultAsync(cancellationToken);

        var best = new List<DistanceRecord>();
        foreach (var (label, meters) in new[] { ("5K", 5_000d), ("10K", 10_000d), ("Half marathon", 21_097.5), ("Marathon", 42_195d) })
        {
            // A whole run's average pace applied to the distance: an estimate, since splits are not stored.
            var run = await runs.Where(r => r.DistanceMeters >= meters).OrderByDescending(r => r.AverageSpeed).FirstOrDefaultAsync(cancellationToken);
            if (run is not null)
            {
                best.Add(new DistanceRecord(label, meters, Math.Round(meters / run.AverageSpeed), run.Id, run.StartTime, Estimated: true));
            }
        }

        return TypedResults.Ok(new RecordsResponse(Describe(longest), Describe(fastest), best));
    }

    private static RecordRun? Describe(Run? run) => run is null
        ? null
        : new RecordRun(run.Id, run.Name, run.StartTime, run.DistanceMeters, run.MovingTimeSeconds, Math.Round(run.MovingTimeSeconds / (run.DistanceMeters / 1000), 1));

    private static PeriodTotals Totals(DateOnly start, int count, double distance, long moving, double elevation) =>
        new(start, count, distance, moving, elevation, distance > 0 ? Math.Round(moving / (distance / 1000), 1) : null);

    /// <summary>The first day of each period from the one holding <paramref name="first"/> to the one holding <paramref name="last"/> (weeks start on Monday).</summary>
    private static IEnumerable<DateOnly> Starts(string period, DateOnly first, DateOnly last)
    {
        var start = period switch
        {
            "year" => new DateOnly(first.Year, 1, 1),
            "month" => new DateOnly(first.Year, first.Month, 1),
            _ => first.AddDays(-(((int)first.DayOfWeek + 6) % 7)),
        };
        for (; start <= last; start = period switch { "year" => start.AddYears(1), "month" => start.AddMonths(1), _ => start.AddDays(7) })
        {
            yield return start;
        }
    }

    /// <summary>When the day begins there (a midnight skipped by a daylight-saving change starts the day an hour later).</summary>
    private static DateTimeOffset LocalMidnightUtc(DateOnly day, DateTimeZone zone) =>
        zone.AtStartOfDay(LocalDate.FromDateOnly(day)).ToDateTimeOffset().ToUniversalTime();

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;
}
