using Microsoft.EntityFrameworkCore;
using Runnerly.Strava.Infrastructure;
using Runnerly.Strava.Model;

namespace Runnerly.Strava.Sync;

/// <summary>
/// Work done link by link: the links it is due on that nobody holds, taking turns in the kind's
/// order, each step under the link's lease (<see cref="LinkStep"/>).
/// </summary>
internal abstract class LinkWork(string kind, IServiceScopeFactory scopes, TimeProvider clock) : SyncWork
{
    /// <summary>Links with work of this kind left, now or later, held or backing off or not.</summary>
    protected abstract IQueryable<StravaLink> WithWorkLeft(IQueryable<StravaLink> links);

    /// <summary>Of those, the ones whose work is due at <paramref name="now"/> (back-offs aside).</summary>
    protected virtual IQueryable<StravaLink> DueNow(IQueryable<StravaLink> withWorkLeft, DateTimeOffset now) => withWorkLeft;

    /// <summary>When work waiting on free links comes due by itself (not by a lease or back-off running out).</summary>
    protected virtual Task<DateTimeOffset?> ComesDueAsync(IQueryable<StravaLink> waiting, CancellationToken cancellationToken) =>
        Task.FromResult<DateTimeOffset?>(null);

    protected abstract IQueryable<StravaLink> InTurn(IQueryable<StravaLink> due);

    /// <summary>One step on a link the caller holds, with the services of the step's own scope.</summary>
    protected abstract Task StepAsync(IServiceProvider services, StravaLink link, CancellationToken cancellationToken);

    public override async Task<WorkPass> RunAsync(CancellationToken cancellationToken)
    {
        do
        {
            var due = await DueRunnersAsync(cancellationToken);
            if (due.Count == 0)
            {
                return WorkPass.NothingDue;
            }

            foreach (var runnerId in due)
            {
                await using var scope = scopes.CreateAsyncScope();
                var services = scope.ServiceProvider;
                var result = await services.GetRequiredService<LinkStep>().RunAsync(kind, runnerId, links => Due(links, clock.GetUtcNow()),
                    link => StepAsync(services, link, cancellationToken), cancellationToken);
                if (result.BlockedUntil is { } blockedUntil)
                {
                    return WorkPass.Blocked(blockedUntil);
                }
            }
        }
        while (IsLive);

        return WorkPass.RoundDone;
    }

    public override async Task<DateTimeOffset?> NextDueAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var withWorkLeft = WithWorkLeft(scope.ServiceProvider.GetRequiredService<StravaDbContext>().Links);
        return Earliest(await LinkLease.WhenFreeAgainAsync(withWorkLeft, now, cancellationToken),
            await ComesDueAsync(withWorkLeft.Where(LinkStates.Free(now)).Where(LinkStates.NotBackingOff(now)), cancellationToken));
    }

    private IQueryable<StravaLink> Due(IQueryable<StravaLink> links, DateTimeOffset now) =>
        DueNow(WithWorkLeft(links).Where(LinkStates.NotBackingOff(now)), now);

    private async Task<List<string>> DueRunnersAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var now = clock.GetUtcNow();
        var free = scope.ServiceProvider.GetRequiredService<StravaDbContext>().Links.Where(LinkStates.Free(now));
        return await InTurn(Due(free, now)).Select(l => l.RunnerId).Take(Batch).ToListAsync(cancellationToken);
    }
}
