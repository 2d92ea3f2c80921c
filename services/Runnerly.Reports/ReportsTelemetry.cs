using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Runnerly.Reports;

/// <summary>
/// The reports' traces and metrics: a trace per sweep (or developer command) with a span per
/// report under it; counts of sent, failed and skipped reports by reason; durations per report
/// and per stage (data fetch, chart, render, send).
/// </summary>
public sealed class ReportsTelemetry : IDisposable
{
    public const string Name = "Runnerly.Reports";

    public static readonly ActivitySource Source = new(Name);

    private readonly Meter _meter;

    public ReportsTelemetry(IMeterFactory meters)
    {
        _meter = meters.Create(Name);
        Sent = _meter.CreateCounter<long>("runnerly.reports.sent", description: "Reports the mail server accepted.");
        Failed = _meter.CreateCounter<long>("runnerly.reports.failed", description: "Reports given up, by reason (recipient refused, data unreadable, retries exhausted).");
        Skipped = _meter.CreateCounter<long>("runnerly.reports.skipped", description: "Reports not sent on purpose, by reason (opted out, no confirmed email, inactive, no account).");
        Retried = _meter.CreateCounter<long>("runnerly.reports.retried", description: "Temporary failures that will be retried.");
        Queued = _meter.CreateCounter<long>("runnerly.reports.queued", description: "Reports created by sweeps and commands.");
        Duration = _meter.CreateHistogram<double>("runnerly.reports.duration", unit: "s", description: "Time to handle one report, by outcome.");
        StageDuration = _meter.CreateHistogram<double>("runnerly.reports.stage.duration", unit: "s", description: "Time per report in each stage: fetch, chart, render, send.");
    }

    public Counter<long> Sent { get; }

    public Counter<long> Failed { get; }

    public Counter<long> Skipped { get; }

    public Counter<long> Retried { get; }

    public Counter<long> Queued { get; }

    public Histogram<double> Duration { get; }

    public Histogram<double> StageDuration { get; }

    public void Stage(string stage, TimeSpan elapsed) => StageDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("stage", stage));

    public void Dispose() => _meter.Dispose();
}
