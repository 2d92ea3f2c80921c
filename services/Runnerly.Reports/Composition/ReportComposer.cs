using System.Diagnostics;
using System.Text.Json;
using NodaTime;
using Runnerly.Reports.Clients;

namespace Runnerly.Reports.Composition;

/// <summary>A composed report: its figures, and the email (null when the runner gets nothing this month).</summary>
internal sealed record ComposedReport(ReportFigures Figures, RenderedReport Email)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string FiguresJson => JsonSerializer.Serialize(Figures, Json);
}

/// <summary>Reads a runner's month from the data and training services and makes the email of it.</summary>
internal sealed class ReportComposer(DataClient data, TrainingClient training, ReportLinkBuilder links, ReportsTelemetry telemetry)
{
    /// <summary>
    /// The report of <paramref name="month"/> as of <paramref name="now"/>, or null when the
    /// runner ran neither that month nor in the three before it.
    /// </summary>
    public async Task<ComposedReport?> ComposeAsync(string runnerId, YearMonth month, RunnerProfile profile, string? name, Instant now,
        CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var (from, to) = FigureBuilder.Window(month);
        var runsTask = data.RunsAsync(runnerId, from, to, cancellationToken);
        var trainingTask = training.MonthAsync(runnerId, month.Year, month.Month, cancellationToken);
        var runs = await runsTask;
        var trainingMonth = await trainingTask;
        telemetry.Stage("fetch", Stopwatch.GetElapsedTime(started));

        var today = now.InZone(ReportCalendar.Zone(profile.TimeZone)).Date;
        var figures = FigureBuilder.Build(month, runs, profile, name, trainingMonth, today);
        if (figures is null)
        {
            return null;
        }

        started = Stopwatch.GetTimestamp();
        var chart = figures.Kind == Model.ReportKind.Full ? ChartRenderer.Render(figures) : [];
        telemetry.Stage("chart", Stopwatch.GetElapsedTime(started));

        started = Stopwatch.GetTimestamp();
        var email = ReportRenderer.Render(figures, links.For(runnerId), chart);
        telemetry.Stage("render", Stopwatch.GetElapsedTime(started));
        return new ComposedReport(figures, email);
    }
}
