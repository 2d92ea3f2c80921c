using Runnerly.Strava.Model;

namespace Runnerly.Strava.Sync;

/// <summary>
/// Histories still being imported: one page per runner per round (<see cref="RunnerSync.BackfillPageAsync"/>),
/// the runner with the fewest pages first, so a runner who just linked sees their latest runs at once.
/// </summary>
internal sealed class BackfillWork(IServiceScopeFactory scopes, TimeProvider clock) : LinkWork("backfill", scopes, clock)
{
    public override bool IsLive => false;

    protected override IQueryable<StravaLink> WithWorkLeft(IQueryable<StravaLink> links) =>
        links.Where(LinkStates.Importing).Where(LinkStates.BackfillNotComplete);

    protected override IQueryable<StravaLink> InTurn(IQueryable<StravaLink> due) => due.OrderBy(l => l.BackfillPages).ThenBy(l => l.LinkedAt);

    protected override async Task StepAsync(IServiceProvider services, StravaLink link, CancellationToken cancellationToken) =>
        SyncTelemetry.RecordImported(await services.GetRequiredService<RunnerSync>().BackfillPageAsync(link, cancellationToken), "backfill");
}
