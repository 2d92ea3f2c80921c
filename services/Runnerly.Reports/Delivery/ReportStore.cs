using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;
using Runnerly.Reports.Infrastructure;
using Runnerly.Reports.Model;

namespace Runnerly.Reports.Delivery;

/// <summary>
/// The report rows' state changes, each its own short transaction. A claim is committed
/// before the mail server is called; "sent" is written right after it accepts.
/// </summary>
internal sealed class ReportStore(IServiceScopeFactory scopes)
{
    /// <summary>
    /// Takes one report that is due (or whose worker's lease ran out) and marks it sending
    /// under a new lease. <c>FOR UPDATE SKIP LOCKED</c> lets any number of workers and replicas
    /// share the queue without ever taking the same row.
    /// </summary>
    public async Task<MonthlyReport?> ClaimAsync(DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReportsDbContext>();
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var report = await db.Reports
                .FromSql($"""
                    SELECT * FROM monthly_reports
                    WHERE "Status" IN ('Pending', 'Sending') AND "NextAttemptAt" <= {now}
                      AND ("Status" = 'Pending' OR "LeaseUntil" <= {now})
                    ORDER BY "NextAttemptAt"
                    LIMIT 1
                    FOR UPDATE SKIP LOCKED
                    """)
                .SingleOrDefaultAsync(cancellationToken);
            if (report is null)
            {
                return null;
            }

            report.Status = ReportStatus.Sending;
            report.Attempts++;
            report.LeaseUntil = now + lease;
            report.UpdatedAt = now;
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return report;
        });
    }

    public Task SaveComposedAsync(MonthlyReport report, DateTimeOffset now, CancellationToken cancellationToken) =>
        UpdateAsync(report.Id, set => set
            .SetProperty(r => r.Kind, report.Kind)
            .SetProperty(r => r.Subject, report.Subject)
            .SetProperty(r => r.Html, report.Html)
            .SetProperty(r => r.Text, report.Text)
            .SetProperty(r => r.ChartPng, report.ChartPng)
            .SetProperty(r => r.FiguresJson, report.FiguresJson)
            .SetProperty(r => r.ComposedAt, now)
            .SetProperty(r => r.UpdatedAt, now), cancellationToken);

    /// <summary>The mail server accepted it. Whoever holds the row now, it was sent: it is never sent again.</summary>
    public Task MarkSentAsync(Guid id, string response, DateTimeOffset now, CancellationToken cancellationToken) =>
        UpdateAsync(id, set => set
            .SetProperty(r => r.Status, ReportStatus.Sent)
            .SetProperty(r => r.SentAt, now)
            .SetProperty(r => r.SmtpResponse, Cut(response))
            .SetProperty(r => r.Reason, (string?)null)
            .SetProperty(r => r.LeaseUntil, (DateTimeOffset?)null)
            .SetProperty(r => r.UpdatedAt, now), cancellationToken);

    public Task MarkFailedAsync(Guid id, string reason, DateTimeOffset now, CancellationToken cancellationToken) =>
        EndAsync(id, ReportStatus.Failed, reason, now, cancellationToken);

    public Task MarkSkippedAsync(Guid id, string reason, DateTimeOffset now, CancellationToken cancellationToken) =>
        EndAsync(id, ReportStatus.Skipped, reason, now, cancellationToken);

    /// <summary>Back to the queue, to be tried again at <paramref name="at"/>.</summary>
    public Task RetryAsync(Guid id, string reason, DateTimeOffset at, DateTimeOffset now, CancellationToken cancellationToken) =>
        UpdateAsync(id, set => set
            .SetProperty(r => r.Status, ReportStatus.Pending)
            .SetProperty(r => r.NextAttemptAt, at)
            .SetProperty(r => r.Reason, Cut(reason))
            .SetProperty(r => r.LeaseUntil, (DateTimeOffset?)null)
            .SetProperty(r => r.UpdatedAt, now), cancellationToken, onlyWhileSending: true);

    private Task EndAsync(Guid id, ReportStatus status, string reason, DateTimeOffset now, CancellationToken cancellationToken) =>
        UpdateAsync(id, set => set
            .SetProperty(r => r.Status, status)
            .SetProperty(r => r.Reason, Cut(reason))
            .SetProperty(r => r.LeaseUntil, (DateTimeOffset?)null)
            .SetProperty(r => r.UpdatedAt, now), cancellationToken, onlyWhileSending: true);

    private async Task UpdateAsync(Guid id, Action<UpdateSettersBuilder<MonthlyReport>> set, CancellationToken cancellationToken, bool onlyWhileSending = false)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReportsDbContext>();
        // A report marked sent stays sent, whatever a late or second worker says about it.
        await db.Reports
            .Where(r => r.Id == id && r.Status != ReportStatus.Sent && (!onlyWhileSending || r.Status == ReportStatus.Sending))
            .ExecuteUpdateAsync(set, cancellationToken);
    }

    private static string Cut(string value) => value.Length > 500 ? value[..500] : value;
}
