using System.Globalization;
using System.Text.Json;
using Runnerly.Web.Clients;

namespace Runnerly.Web.Formatting;

/// <summary>What a chart shows: labels, one series of values (null where there were no runs), in the runner's units.</summary>
public sealed record ChartSeries(string Type, string Label, IReadOnlyList<string> Labels, IReadOnlyList<double?> Values, string Unit)
{
    /// <summary>The chart as the page's script reads it from the canvas's <c>data-chart</c> attribute.</summary>
    public string Json() => JsonSerializer.Serialize(new { type = Type, label = Label, labels = Labels, values = Values, unit = Unit });
}

/// <summary>Charts from the data service's period totals.</summary>
public static class ChartData
{
    private static readonly CultureInfo Culture = CultureInfo.InvariantCulture;

    public static ChartSeries WeeklyDistance(Stats weeks, string units) => new("bar", $"Distance per week ({RunFormat.Unit(units)})",
        weeks.Periods.Select(p => p.Start.ToString("d MMM", Culture)).ToList(),
        weeks.Periods.Select(p => (double?)Math.Round(p.DistanceMeters / RunFormat.UnitMeters(units), 1)).ToList(), RunFormat.Unit(units));

    public static ChartSeries MonthlyDistance(Stats months, string units) => new("bar", $"Distance per month ({RunFormat.Unit(units)})",
        months.Periods.Select(p => p.Start.ToString("MMM yy", Culture)).ToList(),
        months.Periods.Select(p => (double?)Math.Round(p.DistanceMeters / RunFormat.UnitMeters(units), 1)).ToList(), RunFormat.Unit(units));

    /// <summary>Average pace per week, in seconds per km or mile; weeks without runs are gaps, not zeros.</summary>
    public static ChartSeries PaceTrend(Stats weeks, string units) => new("pace", $"Average pace (min/{RunFormat.Unit(units)})",
        weeks.Periods.Select(p => p.Start.ToString("d MMM", Culture)).ToList(),
        weeks.Periods.Select(p => p.Count == 0 ? null : RunFormat.PaceSeconds(p.DistanceMeters, p.MovingTimeSeconds, units)).ToList(), RunFormat.Unit(units));
}
