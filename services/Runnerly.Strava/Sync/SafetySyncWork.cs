using Microsoft.EntityFrameworkCore;
using Runnerly.Strava.Model;

namespace Runnerly.Strava.Sync;

/// <summary>The safety syncs that are due (<see cref="RunnerSync.SyncRecentAsync"/>), the longest due first.</summary>
internal sealed class SafetySyncWork(IServiceScopeFactory scopes, TimeProvider clock) : LinkWork("sync", scopes, clock)
{
    public override bool IsLive => true;

    protected override IQueryable<StravaLink> WithWorkLeft(IQueryable<StravaLink> links) =>
        links.Where(LinkStates.Importing).Where(LinkStates.SyncScheduled);

    protected override IQueryable<StravaLink> DueNow(IQueryable<StravaLink> withWorkLeft, DateTimeOffset now) =>
        withWorkLeft.Where(LinkStates.DueForSync(now));

    protected override Task<DateTimeOffset?> ComesDueAsync(IQueryable<StravaLink> waiting, CancellationToken cancellationToken) =>
        waiting.MinAsync(l => l.NextSyncAt, cancellationToken);

    protected override IQueryable<StravaLink> InTurn(IQueryable<StravaLink> due) => due.OrderBy(l => l.NextSyncAt);

    protected override async Task StepAsync(IServiceProvider services, StravaLink link, CancellationToken cancellationToken) =>
        SyncTelemetry.RecordImported(await services.GetRequiredService<RunnerSync>().SyncRecentAsync(link, cancellationToken), "sync");
}
