using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Runnerly.Strava.Infrastructure;
using Runnerly.Strava.Model;
using Runnerly.Strava.StravaApi;

namespace Runnerly.Strava.Sync;

/// <summary>
/// Decides what the worker does next, for every runner, on any number of replicas. Live work
/// goes first — disconnections, webhook events, due syncs — then the backfill, one page per
/// runner per turn, the runner with the fewest pages first. Everything stops when Strava's
/// shared budget says so, and resumes when it allows again.
/// </summary>
internal sealed partial class SyncEngine(IServiceScopeFactory scopes, TimeProvider clock, IOptions<SyncOptions> options, ILogger<SyncEngine> logger)
{
    public const string TelemetryName = "Runnerly.Strava.Sync";
    private const int Batch = 20;

    /// <summary>An event that failed this often is set aside (kept, with its last error) rather than retried forever.</summary>
    private const int MaxEventAttempts = 10;
    private static readonly TimeSpan BusyLinkRetry = TimeSpan.FromSeconds(5);
    private static readonly ActivitySource Tracing = new(TelemetryName);
    private static readonly Meter Metrics = new(TelemetryName);
    private static readonly Counter<long> ImportedRuns = Metrics.CreateCounter<long>("runnerly.strava.runs_imported", "{run}", "Runs imported from Strava.");
    private static readonly Counter<long> Steps = Metrics.CreateCounter<long>("runnerly.strava.sync_steps", "{step}", "Sync steps, by kind and outcome.");

    private DateTimeOffset _lastForgotten = DateTimeOffset.MinValue;

    private enum Outcome
    {
        Done,
        Busy,
        Blocked,
        Failed,
    }

    /// <summary>Does all the work that is due and the budget affords; returns when there may be more to do.</summary>
    public async Task<DateTimeOffset> RunOnceAsync(CancellationToken cancellationToken)
    {
        DateTimeOffset? backfillBlockedUntil;
        do
        {
            // Live work is looked at again between backfill rounds, so a webhook never waits for a long import.
            await DisconnectAsync(cancellationToken);
            if ((await ProcessEventsAsync(cancellationToken) ?? await SyncDueAsync(cancellationToken)) is { } liveBlockedUntil)
            {
                return liveBlockedUntil;
            }

            (var more, backfillBlockedUntil) = await BackfillRoundAsync(cancellationToken);
            if (!more)
            {
                break;
            }
        }
        while (backfillBlockedUntil is null);

        await ForgetProcessedEventsAsync(cancellationToken);
        var next = await NextDueAsync(cancellationToken);
        return backfillBlockedUntil is { } blocked && blocked < next ? blocked : next;
    }

    private async Task DisconnectAsync(CancellationToken cancellationToken)
    {
        foreach (var runnerId in await DueLinksAsync(disconnecting: true, links => links.OrderBy(l => l.DisconnectRequestedAt), cancellationToken))
        {
            await using var scope = scopes.CreateAsyncScope();
            var sync = scope.ServiceProvider.GetRequiredService<RunnerSync>();
            await WorkOnLinkAsync("disconnect", runnerId, sync, link => sync.DisconnectAsync(link, cancellationToken), cancellationToken);
        }
    }

    private async Task<DateTimeOffset?> ProcessEventsAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            List<long> due;
            await using (var scope = scopes.CreateAsyncScope())
            {
                var now = clock.GetUtcNow();
                due = await scope.ServiceProvider.GetRequiredService<StravaDbContext>().WebhookEvents
                    .Where(e => e.ProcessedAt == null && e.NextAttemptAt <= now)
                    .OrderBy(e => e.Id).Select(e => e.Id).Take(Batch).ToListAsync(cancellationToken);
            }

            if (due.Count == 0)
            {
                return null;
            }

            foreach (var id in due)
            {
                if (await ProcessEventAsync(id, cancellationToken) is { } blocked)
                {
                    return blocked;
                }
            }
        }
    }

    private async Task<DateTimeOffset?> ProcessEventAsync(long id, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var sync = scope.ServiceProvider.GetRequiredService<RunnerSync>();
        var claimedAt = clock.GetUtcNow();
        // Another replica may have taken (or finished) it since it was listed.
        if (await sync.Db.WebhookEvents.Where(e => e.Id == id && e.ProcessedAt == null && e.NextAttemptAt <= claimedAt)
                .ExecuteUpdateAsync(set => set.SetProperty(e => e.NextAttemptAt, claimedAt + LinkHolds.WorkHold), cancellationToken) == 0)
        {
            return null;
        }

        var webhookEvent = await sync.Db.WebhookEvents.SingleAsync(e => e.Id == id, cancellationToken);
        var runnerId = await sync.Db.Links.Where(l => l.AthleteId == webhookEvent.OwnerId && l.DisconnectRequestedAt == null)
            .Select(l => l.RunnerId).SingleOrDefaultAsync(cancellationToken);
        var now = clock.GetUtcNow();
        if (runnerId is null)
        {
            // Nobody (or nobody any more) is linked to this athlete.
            webhookEvent.ProcessedAt = now;
            await sync.Db.SaveChangesAsync(cancellationToken);
            return null;
        }

        var (outcome, blockedUntil, error) = await WorkOnLinkAsync("webhook", runnerId, sync,
            link => sync.ProcessEventAsync(link, webhookEvent, cancellationToken), cancellationToken);
        if (outcome is Outcome.Done)
        {
            return null;
        }

        var attempts = outcome == Outcome.Failed ? webhookEvent.Attempts + 1 : webhookEvent.Attempts;
        var retryAt = outcome switch
        {
            Outcome.Busy => now + BusyLinkRetry,
            Outcome.Blocked => blockedUntil!.Value,
            _ => now + LinkHolds.Retry.After(attempts),
        };
        DateTimeOffset? setAside = attempts >= MaxEventAttempts ? now : null;
        await sync.Db.WebhookEvents.Where(e => e.Id == id && e.ProcessedAt == null).ExecuteUpdateAsync(set => set
            .SetProperty(e => e.Attempts, attempts)
            .SetProperty(e => e.NextAttemptAt, retryAt)
            .SetProperty(e => e.ProcessedAt, setAside)
            .SetProperty(e => e.LastError, e => error ?? e.LastError), cancellationToken);
        return blockedUntil;
    }

    private async Task<DateTimeOffset?> SyncDueAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var now = clock.GetUtcNow();
            var due = await DueLinksAsync(disconnecting: false, links => links.Where(l => l.NextSyncAt <= now).OrderBy(l => l.NextSyncAt), cancellationToken);
            if (due.Count == 0)
            {
                return null;
            }

            foreach (var runnerId in due)
            {
                await using var scope = scopes.CreateAsyncScope();
                var sync = scope.ServiceProvider.GetRequiredService<RunnerSync>();
                var (_, blockedUntil, _) = await WorkOnLinkAsync("sync", runnerId, sync, async link =>
                {
                    if (link.NextSyncAt <= clock.GetUtcNow())
                    {
                        ImportedRuns.Add(await sync.SyncRecentAsync(link, cancellationToken), new KeyValuePair<string, object?>("kind", "sync"));
                    }
                }, cancellationToken);
                if (blockedUntil is not null)
                {
                    return blockedUntil;
                }
            }
        }
    }

    /// <summary>One page for each of the next runners in turn; says whether there may be more, or until when the budget refuses.</summary>
    private async Task<(bool More, DateTimeOffset? BlockedUntil)> BackfillRoundAsync(CancellationToken cancellationToken)
    {
        var due = await DueLinksAsync(disconnecting: false,
            links => links.Where(l => !l.BackfillComplete).OrderBy(l => l.BackfillPages).ThenBy(l => l.LinkedAt), cancellationToken);
        if (due.Count == 0)
        {
            return (false, null);
        }

        foreach (var runnerId in due)
        {
            await using var scope = scopes.CreateAsyncScope();
            var sync = scope.ServiceProvider.GetRequiredService<RunnerSync>();
            var (_, blockedUntil, _) = await WorkOnLinkAsync("backfill", runnerId, sync, async link =>
            {
                if (!link.BackfillComplete)
                {
                    ImportedRuns.Add(await sync.BackfillPageAsync(link, cancellationToken), new KeyValuePair<string, object?>("kind", "backfill"));
                }
            }, cancellationToken);
            if (blockedUntil is not null)
            {
                return (true, blockedUntil);
            }
        }

        return (true, null);
    }

    /// <summary>
    /// Links nobody holds, selected and ordered by <paramref name="select"/>: those being
    /// disconnected, or the others that no problem has stopped.
    /// </summary>
    private async Task<List<string>> DueLinksAsync(bool disconnecting, Func<IQueryable<StravaLink>, IQueryable<StravaLink>> select,
        CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var now = clock.GetUtcNow();
        var free = scope.ServiceProvider.GetRequiredService<StravaDbContext>().Links.Where(l => l.HeldUntil == null || l.HeldUntil <= now);
        free = disconnecting
            ? free.Where(l => l.DisconnectRequestedAt != null && (l.RetryAt == null || l.RetryAt <= now))
            : free.Where(l => l.DisconnectRequestedAt == null && l.Problem == null && (l.RetryAt == null || l.RetryAt <= now));
        return await select(free).Select(l => l.RunnerId).Take(Batch).ToListAsync(cancellationToken);
    }

    /// <summary>Holds the link, does the work, and settles the hold by how it went.</summary>
    private async Task<(Outcome Outcome, DateTimeOffset? BlockedUntil, string? Error)> WorkOnLinkAsync(
        string kind, string runnerId, RunnerSync sync, Func<StravaLink, Task> work, CancellationToken cancellationToken)
    {
        var db = sync.Db;
        var now = clock.GetUtcNow();
        var link = await db.TryHoldAsync(runnerId, now, cancellationToken);
        if (link is null)
        {
            return Record(kind, Outcome.Busy, null, null);
        }

        using var activity = Tracing.StartActivity($"strava {kind}");
        activity?.SetTag("runnerly.runner_id", runnerId);
        try
        {
            await work(link);
            if (db.Entry(link).State != EntityState.Detached)
            {
                link.Release();
                await db.SaveChangesAsync(cancellationToken);
            }

            return Record(kind, Outcome.Done, null, null);
        }
        catch (StravaBudgetExhaustedException e)
        {
            await SettleAsync(db, runnerId, set => set.SetProperty(l => l.HeldUntil, (DateTimeOffset?)null), cancellationToken);
            return Record(kind, Outcome.Blocked, e.RetryAt, null);
        }
        catch (DbUpdateConcurrencyException)
        {
            // A webhook event was repeated while it was processed: it goes round again.
            await SettleAsync(db, runnerId, set => set.SetProperty(l => l.HeldUntil, (DateTimeOffset?)null), cancellationToken);
            return Record(kind, Outcome.Busy, null, null);
        }
        catch (StravaGrantRevokedException e)
        {
            LogGrantRevoked(logger, runnerId);
            // Only if the runner has not connected again meanwhile, with new tokens.
            var refusedRefreshToken = e.RefreshToken;
            db.ChangeTracker.Clear();
            await db.Links.Where(l => l.RunnerId == runnerId && l.RefreshToken == refusedRefreshToken).ExecuteUpdateAsync(set => set
                .SetProperty(l => l.HeldUntil, (DateTimeOffset?)null)
                .SetProperty(l => l.Problem, "Strava no longer accepts Runnerly's access to your activities. Connect Strava again to resume."), cancellationToken);
            await SettleAsync(db, runnerId, set => set.SetProperty(l => l.HeldUntil, (DateTimeOffset?)null), cancellationToken);
            return Record(kind, Outcome.Failed, null, "grant revoked");
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            activity?.SetStatus(ActivityStatusCode.Error, e.Message);
            var failures = link.Failures + 1;
            LogStepFailed(logger, e, kind, runnerId, failures);
            await SettleAsync(db, runnerId, set => set
                .SetProperty(l => l.HeldUntil, (DateTimeOffset?)null)
                .SetProperty(l => l.Failures, failures)
                .SetProperty(l => l.RetryAt, now + LinkHolds.Retry.After(failures)), cancellationToken);
            return Record(kind, Outcome.Failed, null, e.Message);
        }
    }

    private static async Task SettleAsync(StravaDbContext db, string runnerId,
        Action<Microsoft.EntityFrameworkCore.Query.UpdateSettersBuilder<StravaLink>> set, CancellationToken cancellationToken)
    {
        // Whatever the step changed and did not save is dropped; what it saved (a rotated token, a page) stays.
        db.ChangeTracker.Clear();
        await db.Links.Where(l => l.RunnerId == runnerId).ExecuteUpdateAsync(set, cancellationToken);
    }

    private static (Outcome, DateTimeOffset?, string?) Record(string kind, Outcome outcome, DateTimeOffset? blockedUntil, string? error)
    {
        Steps.Add(1, new KeyValuePair<string, object?>("kind", kind), new KeyValuePair<string, object?>("outcome", outcome.ToString().ToLowerInvariant()));
        return (outcome, blockedUntil, error);
    }

    /// <summary>Deletes processed events past their keeping time, at most once an hour (not on every turn).</summary>
    private async Task ForgetProcessedEventsAsync(CancellationToken cancellationToken)
    {
        if (clock.GetUtcNow() - _lastForgotten < TimeSpan.FromHours(1))
        {
            return;
        }

        _lastForgotten = clock.GetUtcNow();
        await using var scope = scopes.CreateAsyncScope();
        var before = clock.GetUtcNow() - options.Value.KeepProcessedEvents;
        await scope.ServiceProvider.GetRequiredService<StravaDbContext>().WebhookEvents
            .Where(e => e.ProcessedAt < before).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>
    /// The earliest moment live work waiting now becomes due: a safety sync, a hold or back-off
    /// running out on a link with work left, an event's retry. (Free backfill work was done, or
    /// the budget said when it may go on.)
    /// </summary>
    private async Task<DateTimeOffset> NextDueAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StravaDbContext>();
        var now = clock.GetUtcNow();
        var withWorkLeft = db.Links.Where(l => l.DisconnectRequestedAt != null || (l.Problem == null && (!l.BackfillComplete || l.NextSyncAt != null)));
        DateTimeOffset?[] candidates =
        [
            await db.Links.Where(l => (l.HeldUntil == null || l.HeldUntil <= now) && (l.RetryAt == null || l.RetryAt <= now) && l.Problem == null && l.DisconnectRequestedAt == null)
                .MinAsync(l => l.NextSyncAt, cancellationToken),
            await withWorkLeft.Where(l => l.HeldUntil > now).MinAsync(l => l.HeldUntil, cancellationToken),
            await withWorkLeft.Where(l => l.RetryAt > now).MinAsync(l => l.RetryAt, cancellationToken),
            await db.WebhookEvents.Where(e => e.ProcessedAt == null).MinAsync(e => (DateTimeOffset?)e.NextAttemptAt, cancellationToken),
        ];
        var next = candidates.Where(c => c is not null).Select(c => c!.Value).DefaultIfEmpty(DateTimeOffset.MaxValue).Min();

        // Whatever is due now could not be done this turn (its link was held a moment ago): look again shortly, never spin.
        return next <= now ? now + TimeSpan.FromSeconds(1) : next;
    }

    [LoggerMessage(LogLevel.Warning, "Strava sync step {Kind} for runner {RunnerId} failed ({Failures} in a row); it backs off")]
    private static partial void LogStepFailed(ILogger logger, Exception exception, string kind, string runnerId, int failures);

    [LoggerMessage(LogLevel.Information, "Strava no longer accepts the grant of runner {RunnerId}; syncing stops until they connect again")]
    private static partial void LogGrantRevoked(ILogger logger, string runnerId);
}
