using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using Polly.Timeout;
using Runnerly.Reports.Clients;
using Runnerly.Reports.Composition;
using Runnerly.Reports.Infrastructure;
using Runnerly.Reports.Model;

namespace Runnerly.Reports.Apis;

/// <summary>The signed-in runner's reports: the archive (exactly as sent) and a preview of this month so far.</summary>
internal static class ReportsApi
{
    public const string RunnerPolicy = "runner";
    public const int MaxPage = 60;

    public sealed record ReportSummary(int Year, int Month, string Kind, string Subject, DateTimeOffset SentAt, int Runs, double DistanceMeters);

    public sealed record ReportPage(IReadOnlyList<ReportSummary> Items, string? Next);

    /// <summary>A report as the runner received it; <c>chartPng</c> is the inline image (<c>cid:monthly-chart@runnerly</c> in the HTML), base64.</summary>
    public sealed record ReportDocument(int Year, int Month, string Kind, string Subject, DateTimeOffset? SentAt, bool IsPartialMonth, string Html, string Text,
        string? ChartPng, JsonElement Figures);

    public static IEndpointRouteBuilder MapReportsApi(this IEndpointRouteBuilder app)
    {
        var reports = app.MapGroup("/api/reports").WithTags("Reports").RequireAuthorization(RunnerPolicy);
        reports.MapGet("/", ListAsync)
            .WithSummary($"The runner's sent reports, newest first; limit 1–{MaxPage} (default 12), before = the next cursor (yyyy-MM) of the previous page.");
        reports.MapGet("/preview", PreviewAsync)
            .WithSummary("This month so far, composed now as it would be sent (nothing is stored or sent); 404 when there is nothing to report.");
        reports.MapGet("/{year:int}/{month:int}", GetAsync)
            .WithSummary("One sent report, exactly as the runner received it.");
        reports.MapGet("/{year:int}/{month:int}/chart.png", ChartAsync)
            .WithSummary("The chart image of a sent report.");
        return app;
    }

    private static async Task<Results<Ok<ReportPage>, ValidationProblem>> ListAsync(
        ClaimsPrincipal runner, ReportsDbContext db, int? limit, string? before, CancellationToken cancellationToken)
    {
        var size = limit ?? 12;
        var errors = new Dictionary<string, string[]>();
        if (size is < 1 or > MaxPage)
        {
            errors["limit"] = [$"Page size must be between 1 and {MaxPage}."];
        }

        var cursor = 9999 * 12 + 12;
        if (before is not null)
        {
            if (!DateOnly.TryParseExact(before + "-01", "yyyy-MM-dd", out var date))
            {
                errors["before"] = ["Give 'before' as a month, yyyy-MM (the 'next' of the previous page)."];
            }
            else
            {
                cursor = date.Year * 12 + date.Month;
            }
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var runnerId = runner.RunnerId();
        var rows = await db.Reports.AsNoTracking()
            .Where(r => r.RunnerId == runnerId && r.Status == ReportStatus.Sent && r.Year * 12 + r.Month < cursor)
            .OrderByDescending(r => r.Year).ThenByDescending(r => r.Month)
            .Take(size + 1)
            .Select(r => new { r.Year, r.Month, r.Kind, r.Subject, r.SentAt, r.FiguresJson })
            .ToListAsync(cancellationToken);
        var items = rows.Take(size).Select(r =>
        {
            var figures = r.FiguresJson is null ? null : JsonSerializer.Deserialize<ReportFigures>(r.FiguresJson, ComposedReport.Json);
            return new ReportSummary(r.Year, r.Month, (r.Kind ?? ReportKind.Full).ToString().ToLowerInvariant(), r.Subject ?? "", r.SentAt!.Value,
                figures?.ThisMonth.Runs ?? 0, figures?.ThisMonth.DistanceMeters ?? 0);
        }).ToList();
        var next = rows.Count > size ? $"{items[^1].Year:0000}-{items[^1].Month:00}" : null;
        return TypedResults.Ok(new ReportPage(items, next));
    }

    private static async Task<Results<Ok<ReportDocument>, NotFound, ValidationProblem>> GetAsync(
        ClaimsPrincipal runner, int year, int month, ReportsDbContext db, CancellationToken cancellationToken)
    {
        if (MonthRules.Problems(year, month) is { Count: > 0 } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var report = await SentAsync(runner, year, month, db, cancellationToken);
        if (report is null)
        {
            return TypedResults.NotFound();
        }

        return TypedResults.Ok(new ReportDocument(report.Year, report.Month, (report.Kind ?? ReportKind.Full).ToString().ToLowerInvariant(), report.Subject ?? "",
            report.SentAt, false, report.Html ?? "", report.Text ?? "", report.ChartPng is { Length: > 0 } png ? Convert.ToBase64String(png) : null,
            JsonSerializer.Deserialize<JsonElement>(report.FiguresJson ?? "{}")));
    }

    private static async Task<Results<FileContentHttpResult, NotFound, ValidationProblem>> ChartAsync(
        ClaimsPrincipal runner, int year, int month, ReportsDbContext db, CancellationToken cancellationToken)
    {
        if (MonthRules.Problems(year, month) is { Count: > 0 } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var report = await SentAsync(runner, year, month, db, cancellationToken);
        return report?.ChartPng is { Length: > 0 } png ? TypedResults.File(png, "image/png") : TypedResults.NotFound();
    }

    private static Task<MonthlyReport?> SentAsync(ClaimsPrincipal runner, int year, int month, ReportsDbContext db, CancellationToken cancellationToken)
    {
        var runnerId = runner.RunnerId();
        return db.Reports.AsNoTracking()
            .SingleOrDefaultAsync(r => r.RunnerId == runnerId && r.Year == year && r.Month == month && r.Status == ReportStatus.Sent, cancellationToken);
    }

    private static async Task<Results<Ok<ReportDocument>, ProblemHttpResult>> PreviewAsync(
        ClaimsPrincipal runner, DataClient data, ReportComposer composer, TimeProvider time, CancellationToken cancellationToken)
    {
        var runnerId = runner.RunnerId();
        var now = Instant.FromDateTimeOffset(time.GetUtcNow());
        YearMonth month;
        ComposedReport? composed;
        try
        {
            var profile = await data.ProfileAsync(runnerId, cancellationToken);
            month = ReportCalendar.MonthAt(now, ReportCalendar.Zone(profile.TimeZone));
            composed = await composer.ComposeAsync(runnerId, month, profile, profile.DisplayName, now, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested
            && ex is HttpRequestException or RunnerDataException or TimeoutRejectedException or TaskCanceledException)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Your runs cannot be read just now",
                detail: "The preview needs your runs from the data service, which did not answer. Try again in a minute.");
        }

        if (composed is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Nothing to report yet",
                detail: $"No runs this month nor in the {FigureBuilder.NudgeMonths} months before.");
        }

        var email = composed.Email;
        return TypedResults.Ok(new ReportDocument(month.Year, month.Month, composed.Figures.Kind.ToString().ToLowerInvariant(), email.Subject, null,
            composed.Figures.IsPartialMonth, email.Html, email.Text, email.ChartPng.Length > 0 ? Convert.ToBase64String(email.ChartPng) : null,
            JsonSerializer.SerializeToElement(composed.Figures, ComposedReport.Json)));
    }
}
