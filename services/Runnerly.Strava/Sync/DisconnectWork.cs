using Runnerly.Strava.Model;

namespace Runnerly.Strava.Sync;

/// <summary>Disconnections the runner or Strava asked for and that are still to be completed, the oldest request first.</summary>
internal sealed class DisconnectWork(IServiceScopeFactory scopes, TimeProvider clock) : LinkWork("disconnect", scopes, clock)
{
    public override bool IsLive => true;

    protected override IQueryable<StravaLink> WithWorkLeft(IQueryable<StravaLink> links) => links.Where(LinkStates.Disconnecting);

    protected override IQueryable<StravaLink> InTurn(IQueryable<StravaLink> due) => due.OrderBy(l => l.DisconnectRequestedAt);

    protected override Task StepAsync(IServiceProvider services, StravaLink link, CancellationToken cancellationToken) =>
        services.GetRequiredService<Disconnection>().CompleteAsync(link, deleteImportedRuns: true, cancellationToken);
}
