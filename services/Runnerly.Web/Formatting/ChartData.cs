using System.Globalization;
using System.Text.Json;
using Runnerly.Web.Clients;

namespace Runnerly.Web.Formatting;

/// <summary>
/// What a chart shows: labels and one or more lines or bars of values (null where there is nothing, said as
/// <paramref name="Missing"/> in the table for screen readers), in the runner's units.
/// </summary>
public sealed record ChartSeries(string Type, string Label, IReadOnlyList<string> Labels, IReadOnlyList<ChartDataset> Datasets, string Unit, string Missing = "no runs")
{
    public ChartSeries(string type, string label, IReadOnlyList<string> labels, IReadOnlyList<double?> values, string unit)
        : this(type, label, labels, [new ChartDataset(label, values)], unit)
    {
    }

    /// <summary>The chart as the page's script reads it from the canvas's <c>data-chart</c> attribute.</summary>
    public string Json() => JsonSerializer.Serialize(new
    {
        type = Type,
        label = Label,
        labels = Labels,
        unit = Unit,
        datasets = Datasets.Select(d => new { label = d.Label, values = d.Values }),
    });
}

public sealed record ChartDataset(string Label, IReadOnlyList<double?> Values);

/// <summary>Charts from the data service's period totals and the training service's fitness.</summary>
public static class ChartData
{
    private static readonly CultureInfo Culture = CultureInfo.InvariantCulture;

    public static ChartSeries WeeklyDistance(Stats weeks, string units) => new("bar", $"Distance per week ({RunFormat.Unit(units)})",
        weeks.Periods.Select(p => p.Start.ToString("d MMM", Culture)).ToList(),
        weeks.Periods.Select(p => (double?)Math.Round(p.DistanceMeters / RunFormat.UnitMeters(units), 1)).ToList(), RunFormat.Unit(units));

    /// <summary>Months labelled "Jan 2026": "Jan 26" reads as the 26th of January.</summary>
    public static ChartSeries MonthlyDistance(Stats months, string units) => new("bar", $"Distance per month ({RunFormat.Unit(units)})",
        months.Periods.Select(p => p.Start.ToString("MMM yyyy", Culture)).ToList(),
        months.Periods.Select(p => (double?)Math.Round(p.DistanceMeters / RunFormat.UnitMeters(units), 1)).ToList(), RunFormat.Unit(units));

    /// <summary>Average pace per week, in seconds per km or mile; weeks without runs are gaps, not zeros.</summary>
    public static ChartSeries PaceTrend(Stats weeks, string units) => new("pace", $"Average pace (min/{RunFormat.Unit(units)})",
        weeks.Periods.Select(p => p.Start.ToString("d MMM", Culture)).ToList(),
        weeks.Periods.Select(p => p.Count == 0 ? null : RunFormat.PaceSeconds(p.DistanceMeters, p.MovingTimeSeconds, units)).ToList(), RunFormat.Unit(units));

    /// <summary>Acute and chronic load and form over the last 90 days, as three lines.</summary>
    public static ChartSeries TrainingLoad(LoadSummary load)
    {
        var days = load.Series;
        return new ChartSeries("line", "Training load, last 90 days", days.Select(d => d.Date.ToString("d MMM", Culture)).ToList(),
        [
            new ChartDataset("Acute (7 days)", days.Select(d => (double?)d.Acute).ToList()),
            new ChartDataset("Chronic (42 days)", days.Select(d => (double?)d.Chronic).ToList()),
            new ChartDataset("Form", days.Select(d => (double?)d.Form).ToList()),
        ], "");
    }

    /// <summary>The best VDOT of each month; months without a run to tell are gaps.</summary>
    public static ChartSeries VdotTrend(IReadOnlyList<MonthlyVdot> months) => new("line", "VDOT by month",
        months.Select(m => DateOnly.ParseExact(m.Month + "-01", "yyyy-MM-dd", Culture).ToString("MMM yyyy", Culture)).ToList(),
        [new ChartDataset("VDOT", months.Select(m => m.Vdot).ToList())], "", "no estimate");
}
