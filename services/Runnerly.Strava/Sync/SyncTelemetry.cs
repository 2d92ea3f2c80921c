using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Runnerly.Strava.Sync;

/// <summary>The worker's traces (<c>strava backfill|sync|webhook|disconnect</c>) and meters.</summary>
internal static class SyncTelemetry
{
    public const string Name = "Runnerly.Strava.Sync";

    public static readonly ActivitySource Tracing = new(Name);

    private static readonly Meter Metrics = new(Name);

    public static readonly Counter<long> ImportedRuns = Metrics.CreateCounter<long>("runnerly.strava.runs_imported", "{run}", "Runs imported from Strava.");

    public static readonly Counter<long> Steps = Metrics.CreateCounter<long>("runnerly.strava.sync_steps", "{step}", "Sync steps, by kind and outcome.");

    public static void RecordImported(int runs, string kind) => ImportedRuns.Add(runs, new KeyValuePair<string, object?>("kind", kind));
}
