using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NodaTime;
using Runnerly.Reports.Clients;
using Runnerly.Reports.Composition;
using Runnerly.Reports.Delivery;
using Runnerly.Reports.Infrastructure;
using Runnerly.Reports.Model;

namespace Runnerly.Reports.Scheduling;

/// <summary>What a sweep did.</summary>
public sealed record SweepResult(IReadOnlyList<string> Months, int Runners, int Queued, int Errors);

/// <summary>
/// Queues reports: one row per runner and month, created once (a unique index and
/// <c>ON CONFLICT DO NOTHING</c>), due at 08:00 on the 1st of the next month in the runner's
/// zone. The hourly sweep covers the latest month that has ended somewhere on Earth (and an
/// earlier one left open by an outage); it reads each runner's profile once per month, and
/// closes the month once every zone is past its due hour with nothing left to read.
/// </summary>
internal sealed class DueSweep(
    IServiceScopeFactory scopes,
    DataClient data,
    ReportSignal signal,
    IOptions<ReportsOptions> options,
    ReportsTelemetry telemetry,
    TimeProvider time,
    ILogger<DueSweep> logger)
{
    /// <summary>The scheduled sweep.</summary>
    public async Task<SweepResult> RunAsync(CancellationToken cancellationToken)
    {
        using var activity = ReportsTelemetry.Source.StartActivity("Monthly report sweep", ActivityKind.Internal, default(ActivityContext));
        var now = Instant.FromDateTimeOffset(time.GetUtcNow());
        var latest = ReportCalendar.LatestDueAnywhere(now);
        var months = new List<string>();
        int runners = 0, queued = 0, errors = 0;
        foreach (var month in new[] { latest.PlusMonths(-1), latest })
        {
            if (!await OpenAsync(month, now, mayOpen: month == latest, cancellationToken))
            {
                continue;
            }

            months.Add(Name(month));
            var result = await QueueAsync(month, now, dueNow: false, onlyRunner: null, activity, cancellationToken);
            runners += result.Runners;
            queued += result.Queued;
            errors += result.Errors;
            if (result.Errors == 0 && now >= ReportCalendar.DueEverywhere(month))
            {
                await CloseAsync(month, now, cancellationToken);
            }
        }

        activity?.SetTag("runnerly.sweep.months", string.Join(",", months));
        activity?.SetTag("runnerly.sweep.queued", queued);
        activity?.SetTag("runnerly.sweep.errors", errors);
        logger.LogInformation("Report sweep at {Now}: months {Months}, {Runners} runners read, {Queued} reports queued, {Errors} errors",
            now, string.Join(", ", months), runners, queued, errors);
        return new SweepResult(months, runners, queued, errors);
    }

    /// <summary>
    /// The developers' "send now": last month's report (the month before the current one in each
    /// runner's zone) queued due now, for every runner or one. A report that exists already is
    /// left as it is (a sent one is never sent twice); one waiting for its due time is brought forward.
    /// </summary>
    public async Task<SweepResult> SendLastMonthNowAsync(string? runnerId, CancellationToken cancellationToken)
    {
        using var activity = ReportsTelemetry.Source.StartActivity(runnerId is null ? "Send last month's reports now" : "Send a runner's report now",
            ActivityKind.Internal, default(ActivityContext));
        var now = Instant.FromDateTimeOffset(time.GetUtcNow());
        var result = await QueueAsync(null, now, dueNow: true, runnerId, activity, cancellationToken);
        return new SweepResult([], result.Runners, result.Queued, result.Errors);
    }

    private sealed record QueueResult(int Runners, int Queued, int Errors);

    /// <summary>Queues <paramref name="month"/> (or, when null, last month in each runner's zone) for the runners without that report.</summary>
    private async Task<QueueResult> QueueAsync(YearMonth? month, Instant now, bool dueNow, string? onlyRunner, Activity? activity,
        CancellationToken cancellationToken)
    {
        var existing = month is { } m ? await RunnersWithReportAsync(m, cancellationToken) : [];
        var rows = new ConcurrentBag<MonthlyReport>();
        var errors = 0;
        var runners = 0;
        await foreach (var page in RunnerPagesAsync(onlyRunner, cancellationToken))
        {
            var missing = page.Where(id => !existing.Contains(id)).ToList();
            runners += missing.Count;
            await Parallel.ForEachAsync(missing, new ParallelOptions { MaxDegreeOfParallelism = options.Value.SweepConcurrency, CancellationToken = cancellationToken },
                async (runnerId, token) =>
                {
                    try
                    {
                        var profile = await data.ProfileAsync(runnerId, token);
                        var zoneId = ReportCalendar.IsKnownZone(profile.TimeZone) ? profile.TimeZone : "UTC";
                        var zone = ReportCalendar.Zone(zoneId);
                        var reportMonth = month ?? ReportCalendar.MonthAt(now, zone).PlusMonths(-1);
                        var due = dueNow ? now : ReportCalendar.DueAt(reportMonth, zone);
                        rows.Add(NewReport(runnerId, reportMonth, zoneId, due, now, activity));
                    }
                    catch (Exception ex) when (!token.IsCancellationRequested)
                    {
                        Interlocked.Increment(ref errors);
                        logger.LogWarning("The profile of runner {RunnerId} could not be read for the report sweep ({Error}); the next sweep tries again", runnerId, ex.Message);
                    }
                });
        }

        var queued = await InsertAsync(rows.ToList(), dueNow, cancellationToken);
        if (queued > 0)
        {
            telemetry.Queued.Add(queued);
            signal.Pulse();
        }

        return new QueueResult(runners, queued, errors);
    }

    private async IAsyncEnumerable<IReadOnlyList<string>> RunnerPagesAsync(string? onlyRunner, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (onlyRunner is not null)
        {
            yield return [onlyRunner];
            yield break;
        }

        string? after = null;
        do
        {
            var page = await data.RunnersAsync(after, cancellationToken);
            yield return page.Ids;
            after = page.Next;
        }
        while (after is not null);
    }

    private MonthlyReport NewReport(string runnerId, YearMonth month, string zone, Instant due, Instant now, Activity? activity) => new()
    {
        RunnerId = runnerId,
        Year = month.Year,
        Month = month.Month,
        TimeZone = zone,
        Status = ReportStatus.Pending,
        DueAt = due.ToDateTimeOffset(),
        NextAttemptAt = due.ToDateTimeOffset(),
        MessageId = MessageBuilder.MessageId(runnerId, month.Year, month.Month, options.Value.From),
        TraceParent = activity?.Id,
        CreatedAt = now.ToDateTimeOffset(),
        UpdatedAt = now.ToDateTimeOffset(),
    };

    /// <summary>
    /// Inserts the rows that do not exist yet; returns how many were new. With
    /// <paramref name="bringForward"/>, an existing report still waiting for its due time is made due now.
    /// </summary>
    private async Task<int> InsertAsync(IReadOnlyList<MonthlyReport> rows, bool bringForward, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return 0;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReportsDbContext>();
        var inserted = 0;
        foreach (var batch in rows.Chunk(1_000))
        {
            inserted += await db.Database.ExecuteSqlAsync($"""
                INSERT INTO monthly_reports ("Id", "RunnerId", "Year", "Month", "TimeZone", "Status", "Attempts", "DueAt", "NextAttemptAt", "MessageId", "TraceParent", "CreatedAt", "UpdatedAt")
                SELECT r.id, r.runner, r.year, r.month, r.zone, 'Pending', 0, r.due, r.due, r.message, r.trace, r.created, r.created
                FROM unnest({batch.Select(r => r.Id).ToArray()}, {batch.Select(r => r.RunnerId).ToArray()}, {batch.Select(r => r.Year).ToArray()},
                            {batch.Select(r => r.Month).ToArray()}, {batch.Select(r => r.TimeZone).ToArray()}, {batch.Select(r => r.DueAt).ToArray()},
                            {batch.Select(r => r.MessageId).ToArray()}, {batch.Select(r => r.TraceParent).ToArray()}, {batch.Select(r => r.CreatedAt).ToArray()})
                     AS r(id, runner, year, month, zone, due, message, trace, created)
                ON CONFLICT ("RunnerId", "Year", "Month") DO NOTHING
                """, cancellationToken);
            if (bringForward)
            {
                var now = batch[0].CreatedAt;
                foreach (var row in batch)
                {
                    await db.Reports
                        .Where(r => r.RunnerId == row.RunnerId && r.Year == row.Year && r.Month == row.Month && r.Status == ReportStatus.Pending && r.NextAttemptAt > now)
                        .ExecuteUpdateAsync(set => set.SetProperty(r => r.NextAttemptAt, now).SetProperty(r => r.TraceParent, row.TraceParent), cancellationToken);
                }
            }
        }

        return inserted;
    }

    private async Task<HashSet<string>> RunnersWithReportAsync(YearMonth month, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReportsDbContext>();
        return (await db.Reports.Where(r => r.Year == month.Year && r.Month == month.Month).Select(r => r.RunnerId).ToListAsync(cancellationToken))
            .ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Whether the month is open for sweeping; the latest month is opened on first sight, an earlier one only if it was left open.</summary>
    private async Task<bool> OpenAsync(YearMonth month, Instant now, bool mayOpen, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReportsDbContext>();
        if (mayOpen)
        {
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO report_periods ("Year", "Month", "OpenedAt", "Runners") VALUES ({month.Year}, {month.Month}, {now.ToDateTimeOffset()}, 0)
                ON CONFLICT DO NOTHING
                """, cancellationToken);
        }

        return await db.Periods.AnyAsync(p => p.Year == month.Year && p.Month == month.Month && p.ClosedAt == null, cancellationToken);
    }

    private async Task CloseAsync(YearMonth month, Instant now, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReportsDbContext>();
        var runners = await db.Reports.CountAsync(r => r.Year == month.Year && r.Month == month.Month, cancellationToken);
        await db.Periods.Where(p => p.Year == month.Year && p.Month == month.Month)
            .ExecuteUpdateAsync(set => set.SetProperty(p => p.ClosedAt, now.ToDateTimeOffset()).SetProperty(p => p.Runners, runners), cancellationToken);
        logger.LogInformation("Reports of {Month} are all queued; its sweeps are over", Name(month));
    }

    private static string Name(YearMonth month) => $"{month.Year:0000}-{month.Month:00}";
}
