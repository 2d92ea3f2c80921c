using Microsoft.EntityFrameworkCore;

using System.Text.Json;

namespace Runnerly.Training.Infrastructure;

/// <summary>
/// A runner's races or plans changed, <c>{"change":"plan"}</c> on <c>runnerly:training:{runnerId}</c>: they joined or
/// left a race, a race they joined was changed, a plan was made, re-planned or archived.
/// </summary>
public sealed class TrainingChangeNotifier(IServiceProvider services, ILogger<TrainingChangeNotifier> logger) : RunnerChangeNotices(Topic, services, logger)
{
    public const string Topic = "training";

    /// <summary>Queues the notice and returns at once.</summary>
    public void Changed(string runnerId, string change) => Publish(runnerId, JsonSerializer.Serialize(new { change }));

    /// <summary>A race changed: every runner who joined it hears it.</summary>
    public async Task RaceChangedAsync(TrainingDbContext db, Guid raceId, CancellationToken cancellationToken)
    {
        await foreach (var runnerId in db.Participations.Where(p => p.RaceId == raceId).Select(p => p.RunnerId).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            Changed(runnerId, "race");
        }
    }
}
