using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Runnerly.Strava.Clients;
using Runnerly.Strava.Infrastructure;
using Runnerly.Strava.Model;

namespace Runnerly.Strava.Sync;

internal enum StepOutcome
{
    Done,
    Busy,
    Blocked,
    Failed,
}

/// <summary>How a step went; <see cref="BlockedUntil"/> when the budget refused it (<see cref="OnlyThisWork"/>: only its kind of work).</summary>
internal readonly record struct StepResult(StepOutcome Outcome, DateTimeOffset? BlockedUntil = null, string? Error = null, bool OnlyThisWork = false);

/// <summary>One step of work on a runner's link: takes the link's lease, does the work, settles the lease by how it went, and announces it.</summary>
internal sealed partial class LinkStep(StravaDbContext db, LinkLease lease, LinkChangeNotifier notifier, TimeProvider clock, ILogger<LinkStep> logger)
{
    private const string GrantRevokedProblem = "Strava no longer accepts Runnerly's access to your activities. Connect Strava again to resume.";

    public async Task<StepResult> RunAsync(string kind, string runnerId, Func<IQueryable<StravaLink>, IQueryable<StravaLink>>? onlyIf,
        Func<StravaLink, Task> work, CancellationToken cancellationToken)
    {
        var attemptedAt = clock.GetUtcNow();
        var link = await lease.TryTakeAsync(runnerId, onlyIf, cancellationToken);
        if (link is null)
        {
            return Record(kind, new(StepOutcome.Busy));
        }

        using var activity = SyncTelemetry.Tracing.StartActivity($"strava {kind}");
        activity?.SetTag("runnerly.runner_id", runnerId);
        try
        {
            await work(link);
            await lease.ReleaseAsync(link, cancellationToken);
            return Record(kind, new(StepOutcome.Done));
        }
        catch (StravaBudgetExhaustedException e)
        {
            await lease.LetGoAsync(runnerId, cancellationToken);
            return Record(kind, new(StepOutcome.Blocked, e.RetryAt, OnlyThisWork: e.OnlyThisWork));
        }
        catch (DbUpdateConcurrencyException)
        {
            // A webhook event was repeated while it was processed: it goes round again.
            await lease.LetGoAsync(runnerId, cancellationToken);
            return Record(kind, new(StepOutcome.Busy));
        }
        catch (StravaGrantRevokedException e)
        {
            LogGrantRevoked(logger, runnerId);
            // Only if the runner has not connected again meanwhile, with new tokens.
            var refusedRefreshToken = e.RefreshToken;
            db.ChangeTracker.Clear();
            await db.Links.Where(l => l.RunnerId == runnerId && l.RefreshToken == refusedRefreshToken)
                .ExecuteUpdateAsync(set => set.SetProperty(l => l.Problem, GrantRevokedProblem), cancellationToken);
            await lease.LetGoAsync(runnerId, cancellationToken);
            return Record(kind, new(StepOutcome.Failed, Error: "grant revoked"));
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            activity?.SetStatus(ActivityStatusCode.Error, e.Message);
            var failures = await lease.BackOffAsync(link, attemptedAt, cancellationToken);
            LogStepFailed(logger, e, kind, runnerId, failures);
            return Record(kind, new(StepOutcome.Failed, Error: e.Message));
        }
        finally
        {
            notifier.Changed(runnerId); // imported, synced, paused or a problem: the link's status reads what the step left
        }
    }

    private static StepResult Record(string kind, StepResult result)
    {
        SyncTelemetry.Steps.Add(1, new KeyValuePair<string, object?>("kind", kind),
            new KeyValuePair<string, object?>("outcome", result.Outcome.ToString().ToLowerInvariant()));
        return result;
    }

    [LoggerMessage(LogLevel.Warning, "Strava sync step {Kind} for runner {RunnerId} failed ({Failures} in a row); it backs off")]
    private static partial void LogStepFailed(ILogger logger, Exception exception, string kind, string runnerId, int failures);

    [LoggerMessage(LogLevel.Information, "Strava no longer accepts the grant of runner {RunnerId}; syncing stops until they connect again")]
    private static partial void LogGrantRevoked(ILogger logger, string runnerId);
}
