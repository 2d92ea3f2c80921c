using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Runnerly.Data.Infrastructure;

namespace Runnerly.Data.Apis;

/// <summary>
/// Per-runner totals for one month, many runners per call, so the monthly report costs a
/// handful of requests rather than one per runner.
/// </summary>
internal static class MonthlySummariesApi
{
    public const int MaxPage = 1_000;

    public sealed record RunnerMonth(string RunnerId, int Runs, double DistanceMeters, long MovingTimeSeconds, double ElevationGainMeters, double LongestRunMeters);

    public sealed record MonthlySummaryPage(int Year, int Month, IReadOnlyList<RunnerMonth> Runners, string? Next);

    public static IEndpointRouteBuilder MapMonthlySummariesApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/monthly-summaries/{year:int}/{month:int}", SummariesAsync)
            .WithTags("Runners (services)")
            .RequireAuthorization(RunnersApi.ReadRunsPolicy)
            .WithSummary("Totals of every runner who ran that month (local calendar), in runner id order; after = the last id of the previous page.");
        return app;
    }

    private static async Task<Results<Ok<MonthlySummaryPage>, ValidationProblem>> SummariesAsync(
        int year, int month, string? after, int? limit, DataDbContext db, CancellationToken cancellationToken)
    {
        var size = limit ?? 500;
        var errors = MonthRules.Problems(year, month);

        if (size is < 1 or > MaxPage)
        {
            errors["limit"] = [$"Page size must be between 1 and {MaxPage}."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var from = new DateTime(year, month, 1);
        var to = from.AddMonths(1);
        after ??= "";
        var rows = await db.Runs.AsNoTracking()
            .Where(r => r.StartTimeLocal >= from && r.StartTimeLocal < to && string.Compare(r.RunnerId, after) > 0)
            .GroupBy(r => r.RunnerId)
            .OrderBy(g => g.Key)
            .Select(g => new RunnerMonth(g.Key, g.Count(), g.Sum(r => r.DistanceMeters), g.Sum(r => (long)r.MovingTimeSeconds), g.Sum(r => r.ElevationGainMeters), g.Max(r => r.DistanceMeters)))
            .Take(size + 1)
            .ToListAsync(cancellationToken);
        var page = rows.Take(size).ToList();
        return TypedResults.Ok(new MonthlySummaryPage(year, month, page, rows.Count > size ? page[^1].RunnerId : null));
    }
}
